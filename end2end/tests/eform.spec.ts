// A citizen fills the birth-registration e-form with what the state knows
// prefilled, uploads a photo once, checks the answers, submits and gets a
// receipt; a second procedure reuses the photo from the document store.
import { test, expect, Locator, Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { citizenFor, expectNoAxeViolations, signIn, walkEveryErrorOfForm } from './pages';

const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`);
const next = (page: Page) => page.getByRole('button', { name: 'Lưu và tiếp tục' }).click();

test('birth registration: prefilled form, upload, check, submit, receipt', async ({ page }, info) => {
  test.setTimeout(90_000);
  const name = citizenFor(info);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  // Requests refused while the test holds the browser offline are expected.
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('status of 4') && !m.text().includes('ERR_INTERNET_DISCONNECTED')) problems.push(m.text()); });
  await signIn(page, name, '/thu-tuc/1.001193');
  // Any draft left from an earlier run of this account starts afresh.
  await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
  // Each section has its own address.
  await expect(page).toHaveURL(/\/nop-ho-so\/1\.001193\?ban-nhap=[^&]+&phan=requester$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Người yêu cầu');
  await expect(page.getByText('Bước 1/5')).toBeVisible();
  // The form is named as its paper declaration is.
  await expect(page.locator('.form-procedure')).toHaveText('Tờ khai đăng ký khai sinh');
  // Prefilled from the national identity, and not editable.
  await expect(byId(page, 'requester_name')).toHaveValue(name);
  await expect(byId(page, 'requester_name')).toHaveAttribute('readonly', '');
  await expect(byId(page, 'requester_id')).toHaveValue(/^\d{12}$/);
  await expectNoAxeViolations(page);

  // Nothing chosen yet: the summary takes focus and names what is missing.
  await byId(page, 'phone').fill('');
  await next(page);
  const summary = page.locator('#error-summary');
  await expect(summary).toBeFocused();
  // Each line names its field and says what to do, in the order of the page.
  // The phone, left empty, is not among them: it is optional.
  await expect(summary.locator('li')).toHaveText(['Chọn quan hệ với người được khai sinh']);
  await expectNoAxeViolations(page);
  await page.getByRole('radio', { name: 'Cha', exact: true }).check();
  // A long line shows what is left of its limit, and says when it is over.
  const street = byId(page, 'residence.street');
  const before = await street.inputValue();
  await street.fill('x'.repeat(195));
  await expect(byId(page, 'residence.street-count')).toHaveText('Còn 5 / 200 ký tự');
  await street.fill('x'.repeat(201));
  await expect(byId(page, 'residence.street-count')).toHaveText('Quá 1 ký tự; hãy rút gọn');
  expect(await byId(page, 'residence.street-count').evaluate((e) => getComputedStyle(e).color)).toBe('rgb(176, 0, 32)');
  await street.fill(before);
  // No declaration asks for a phone number: it is offered as optional.
  await expect(page.locator('label[for="phone"]')).toContainText('(không bắt buộc)');
  await byId(page, 'phone').fill('0912345678');
  await next(page);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Người được khai sinh');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await byId(page, 'child.name').fill('Nguyễn Minh Khang');
  // A reload in the middle loses nothing.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await expect(byId(page, 'child.name')).toHaveValue('Nguyễn Minh Khang');
  await byId(page, 'child.birth_date').fill('2026-11-01');
  await page.locator('[name="child.sex"][value="nam"]').check();
  // A newborn has no personal ID yet: sex, ethnic group and nationality are
  // asked, all required, the last two chosen from the official lists.
  await expect(byId(page, 'child.ethnicity').locator('option').nth(1)).toHaveText('Kinh');
  await expect(byId(page, 'child.nationality').locator('option').nth(1)).toHaveText('Việt Nam');
  await expect(page.locator('label[for="child.ethnicity"]')).not.toContainText('không bắt buộc');
  await byId(page, 'child.ethnicity').selectOption('Kinh');
  await byId(page, 'child.nationality').selectOption('Việt Nam');
  await page.getByRole('radio', { name: 'Tại cơ sở y tế' }).check();
  await byId(page, 'birth_facility').fill('Bệnh viện Phụ sản Hà Nội');
  await byId(page, 'birth_place.province').selectOption('01');
  await expect(byId(page, 'birth_place.commune').locator('option[value="00004"]')).toBeAttached();
  await byId(page, 'birth_place.commune').selectOption('00004');
  // Offline for a while: what is typed stays on the device and goes to
  // the server as soon as the connection is back.
  await page.context().setOffline(true);
  await byId(page, 'home_town').fill('Hà Nội');
  // Even reopened without the network, the form comes back with it.
  await page.reload();
  await expect(byId(page, 'home_town')).toHaveValue('Hà Nội');
  await expect(byId(page, 'child.name')).toHaveValue('Nguyễn Minh Khang');
  const synced = page.waitForRequest((r) => r.method() === 'PUT' && r.url().includes('/api/me/drafts/') && (r.postData() ?? '').includes('"home_town":"Hà Nội"'));
  await page.context().setOffline(false);
  await synced;
  await expectNoAxeViolations(page);
  await next(page);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cha, mẹ');
  await page.locator('[name="mother_known"]').first().check();
  await byId(page, 'mother.name').fill('Trần Thị Mai');
  // A parent's year of birth alone is enough, typed.
  await byId(page, 'mother.birth_date').fill('1995');
  // Without a personal ID the identity paper is asked (a passport or
  // another paper: no card, whose number is the personal ID itself), and
  // the residence with its kind.
  await expect(page.locator('[name="mother_id_doc.kind"]')).toHaveCount(2);
  await expect(page.locator('[name="mother_residence.kind"]')).toHaveCount(3);
  await byId(page, 'mother.personal_id').fill('001195012345');
  await expect(page.locator('[name="mother_id_doc.kind"]')).toHaveCount(0);
  await expect(page.locator('[name="mother_residence.kind"]')).toHaveCount(0);
  await page.locator('[name="father_known"]').nth(1).check();
  await expectNoAxeViolations(page);
  await next(page);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Giấy tờ kèm theo');
  await page.getByRole('radio', { name: 'Trẻ em sinh ra thông thường' }).check();
  // The limits are the server's own (the test portal allows 8 MB).
  await expect(page.getByText('JPEG, PNG hoặc tệp PDF, tối đa 8 MB').first()).toBeVisible();
  await page.getByLabel('Tải lên từ thiết bị').first().setInputFiles(path.join(__dirname, '../fixtures/giay-chung-sinh.jpg'));
  await expect(page.getByText('Đã chọn: giay-chung-sinh.jpg')).toBeVisible();
  await expectNoAxeViolations(page);
  await next(page);

  // The birth declaration does not ask how the result is received: the
  // original is collected at the office, the e-copy goes to the store.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bản sao và cam đoan');
  await expect(page.getByText('bản điện tử được gửi vào Kho giấy tờ của bạn')).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Trực tuyến/ })).toHaveCount(0);
  await page.getByRole('checkbox', { name: /Tôi cam đoan/ }).check();
  await expectNoAxeViolations(page);
  await next(page);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kiểm tra thông tin trước khi nộp');
  await expect(page.getByText('Nguyễn Minh Khang')).toBeVisible();
  await expect(page.getByText(/^Trần Thị Mai · 1995 · 001195012345/)).toBeVisible();
  await expect(page.getByText('Phường Ba Đình, Thành phố Hà Nội')).toBeVisible();
  await expect(page.getByText('giay-chung-sinh.jpg')).toBeVisible();
  // Every commune and ward takes a birth registration in: the person says
  // where they file (their residence's commune by default; none was given here).
  const unit = byId(page, 'unit');
  await expect(unit.locator('option[value="X00004"]')).toHaveText('Ủy ban nhân dân Phường Ba Đình');
  await expect(unit).toHaveValue('');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(page.locator('#error-summary')).toBeFocused();
  await expect(page.locator('#error-summary')).toContainText('Chọn nơi nộp hồ sơ.');
  await unit.selectOption('X00004');
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();

  await expect(page).toHaveURL(/\/ca-nhan\/ho-so\/000\.00\.01\.H29-\d{6}-\d{4}\?da-nop=1$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Hồ sơ 000\.00\.01\.H29-\d{6}-\d{4}$/);
  // The confirmation comes first, in view without scrolling even on a phone:
  // sent, the code, the promised date, what happens next, then the receipt.
  const panel = page.locator('.confirmation-panel');
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('Đã nộp hồ sơ');
  await expect(panel.locator('.dossier-code')).toHaveText(/^000\.00\.01\.H29-\d{6}-\d{4}$/);
  await expect(panel.locator('.dossier-code')).toBeInViewport();
  await expect(panel).toContainText(/Ngày hẹn trả kết quả: \d{2}\/\d{2}\/20\d{2}/);
  const nextSteps = page.getByRole('heading', { level: 2, name: 'Việc tiếp theo' });
  const receiptTitle = page.getByRole('heading', { level: 2, name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' });
  await expect(nextSteps).toBeVisible();
  await expect(receiptTitle).toBeVisible();
  const order = await page.locator('h2').allInnerTexts();
  expect(order.indexOf('Việc tiếp theo')).toBeLessThan(order.indexOf('Giấy tiếp nhận hồ sơ và hẹn trả kết quả'));
  expect(order.indexOf('Giấy tiếp nhận hồ sơ và hẹn trả kết quả')).toBeLessThan(order.indexOf('Bạn thấy biểu mẫu trực tuyến thế nào?'));
  await expect(page.locator('.receipt-section .dossier-code')).toHaveText(await panel.locator('.dossier-code').innerText());
  await expect(page.locator('.due-date').first()).toHaveText(/^\d{2}\/\d{2}\/20\d{2}$/);
  // Not asked, so collected at the office (the e-copy goes to the store).
  await expect(page.locator('.receipt-section')).toContainText('Trực tiếp tại bộ phận một cửa');
  await expect(page.locator('.dossier-status').first()).toHaveText('Đã nộp, chờ tiếp nhận');
  await expect(page.getByRole('img', { name: 'Mã QR dẫn tới trang theo dõi hồ sơ' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'giay-chung-sinh.jpg' })).toBeVisible();
  await expectNoAxeViolations(page);
  expect(problems).toEqual([]);
  const dossierCode = await panel.locator('.dossier-code').innerText();
  // Back from the confirmation is not a new empty form: it says the form
  // was sent and leads to the dossier.
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hồ sơ này đã được nộp');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.getByRole('main')).toContainText(dossierCode);
  await expect(page.getByRole('link', { name: `Xem hồ sơ ${dossierCode}` })).toHaveAttribute('href', `/ca-nhan/ho-so/${dossierCode}`);
  await expectNoAxeViolations(page);

  // The document store lists the photo and where it was used; used documents are kept.
  await page.getByRole('button', { name: `Tài khoản: ${name}` }).click();
  await page.getByRole('link', { name: 'Kho giấy tờ' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kho giấy tờ');
  const photo = page.locator('.documents li').filter({ hasText: 'giay-chung-sinh.jpg' });
  await expect(photo).toContainText(`Đã dùng trong hồ sơ: ${dossierCode}`);
  await expect(photo.getByRole('button', { name: /^Xóa/ })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // A second procedure: the photo comes from the store, not uploaded again.
  const session = await (await page.request.get('/api/session')).json();
  const headers = { 'x-csrf-token': session.csrf };
  const draft = await (await page.request.post('/api/me/drafts', { headers, data: { procedure: '1.000656' } })).json();
  await page.request.put(`/api/me/drafts/${draft.id}`, { headers, data: { answers: { ...draft.answers, notice_kind: 'death_notice' }, section: 'documents' } });
  let uploads = 0;
  await page.goto('/nop-ho-so/1.000656');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Giấy tờ kèm theo');
  const slot = page.locator('[id="death_notice_doc-pick"]');
  const stored = await slot.locator('option', { hasText: 'giay-chung-sinh.jpg' }).getAttribute('value');
  await slot.selectOption(stored!);
  await expect(page.getByText('Đã chọn: giay-chung-sinh.jpg')).toBeVisible();
  expect(uploads).toBe(0);
  await page.request.delete(`/api/me/drafts/${draft.id}`, { headers });
});

test('uploads keep the name given this time, a refusal is an error of its slot, a motion photo is a photo', async ({ page }, info) => {
  await signIn(page, citizenFor(info), '/');
  const session = await (await page.request.get('/api/session')).json();
  const headers = { 'x-csrf-token': session.csrf };
  const draft = await (await page.request.post('/api/me/drafts', { headers, data: { procedure: '1.000656' } })).json();
  await page.request.put(`/api/me/drafts/${draft.id}`, { headers, data: { answers: { ...draft.answers, notice_kind: 'death_notice' }, section: 'documents' } });
  await page.goto('/nop-ho-so/1.000656');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Giấy tờ kèm theo');
  const input = byId(page, 'death_notice_doc-file');
  const error = byId(page, 'death_notice_doc-upload-error');
  const photo = fs.readFileSync(path.join(__dirname, '../fixtures/giay-chung-sinh.jpg'));

  // A photo cut short: an error of this slot, styled as one, focused, named.
  await input.setInputFiles({ name: 'hong.jpg', mimeType: 'image/jpeg', buffer: photo.subarray(0, photo.length / 2) });
  await expect(error).toBeFocused();
  await expect(error).toContainText('Tệp bị hỏng hoặc không đọc được');
  await expect(error).toContainText(/^Giấy báo tử/);
  expect(await error.evaluate((e) => getComputedStyle(e).color)).toBe('rgb(176, 0, 32)');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);

  // A phone's motion photo (a video after the photo's end) is a photo; the
  // comment segment makes these bytes new to the store.
  const comment = Buffer.from([0xff, 0xfe, 0x00, 0x06, 0x65, 0x32, 0x65, 0x21]);
  const motion = Buffer.concat([photo.subarray(0, 2), comment, photo.subarray(2), Buffer.from('\0\0\0\x18ftypmp42\0\0\0\0mp42isom-video-bytes')]);
  await input.setInputFiles({ name: 'anh-dong.jpg', mimeType: 'image/jpeg', buffer: motion });
  await expect(page.getByText('Đã chọn: anh-dong.jpg')).toBeVisible();
  await expect(error).toHaveCount(0);
  // Focus stays where the person was, not on the page body.
  await expect(input).toBeFocused();

  // The same bytes again under another name: shown under the new name.
  await input.setInputFiles({ name: 'ban-sao.jpg', mimeType: 'image/jpeg', buffer: motion });
  await expect(page.getByText('Đã chọn: ban-sao.jpg')).toBeVisible();
  const pick = byId(page, 'death_notice_doc-pick');
  await expect(pick.locator('option', { hasText: 'ban-sao.jpg' })).toHaveCount(1);
  await expect(pick.locator('option', { hasText: 'anh-dong.jpg' })).toHaveCount(0);
  await page.request.delete(`/api/me/drafts/${draft.id}`, { headers });
});

// The birth-registration e-form by keyboard alone: every choice made with
// Tab, Space and the arrow keys keeps the focus on the control that changed,
// fields that appear come right after it, and the focus never falls to the
// page body (WCAG 2.4.3, 3.2.2). Each section has its own address, so Back,
// Forward and reload move between sections as between pages. (In this file:
// it runs after the test above, which opens the same account's draft.)
const onBody = (page: Page) => page.evaluate(() => !document.activeElement || document.activeElement === document.body);

/** Presses a key; the focus must not be on the page body afterwards. */
async function press(page: Page, key: string) {
  await page.keyboard.press(key);
  expect(await onBody(page), `focus fell to the page body after ${key}`).toBe(false);
}

/** Tabs forward until `target` has the focus, never through the page body. */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 80; i++) {
    if (await target.evaluate((e) => e === document.activeElement)) return;
    await press(page, 'Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/** A province picked with the arrow keys: its communes load, the focus stays, the commune is next. */
async function pickPlace(page: Page, address: string) {
  // A residence says first which kind it is (permanent, temporary, current).
  const kind = page.locator(`[name="${address}.kind"]`);
  if (await kind.count()) {
    await tabTo(page, kind.first());
    await press(page, 'Space');
    await expect(kind.first()).toBeChecked();
  }
  const province = byId(page, `${address}.province`);
  await tabTo(page, province);
  await press(page, 'ArrowDown');
  await expect(province).not.toHaveValue('');
  await expect(byId(page, `${address}.commune`).locator('option').nth(1)).toBeAttached();
  await expect(province).toBeFocused();
  await press(page, 'Tab');
  await expect(byId(page, `${address}.commune`)).toBeFocused();
  await press(page, 'ArrowDown');
  await expect(byId(page, `${address}.commune`)).not.toHaveValue('');
  await expect(byId(page, `${address}.commune`)).toBeFocused();
}

async function freshDraft(page: Page, procedure: string) {
  const session = await (await page.request.get('/api/session')).json();
  const headers = { 'x-csrf-token': session.csrf };
  const draft = await (await page.request.post('/api/me/drafts', { headers, data: { procedure } })).json();
  return { id: draft.id as string, remove: () => page.request.delete(`/api/me/drafts/${draft.id}`, { headers }) };
}

test('the e-form by keyboard alone: focus stays where the person is', async ({ page }, info) => {
  test.setTimeout(90_000);
  await signIn(page, citizenFor(info), '/');
  const draft = await freshDraft(page, '1.001193');
  await page.goto(`/nop-ho-so/1.001193?ban-nhap=${draft.id}`);
  const title = page.getByRole('heading', { level: 1 });
  await expect(title).toHaveText('Người yêu cầu');
  // The form's first address becomes the section's own.
  await expect(page).toHaveURL(new RegExp(`\\?ban-nhap=${draft.id}&phan=requester$`));

  // A radio group: Space picks, the arrow keys move; "Khác" wraps from the
  // first, and the field it brings comes right after it.
  const relationship = page.locator('[name="relationship"]');
  await tabTo(page, relationship.first());
  await press(page, 'Space');
  await expect(relationship.first()).toBeChecked();
  await press(page, 'ArrowUp');
  await expect(relationship.last()).toBeChecked();
  await expect(relationship.last()).toBeFocused();
  await press(page, 'Tab');
  await expect(byId(page, 'relationship_other')).toBeFocused();
  await page.keyboard.type('Cô ruột');
  await pickPlace(page, 'residence');
  await tabTo(page, page.getByRole('button', { name: 'Lưu và tiếp tục' }));
  await press(page, 'Enter');
  await expect(title).toHaveText('Người được khai sinh');
  await expect(title).toBeFocused();

  await tabTo(page, byId(page, 'child.name'));
  await page.keyboard.type('Lê Minh Khôi');
  await press(page, 'Tab');
  await expect(byId(page, 'child.birth_date')).toBeFocused();
  // The date field's own order here is month, day, year.
  await page.keyboard.type('11012026');
  await expect(byId(page, 'child.birth_date')).toHaveValue('2026-11-01');
  const sex = page.locator('[name="child.sex"]');
  await tabTo(page, sex.first());
  await press(page, 'Space');
  await expect(sex.first()).toBeChecked();
  await press(page, 'Tab');
  await expect(byId(page, 'child.ethnicity')).toBeFocused();
  await press(page, 'ArrowDown');
  await expect(byId(page, 'child.ethnicity')).toHaveValue('Kinh');
  await press(page, 'Tab');
  await press(page, 'ArrowDown');
  await expect(byId(page, 'child.nationality')).toHaveValue('Việt Nam');
  const where = page.locator('[name="birth_place_kind"]');
  await tabTo(page, where.first());
  await press(page, 'Space');
  await expect(where.first()).toBeFocused();
  await press(page, 'Tab');
  await expect(byId(page, 'birth_facility')).toBeFocused();
  await page.keyboard.type('Bệnh viện Phụ sản Hà Nội');
  await pickPlace(page, 'birth_place');
  await tabTo(page, byId(page, 'home_town'));
  await page.keyboard.type('Hà Nội');
  await tabTo(page, page.getByRole('button', { name: 'Lưu và tiếp tục' }));
  await press(page, 'Enter');
  await expect(title).toHaveText('Cha, mẹ');
  await expect(title).toBeFocused();

  // "Có" brings the mother's fields: the focus stays on "Có", the next Tab
  // goes to her name; "Không" takes the father's away, the focus stays.
  const mother = page.locator('[name="mother_known"]');
  await tabTo(page, mother.first());
  await press(page, 'Space');
  await expect(byId(page, 'mother.name')).toBeVisible();
  await expect(mother.first()).toBeFocused();
  await press(page, 'Tab');
  await expect(byId(page, 'mother.name')).toBeFocused();
  await page.keyboard.type('Lê Thị Hoa');
  const father = page.locator('[name="father_known"]');
  await tabTo(page, father.first());
  await press(page, 'Space');
  await expect(byId(page, 'father.name')).toBeVisible();
  await press(page, 'ArrowRight');
  await expect(father.last()).toBeChecked();
  await expect(byId(page, 'father.name')).toHaveCount(0);
  await expect(father.last()).toBeFocused();
  expect(await onBody(page)).toBe(false);

  // Back is the previous section, with what was typed; Forward returns;
  // a reload stays on the section.
  await page.goBack();
  await expect(title).toHaveText('Người được khai sinh');
  await expect(title).toBeFocused();
  await expect(page).toHaveURL(/&phan=child$/);
  await expect(byId(page, 'child.name')).toHaveValue('Lê Minh Khôi');
  await page.goBack();
  await expect(title).toHaveText('Người yêu cầu');
  await expect(byId(page, 'relationship_other')).toHaveValue('Cô ruột');
  await page.goForward();
  await expect(title).toHaveText('Người được khai sinh');
  await page.goForward();
  await expect(title).toHaveText('Cha, mẹ');
  await expect(byId(page, 'mother.name')).toHaveValue('Lê Thị Hoa');
  await page.reload();
  await expect(title).toHaveText('Cha, mẹ');
  await expect(byId(page, 'mother.name')).toHaveValue('Lê Thị Hoa');
  await draft.remove();
});

// The other written forms are walked by errors.spec.ts; these two are
// walked here, after the tests that fill them with the same account.
test('every error of the birth and death forms names its field, in page order', async ({ page }, info) => {
  test.setTimeout(120_000);
  await signIn(page, citizenFor(info), '/');
  for (const code of ['1.001193', '1.000656']) {
    expect(await walkEveryErrorOfForm(page, code)).toBeGreaterThan(3);
  }
});
