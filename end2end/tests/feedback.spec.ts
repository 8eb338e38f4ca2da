// Feedback, first slice: a citizen reports a delay from their dossier page.
// A refused send names the field and loses nothing (the text is kept on the
// device across a reload); the receipt gives the national code, the unit
// and the due day; "my feedback" lists it.
import { test, expect, Browser, Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { expectNoAxeViolations, expectOneLanguage, fileDossier, GENERIC_PROCEDURE, signIn, switchLanguage } from './pages';

// The sender is a demo citizen no other browser test uses (one for each
// project, which run side by side), so the email address this test gives
// is not changed under another test's feet.
const SENDERS: Record<string, [string, string]> = {
  desktop: ['Phùng Thị Thu', 'thu.phanh@example.vn'],
  'phone-360': ['Hà Minh Sơn', 'son.phanh@example.vn'],
};

function mailsTo(address: string): { to: string[]; subject: string; body: string }[] {
  const file = process.env.SMTP_SINK_FILE;
  if (!file || !fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((m) => m.to.includes(address));
}

async function askForEmail(page: Page, email: string) {
  const session = await (await page.request.get('/api/session')).json();
  const r = await page.request.put('/api/me/profile', { headers: { 'x-csrf-token': session.csrf }, data: { email, notify_email: true } });
  expect(r.ok()).toBeTruthy();
}

test('a citizen reports a delay from their dossier page, the unit answers with its leader\'s approval, it is published redacted and found, the citizen is mailed, rates and closes it', async ({ page, browser, baseURL, viewport }, info) => {
  test.setTimeout(120_000);
  const [SENDER, EMAIL] = SENDERS[info.project.name];
  await signIn(page, SENDER, '/ca-nhan');
  await askForEmail(page, EMAIL);
  const code = await fileDossier(page);
  await page.goto(`/ca-nhan/ho-so/${code}`);
  await page.getByRole('link', { name: 'Phản ánh về việc giải quyết hồ sơ này' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gửi phản ánh, kiến nghị');
  await expect(page.getByText(`Về việc giải quyết hồ sơ ${code}.`)).toBeVisible();
  await expect(page.getByText(/Khiếu nại, tố cáo được giải quyết theo Luật Khiếu nại/)).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Phản ánh cách giải quyết/ })).toBeChecked();
  await expectNoAxeViolations(page);

  // Content without a title: refused at the field, the text kept even
  // across a reload.
  await page.getByLabel('Nội dung').fill('Đã quá ngày hẹn ba ngày mà hồ sơ chưa được xử lý.');
  await page.getByRole('button', { name: 'Gửi', exact: true }).click();
  await expect(page.locator('#fb-errors')).toBeFocused();
  await expect(page.locator('#fb-title-error')).toBeVisible();
  await expect(page.getByLabel('Tiêu đề')).toHaveAttribute('aria-invalid', 'true');
  await page.reload();
  await expect(page.getByLabel('Nội dung')).toHaveValue('Đã quá ngày hẹn ba ngày mà hồ sơ chưa được xử lý.');
  await page.getByLabel('Tiêu đề').fill('Hồ sơ quá hạn chưa có kết quả');
  // A paper uploaded here goes to the store, checked by content, and is attached.
  await page.getByLabel('Tải lên từ thiết bị').setInputFiles(path.join(__dirname, '..', 'fixtures', 'can-cuoc.png'));
  await expect(page.getByRole('checkbox', { name: 'can-cuoc.png' })).toBeChecked();
  await page.getByRole('button', { name: 'Gửi', exact: true }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đã gửi phản ánh, kiến nghị');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  const feedback = (await page.locator('.confirmation-panel .dossier-code').innerText()).trim();
  expect(feedback).toMatch(/^PAKN\.\d{8}\.\d{4}$/);
  await expect(page.locator('.confirmation-panel')).toContainText(/Ủy ban nhân dân Phường Ba Đình trả lời chậm nhất ngày \d{2}\/\d{2}\/20\d{2}\./);
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Phản ánh, kiến nghị của tôi' }).click();
  const item = page.locator('.card-list li', { hasText: feedback });
  await expect(item).toContainText('Hồ sơ quá hạn chưa có kết quả');
  await expect(item).toContainText('Đã nhận');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(page.viewportSize()!.width);
  await expectNoAxeViolations(page);
  // A new form starts empty: the sent text is no longer on the device.
  await page.goto('/ca-nhan/phan-anh/gui');
  await expect(page.getByLabel('Nội dung')).toHaveValue('');

  // The ward's counter officer takes it up and answers.
  const officer = await officerPage(browser, baseURL, viewport);
  await officer.getByRole('link', { name: 'Phản ánh, kiến nghị gửi đơn vị' }).click();
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText('Phản ánh, kiến nghị gửi đơn vị');
  const card = officer.locator('.card-list li', { hasText: feedback });
  await expect(card).toContainText(`Người gửi: ${SENDER}`);
  await expect(card.getByRole('link', { name: 'can-cuoc.png' })).toHaveAttribute('href', new RegExp(`/api/officer/feedback/${feedback.replace(/\./g, '\\.')}/attachments/`));
  // The unit's page in English too.
  await switchLanguage(officer, 'en');
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText('Feedback sent to your units');
  await expectNoAxeViolations(officer);
  await switchLanguage(officer, 'vi');
  const prefix = `fb-${feedback.replace(/\./g, '-')}`;
  // No step chosen: said at the field.
  await card.getByRole('button', { name: 'Thực hiện' }).click();
  await expect(officer.locator(`#${prefix}-step-error`)).toBeVisible();
  await card.getByLabel('Bước tiếp theo').selectOption({ label: 'Tiếp nhận xử lý' });
  await card.getByRole('button', { name: 'Thực hiện' }).click();
  await expect(card).toContainText('Đã tiếp nhận xử lý');
  await expectNoAxeViolations(officer);
  // The ward's answers go out once its leader approved them.
  await card.getByLabel('Bước tiếp theo').selectOption({ label: 'Trình lãnh đạo duyệt câu trả lời' });
  // One of the ward's templates fills the answer, which the officer edits.
  await card.getByLabel('Dùng mẫu câu trả lời của đơn vị').selectOption({ label: 'Hồ sơ đã có kết quả' });
  await expect(card.getByLabel(/^Nội dung/)).toHaveValue(/^Ủy ban nhân dân Phường Ba Đình trả lời như sau/);
  await card.getByLabel(/^Nội dung/).fill('Hồ sơ đã có kết quả, mời anh chị đến nhận.');
  await card.getByRole('button', { name: 'Thực hiện' }).click();
  await expect(card).toContainText('Chờ lãnh đạo duyệt');
  await officer.screenshot({ path: info.outputPath('officer-feedback.png'), fullPage: true });
  await officer.context().close();
  const leader = await officerPage(browser, baseURL, viewport, 'Bùi Thị Lan');
  await leader.getByRole('link', { name: 'Phản ánh, kiến nghị gửi đơn vị' }).click();
  // The ward's leader sees its rule and keeps its templates: a template
  // without a name is refused at the field; one with it is added, then
  // deleted.
  await leader.getByText('Quy tắc và mẫu câu trả lời của đơn vị').click();
  await expect(leader.getByLabel(/^Ủy ban nhân dân Phường Ba Đình: câu trả lời phải được lãnh đạo duyệt/)).toBeChecked();
  const tpl = `Mẫu thử ${info.project.name}`;
  await leader.getByLabel('Nội dung mẫu').fill('Cảm ơn bạn đã góp ý; phường sẽ xem xét và trả lời.');
  await leader.getByRole('button', { name: 'Thêm mẫu' }).click();
  await expect(leader.locator('#fbt-errors')).toBeFocused();
  await expect(leader.locator('#fbt-title-error')).toBeVisible();
  await expect(leader.getByLabel('Nội dung mẫu')).toHaveValue('Cảm ơn bạn đã góp ý; phường sẽ xem xét và trả lời.');
  await leader.getByLabel('Tên mẫu').fill(tpl);
  await leader.getByRole('button', { name: 'Thêm mẫu' }).click();
  await expect(leader.getByRole('status').filter({ hasText: tpl })).toBeVisible();
  await expect(leader.locator('.rules .card-list li', { hasText: tpl })).toBeVisible();
  await expectNoAxeViolations(leader);
  leader.once('dialog', (d) => d.accept());
  await leader.getByRole('button', { name: `Xóa mẫu “${tpl}”` }).click();
  await expect(leader.locator('.rules .card-list li', { hasText: tpl })).toHaveCount(0);
  const waiting = leader.locator('.card-list li', { hasText: feedback });
  await expect(waiting.getByRole('region', { name: 'Câu trả lời chờ duyệt' })).toContainText('Hồ sơ đã có kết quả');
  await waiting.getByLabel('Bước tiếp theo').selectOption({ label: 'Duyệt và gửi câu trả lời' });
  await waiting.getByRole('button', { name: 'Thực hiện' }).click();
  await expect(waiting).toContainText('Đã trả lời');
  await expectNoAxeViolations(leader);

  // The leader publishes it: previews what the public will read, with a
  // phrase masked by hand, then publishes exactly that.
  await waiting.getByText('Công bố câu hỏi và câu trả lời').click();
  await waiting.getByLabel('Che thêm (mỗi dòng một từ hoặc cụm từ)').fill('ba ngày');
  await waiting.getByRole('button', { name: 'Xem trước' }).click();
  const preview = waiting.getByRole('region', { name: 'Bản sẽ công bố' });
  await expect(preview).toContainText('Hồ sơ quá hạn chưa có kết quả');
  await expect(preview).toContainText('Đã quá ngày hẹn [đã che] mà hồ sơ chưa được xử lý.');
  await expect(preview).not.toContainText(SENDER);
  await expectNoAxeViolations(leader);
  await waiting.getByRole('button', { name: 'Công bố bản này' }).click();
  await expect(waiting.getByRole('link', { name: 'Xem trang công khai' })).toBeVisible();
  await leader.screenshot({ path: info.outputPath('officer-publish.png'), fullPage: true });
  await leader.context().close();

  // Anyone finds it by everyday words typed without diacritics, and reads
  // the masked question and the answer, in either language.
  const visitor = await (await browser.newContext({ baseURL, viewport: viewport ?? undefined })).newPage();
  await visitor.goto('/phan-anh-kien-nghi');
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Phản ánh, kiến nghị đã được trả lời');
  await visitor.getByLabel('Tìm trong câu hỏi và câu trả lời').fill('qua han chua co ket qua');
  await visitor.locator('main').getByRole('button', { name: 'Tìm', exact: true }).click();
  await expect(visitor).toHaveURL(/\?q=qua%20han/);
  const hit = visitor.locator('.card-list li', { hasText: feedback });
  await expect(hit).toContainText('Hồ sơ quá hạn chưa có kết quả');
  await expect(hit).toContainText('Ủy ban nhân dân Phường Ba Đình');
  await expect(visitor.locator('main')).not.toContainText(SENDER);
  await expectNoAxeViolations(visitor);
  await hit.getByRole('link', { name: 'Hồ sơ quá hạn chưa có kết quả' }).click();
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Hồ sơ quá hạn chưa có kết quả');
  await expect(visitor.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(visitor.locator('main')).toContainText('[đã che]');
  await expect(visitor.locator('main')).not.toContainText('ba ngày');
  await expect(visitor.getByRole('region', { name: 'Trả lời của Ủy ban nhân dân Phường Ba Đình' })).toContainText('Hồ sơ đã có kết quả');
  const narrow = await visitor.evaluate(() => document.documentElement.scrollWidth);
  expect(narrow).toBeLessThanOrEqual(visitor.viewportSize()!.width);
  await expectNoAxeViolations(visitor);
  await visitor.screenshot({ path: info.outputPath('public-feedback.png'), fullPage: true });
  await switchLanguage(visitor, 'en');
  await expect(visitor.getByRole('heading', { level: 2, name: /^Answer from/ })).toBeVisible();
  await expectOneLanguage(visitor, 'en published feedback');
  await expectNoAxeViolations(visitor);
  await visitor.goto('/phan-anh-kien-nghi?q=qua%20han&loai=report');
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Answered feedback and petitions');
  await expect(visitor.locator('.card-list li', { hasText: feedback })).toBeVisible();
  await expectOneLanguage(visitor, 'en published list');
  await expectNoAxeViolations(visitor);
  // The procedure's page leads to the answers published about it (the
  // feedback was sent about a dossier of that procedure).
  await visitor.goto(`/thu-tuc/${GENERIC_PROCEDURE}`);
  await visitor.getByRole('link', { name: 'Answered feedback about this procedure' }).click();
  await expect(visitor).toHaveURL(new RegExp(`/phan-anh-kien-nghi\\?thu-tuc=${GENERIC_PROCEDURE}`));
  await expect(visitor.locator('.card-list li', { hasText: feedback })).toBeVisible();
  await expect(visitor.locator('.chips')).toContainText(GENERIC_PROCEDURE);
  await expectNoAxeViolations(visitor);
  await visitor.context().close();
  // The citizen was told in the portal, and by email with the answer in
  // full (never the draft sent for approval).
  await expect.poll(async () => {
    const notes = await (await page.request.get('/api/me/notifications')).json();
    return notes.filter((n: { dossier: string }) => n.dossier === feedback).map((n: { feedback: string }) => n.feedback);
  }).toContain('answered');
  await expect.poll(() => mailsTo(EMAIL).filter((m) => m.subject.includes(feedback) && m.subject.includes('Đã trả lời')).length, { timeout: 20_000 }).toBe(1);
  const answered = mailsTo(EMAIL).find((m) => m.subject.includes(feedback) && m.subject.includes('Đã trả lời'))!;
  expect(answered.body).toContain('Hồ sơ đã có kết quả, mời anh chị đến nhận.');
  await expect.poll(() => mailsTo(EMAIL).filter((m) => m.subject === `Phản ánh ${feedback}: Đã công khai câu hỏi và câu trả lời`).length, { timeout: 20_000 }).toBe(1);

  // The citizen reads the answer and closes it.
  await page.goto('/ca-nhan/phan-anh');
  const mine = page.locator('.card-list li', { hasText: feedback });
  await expect(mine.getByRole('region', { name: `Câu trả lời · ${feedback}`, exact: true })).toContainText('Hồ sơ đã có kết quả');
  // Rated: satisfied.
  await mine.getByLabel('Bước tiếp theo').selectOption({ label: 'Đánh giá câu trả lời' });
  await mine.getByLabel('Hài lòng với câu trả lời').check();
  await expectNoAxeViolations(page);
  await mine.getByRole('button', { name: 'Thực hiện' }).click();
  await expect(mine).toContainText('Đánh giá của người gửi: Hài lòng với câu trả lời');
  await mine.getByLabel('Bước tiếp theo').selectOption({ label: 'Đã được giải quyết: kết thúc' });
  await mine.getByRole('button', { name: 'Thực hiện' }).click();
  await expect(mine).toContainText('Đã kết thúc');
  await expect(mine.getByRole('button', { name: 'Thực hiện' })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

async function officerPage(browser: Browser, baseURL: string | undefined, viewport: { width: number; height: number } | null, name = 'Lê Văn Cường') {
  const context = await browser.newContext({ baseURL, viewport: viewport ?? undefined });
  const page = await context.newPage();
  await signIn(page, name, '/can-bo');
  return page;
}
