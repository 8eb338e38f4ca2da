// An officer accepts a dossier and asks once for a missing document; the
// citizen sees the request, answers from their document store; the officer
// processes it and finishes with a result; the citizen sees the timeline,
// receives the emails, finds the result in the store, rates the service;
// anyone with the code and the last 4 ID digits can look it up.
import { test, expect, Page, Browser } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { citizenFor, expectNoAxeViolations, fileDossier, signIn } from './pages';

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);
const OFFICER = 'Lê Văn Cường';

async function api(page: Page) {
  const session = await (await page.request.get('/api/session')).json();
  return { 'x-csrf-token': session.csrf };
}

async function newPage(browser: Browser, baseURL: string | undefined, viewport: { width: number; height: number } | null) {
  const context = await browser.newContext({ baseURL, viewport: viewport ?? undefined });
  return context.newPage();
}

function mailsTo(address: string) {
  const file = process.env.SMTP_SINK_FILE;
  if (!file || !fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((m) => m.to.includes(address));
}

test('officer processes, citizen answers the supplement, receives mail and the result, and rates', async ({ page, browser, baseURL, viewport }, info) => {
  test.setTimeout(120_000);
  const citizen = citizenFor(info);
  const email = `${info.project.name}.${Date.now()}@example.vn`;
  const idTail = citizen === 'Nguyễn Văn An' ? '2345' : '4321';

  // The citizen asks for email notifications, keeps a document in the store, and files a dossier.
  await signIn(page, citizen, '/ca-nhan/thong-tin');
  await page.getByLabel('Thư điện tử', { exact: true }).fill(email);
  await page.getByLabel('Qua thư điện tử').check();
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Đã lưu/ })).toBeVisible();
  const headers = await api(page);
  const stored = await page.request.post('/api/me/documents?name=can-cuoc.png&kind=C%C4%83n%20c%C6%B0%E1%BB%9Bc', {
    headers: { ...headers, 'content-type': 'image/png' },
    data: fs.readFileSync(fixture('can-cuoc.png')),
  });
  expect(stored.ok()).toBeTruthy();
  const code = await fileDossier(page);

  // The officer finds it in the commune's queue, accepts it, and asks once for what is missing.
  const officer = await newPage(browser, baseURL, viewport);
  await signIn(officer, OFFICER, '/can-bo');
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText('Hồ sơ cần xử lý');
  // Only the tab shown is the current one.
  await expect(officer.locator('.queue-tabs [aria-current="page"]')).toHaveCount(1);
  await expect(officer.locator('.queue-tabs [aria-current="page"]')).toContainText('Mới');
  // A search that finds nothing says so, and what to try.
  await officer.getByLabel('Tìm theo mã hồ sơ hoặc tên người nộp').fill('không có ai tên này');
  await officer.getByRole('button', { name: 'Tìm kiếm' }).click();
  await expect(officer.getByText('Không tìm thấy hồ sơ nào khớp “không có ai tên này”')).toBeVisible();
  await officer.getByLabel('Tìm theo mã hồ sơ hoặc tên người nộp').fill(code);
  await officer.getByRole('button', { name: 'Tìm kiếm' }).click();
  await officer.getByRole('link', { name: code }).click();
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText(`Hồ sơ ${code}`);
  await expect(officer.getByRole('heading', { level: 1 })).toBeFocused();
  // The declaration as filed, worded by its form.
  const declaration = officer.getByRole('region', { name: 'Nội dung tờ khai' });
  await expect(declaration).toContainText('0912345678');
  await expect(declaration).toContainText('Số 1 Hoàng Hoa Thám, Phường Ba Đình, Thành phố Hà Nội');
  await expectNoAxeViolations(officer);
  // The expected next step is the main button; refusing is set apart.
  await expect(officer.getByRole('button', { name: 'Tiếp nhận', exact: true })).not.toHaveClass(/secondary/);
  await expect(officer.getByRole('button', { name: 'Từ chối tiếp nhận' })).toHaveClass(/secondary destructive/);
  await officer.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
  await officer.getByRole('button', { name: 'Xác nhận: Tiếp nhận' }).click();
  await expect(officer.locator('#page-notice')).toHaveText('Đã thực hiện “Tiếp nhận”. Trạng thái: Đã tiếp nhận, chờ giải quyết.');
  await officer.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
  await officer.getByRole('button', { name: 'Xác nhận: Yêu cầu bổ sung' }).click();
  // Nothing listed: the error summary takes focus and names the field.
  await expect(officer.locator('#step-errors')).toBeFocused();
  await expect(officer.locator('#step-errors')).toContainText('Cần điền thông tin này.');
  // …and the field says what to do.
  await expect(officer.locator('#step-items-error')).toHaveText('Liệt kê ít nhất một giấy tờ cần bổ sung, mỗi giấy tờ một dòng.');
  await expect(officer.getByLabel('Các giấy tờ cần bổ sung')).toHaveAttribute('aria-invalid', 'true');
  await officer.getByLabel('Các giấy tờ cần bổ sung').fill('Bản chụp căn cước của người nộp');
  await expectNoAxeViolations(officer);
  await officer.getByRole('button', { name: 'Xác nhận: Yêu cầu bổ sung' }).click();
  await expect(officer.locator('#page-notice')).toContainText('Cần bổ sung giấy tờ');

  // The citizen is told (badge, then the page) and answers from the store.
  await page.goto(`/ca-nhan/ho-so/${code}`);
  await expect(page.getByRole('button', { name: new RegExp(`Tài khoản: ${citizen}, \\d+ thông báo chưa đọc`) })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Cơ quan đề nghị bổ sung hồ sơ' })).toBeVisible();
  await expect(page.locator('.supplement-items')).toHaveText('Bản chụp căn cước của người nộp');
  await expect(page.locator('.status-panel')).toContainText('Tạm dừng tính thời gian');
  await expectNoAxeViolations(page);
  // The one question about the online form, asked once.
  await page.getByRole('group', { name: 'Mức độ hài lòng với biểu mẫu trực tuyến' }).getByLabel('Rất hài lòng', { exact: true }).check();
  await page.getByRole('button', { name: 'Gửi đánh giá biểu mẫu' }).click();
  await expect(page.getByRole('heading', { name: 'Bạn thấy biểu mẫu trực tuyến thế nào?' })).toHaveCount(0);
  await page.getByLabel(/^can-cuoc\.png/).check();
  await page.getByRole('button', { name: 'Gửi bổ sung' }).click();
  await expect(page.locator('#page-notice')).toHaveText('Đã gửi bổ sung. Hồ sơ đã chuyển lại cho cơ quan xử lý.');
  await expect(page.locator('#page-notice')).toBeFocused();
  await expect(page.locator('.status-panel .dossier-status')).toHaveText('Đã tiếp nhận, chờ giải quyết');

  // The officer processes it and finishes with the result file.
  await officer.reload();
  const supplied = officer.getByRole('listitem').filter({ hasText: 'Giấy tờ bổ sung: can-cuoc.png' });
  await expect(supplied).toBeVisible();
  // The officer opens what the citizen sent (a new tab in the browser).
  const opened = await officer.request.get((await supplied.getByRole('link').getAttribute('href'))!);
  expect(opened.headers()['content-type']).toBe('image/png');
  await officer.getByRole('button', { name: 'Chuyển xử lý', exact: true }).click();
  await officer.getByRole('button', { name: 'Xác nhận: Chuyển xử lý' }).click();
  await expect(officer.locator('#page-notice')).toContainText('Đang giải quyết');
  await officer.getByLabel('Tải lên kết quả giải quyết (PDF, JPEG, PNG)').setInputFiles(fixture('to-khai.pdf'));
  await expect(officer.getByText('Đã có tệp kết quả: to-khai.pdf')).toBeVisible();
  await officer.getByRole('button', { name: 'Đã xử lý xong', exact: true }).click();
  await officer.getByRole('button', { name: 'Xác nhận: Đã xử lý xong' }).click();
  await expect(officer.locator('#page-notice')).toContainText('Trạng thái: Đã có kết quả, chờ trả');

  // The citizen sees every step, downloads the result from the store, and rates.
  await page.reload();
  await expect(page.locator('.status-panel .dossier-status')).toHaveText('Đã có kết quả, chờ trả');
  const steps = page.locator('.timeline > li');
  await expect(steps).toHaveCount(6);
  await expect(steps.nth(2)).toContainText('Yêu cầu bổ sung hồ sơ');
  await expect(steps.nth(2)).toContainText(`${OFFICER} — Ủy ban nhân dân Phường Ba Đình`);
  await expect(page.locator('.status-panel')).toContainText('Đúng hạn');
  const resultLink = page.getByRole('link', { name: 'Xem, tải kết quả: to-khai.pdf' });
  await expect(resultLink).toBeVisible();
  const download = await page.request.get((await resultLink.getAttribute('href'))!);
  expect(download.ok()).toBeTruthy();
  expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await page.getByRole('group', { name: 'Mức độ hài lòng chung' }).getByLabel('Hài lòng', { exact: true }).check();
  await page.getByLabel('Ý kiến góp ý (không bắt buộc)').fill('Cán bộ hướng dẫn rõ ràng.');
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await expect(page.getByText('Cảm ơn bạn đã đánh giá.')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto('/ca-nhan/giay-to');
  await expect(page.locator('.documents li').filter({ hasText: 'Kết quả:' })).toContainText('to-khai.pdf');

  // One email per status change, to the address the citizen gave (other
  // tests may file other dossiers for the same person meanwhile).
  await expect.poll(() => mailsTo(email).map((m) => m.subject).filter((s) => s.includes(code)), { timeout: 20_000 }).toEqual([
    `Hồ sơ ${code}: Đã nộp, chờ tiếp nhận`,
    `Hồ sơ ${code}: Đã tiếp nhận, chờ giải quyết`,
    `Hồ sơ ${code}: Cần bổ sung giấy tờ`,
    `Hồ sơ ${code}: Đã tiếp nhận, chờ giải quyết`,
    `Hồ sơ ${code}: Đang giải quyết`,
    `Hồ sơ ${code}: Đã có kết quả, chờ trả`,
  ]);

  // Anyone with the code and the last four ID digits sees the status, no more.
  const visitor = await newPage(browser, baseURL, viewport);
  await visitor.goto(`/tra-cuu-ho-so/${code}`);
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Tra cứu hồ sơ');
  await visitor.getByLabel('4 số cuối số định danh cá nhân').fill('0000');
  await visitor.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(visitor.getByText('Không tìm thấy hồ sơ với mã và 4 số cuối này')).toBeVisible();
  // The code's format is shown, and a code typed in small letters is found.
  await expect(visitor.locator('#lookup-code-hint')).toContainText('000.00.01.H29-261204-0001');
  await visitor.getByLabel('Mã hồ sơ').fill(code.toLowerCase());
  await visitor.getByLabel('4 số cuối số định danh cá nhân').fill(idTail);
  await visitor.getByRole('button', { name: 'Tra cứu' }).click();
  await expect(visitor.locator('.lookup-result .dossier-status')).toHaveText('Đã có kết quả, chờ trả');
  await expect(visitor.locator('.lookup-result')).not.toContainText(citizen);
  await expectNoAxeViolations(visitor);

  // Administrators read every officer action.
  const admin = await newPage(browser, baseURL, viewport);
  await signIn(admin, 'Hoàng Quốc Em', '/can-bo/nhat-ky');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Nhật ký thao tác của cán bộ');
  const logged = admin.getByRole('row').filter({ hasText: code });
  // In words, never the codes underneath.
  await expect(logged.filter({ hasText: 'Yêu cầu bổ sung hồ sơ' })).toHaveCount(1);
  await expect(logged.filter({ hasText: 'Mở giấy tờ của hồ sơ' })).toHaveCount(1);
  await expect(logged.filter({ hasText: 'Tải lên tệp kết quả' })).toHaveCount(1);
  await expect(admin.getByRole('table')).not.toContainText(/request_supplement|view_document|upload_result|bytes| -> /);
  await expect(logged.first()).toContainText(OFFICER);
  await expectNoAxeViolations(admin);
});

test('withdrawing is a secondary action that asks first, and "no" keeps the dossier', async ({ page }, info) => {
  await signIn(page, citizenFor(info), '/');
  const code = await fileDossier(page);
  await page.goto(`/ca-nhan/ho-so/${code}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hồ sơ ${code}`);
  // Opened later (not straight after submitting), there is no confirmation panel.
  await expect(page.locator('.confirmation-panel')).toHaveCount(0);
  const start = page.getByRole('button', { name: 'Rút hồ sơ này' });
  // Not styled as the main action: a light button with a dark border.
  const bg = await start.evaluate((b) => getComputedStyle(b).backgroundColor);
  expect(bg).toBe('rgb(255, 255, 255)');
  await start.click();
  const question = page.locator('#withdraw-question');
  await expect(question).toHaveText('Bạn chắc chắn muốn rút hồ sơ này? Việc rút hồ sơ không thể hoàn tác.');
  await expect(question).toBeFocused();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Không, giữ hồ sơ' }).click();
  await expect(start).toBeFocused();
  await expect(page.locator('.dossier-status').first()).toHaveText('Đã nộp, chờ tiếp nhận');
  await start.click();
  await page.getByRole('button', { name: 'Có, rút hồ sơ' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã rút hồ sơ.' })).toBeVisible();
  await expect(page.locator('.dossier-status').first()).not.toHaveText('Đã nộp, chờ tiếp nhận');
  await expect(page.getByRole('button', { name: 'Rút hồ sơ này' })).toHaveCount(0);
});
