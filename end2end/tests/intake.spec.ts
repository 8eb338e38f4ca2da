// A dossier taken in at the counter: the receiving officer finds that the
// portal does not know the person, types their details, fills the same
// e-form with one paper scanned and one taken on paper only, files it and
// prints the receipt (Form 01). The person then signs in for the first
// time and finds the dossier and the scan in their account.
import path from 'path';
import { test, expect, Page } from '@playwright/test';
import { expectNoAxeViolations, GENERIC_PROCEDURE, signIn } from './pages';

const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`);
const next = (page: Page) => page.getByRole('button', { name: 'Lưu và tiếp tục' }).click();

test('a counter officer files a walk-in dossier and prints the receipt; the person finds it after signing in', async ({ page, browser, baseURL }, info) => {
  test.skip(info.project.name !== 'desktop', 'one walk-in person; the page at 360 px is checked below');
  test.setTimeout(120_000);
  await signIn(page, 'Lê Văn Cường', '/can-bo');
  await page.getByRole('link', { name: 'Tiếp nhận hồ sơ trực tiếp, qua bưu chính' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tiếp nhận hồ sơ trực tiếp, qua bưu chính');
  await expect(page).toHaveTitle(/^Tiếp nhận hồ sơ trực tiếp, qua bưu chính/);
  await expectNoAxeViolations(page);

  // A personal ID that fails its check, then one nobody on the portal has:
  // each is said at the field, and what was typed stays.
  const id = page.getByLabel('Số định danh cá nhân của người nộp');
  await id.fill('001995007777');
  await page.getByRole('button', { name: 'Tìm người nộp' }).click();
  await expect(page.locator('#intake-errors')).toBeFocused();
  await expect(page.locator('#intake-personal_id-error')).toBeVisible();
  await expect(id).toHaveAttribute('aria-invalid', 'true');
  await id.fill('001195007777');
  await page.getByRole('button', { name: 'Tìm người nộp' }).click();
  await expect(page.locator('#intake-personal_id-error')).toHaveText('Cổng chưa có ai với số định danh này: nhập họ tên và ngày sinh theo giấy tờ của người nộp.');
  await expect(id).toHaveValue('001195007777');
  await page.getByLabel('Họ, chữ đệm và tên (theo giấy tờ tùy thân)').fill('Đinh Thị Hoa');
  // A birth year the ID does not encode is caught before anything is kept.
  await page.getByLabel('Ngày sinh').fill('23/08/1996');
  await page.getByLabel('Thủ tục').fill(GENERIC_PROCEDURE);
  await page.getByRole('button', { name: 'Mở tờ khai' }).click();
  await expect(page.locator('#intake-birth_date-error')).toHaveText('Năm sinh không khớp với số định danh: kiểm tra lại ngày sinh hoặc số định danh.');
  await expect(page.getByLabel('Họ, chữ đệm và tên (theo giấy tờ tùy thân)')).toHaveValue('Đinh Thị Hoa');
  await expectNoAxeViolations(page);
  await page.getByLabel('Ngày sinh').fill('23/08/1995');
  await page.getByRole('button', { name: 'Mở tờ khai' }).click();

  // The same e-form as online, filled for her, her identity prefilled.
  await expect(page).toHaveURL(new RegExp(`/nop-ho-so/${GENERIC_PROCEDURE.replace(/\./g, '\\.')}\\?ban-nhap=`));
  await expect(page.locator('.intake-banner')).toHaveText('Tiếp nhận cho: Đinh Thị Hoa (số định danh ********7777) · Trực tiếp tại bộ phận một cửa');
  await expect(byId(page, 'applicant_name')).toHaveValue('Đinh Thị Hoa');
  await byId(page, 'applicant_address.province').selectOption('01');
  await expect(byId(page, 'applicant_address.commune').locator('option[value="00004"]')).toBeAttached();
  await byId(page, 'applicant_address.commune').selectOption('00004');
  await byId(page, 'applicant_address.street').fill('Số 5 Phan Đình Phùng');
  await next(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Giấy tờ kèm theo');
  await page.locator('[name="case"][value="c0"]').check();
  // One paper scanned at the counter, another taken on paper only.
  await page.getByLabel('Tải lên từ thiết bị').first().setInputFiles(path.join(__dirname, '../fixtures/to-khai.pdf'));
  await expect(page.getByText('Đã chọn: to-khai.pdf')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Chỉ nhận bản giấy, không số hóa' }).nth(1).check();
  await expectNoAxeViolations(page);
  await next(page);
  await page.getByRole('checkbox', { name: /Tôi cam đoan/ }).check();
  await next(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kiểm tra thông tin trước khi nộp');
  await expect(page.getByText('Bản giấy (chưa số hóa)')).toBeVisible();
  const unit = byId(page, 'unit');
  if (await unit.count()) await unit.selectOption('X00004');
  await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();

  // Filed: the officer's page of the dossier, with Form 01 to print.
  await expect(page).toHaveURL(/\/can-bo\/ho-so\/000\.00\.01\.H29-\d{6}-\d{4}/);
  const code = (await page.getByRole('heading', { level: 1 }).innerText()).replace('Hồ sơ ', '');
  const receipt = page.getByRole('region', { name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' });
  await expect(receipt).toContainText('Mẫu số 01');
  await expect(receipt).toContainText('Đinh Thị Hoa');
  await expect(receipt.locator('.dossier-code')).toHaveText(code);
  await expect(receipt).toContainText('to-khai.pdf');
  await expect(receipt.getByRole('heading', { name: 'Thành phần nhận bản giấy (chưa số hóa)' })).toBeVisible();
  await expect(receipt.getByRole('img', { name: 'Mã QR dẫn tới trang theo dõi hồ sơ' })).toHaveJSProperty('complete', true);
  expect(await receipt.getByRole('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.locator('.status-panel div', { hasText: 'Hình thức nộp' })).toContainText('Trực tiếp');
  await expect(receipt.getByRole('button', { name: 'In giấy tiếp nhận' })).toBeVisible();
  await expectNoAxeViolations(page);
  // Printed, the page is the receipt alone: no steps, no buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(receipt.locator('.dossier-code')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Tiếp nhận', exact: true })).toBeHidden();
  await expect(receipt.getByRole('button', { name: 'In giấy tiếp nhận' })).toBeHidden();
  await page.screenshot({ path: info.outputPath('receipt-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  // Hoa signs in for the first time: the dossier is hers, and the scan.
  const context = await browser.newContext({ baseURL });
  const hoa = await context.newPage();
  await signIn(hoa, 'Đinh Thị Hoa', '/ca-nhan/ho-so');
  await hoa.getByRole('link', { name: code }).click();
  await expect(hoa.getByRole('heading', { level: 1 })).toHaveText(`Hồ sơ ${code}`);
  await expect(hoa.locator('.status-panel div', { hasText: 'Hình thức nộp' })).toContainText('Trực tiếp');
  await hoa.goto('/ca-nhan/giay-to');
  await expect(hoa.getByText('to-khai.pdf').first()).toBeVisible();
  await context.close();
});

test('the intake page works at 360 px and says what to do at each field', async ({ page }, info) => {
  test.skip(info.project.name === 'desktop', 'the filing itself is the test above');
  await signIn(page, 'Đỗ Thị Hạnh', '/can-bo/tiep-nhan');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tiếp nhận hồ sơ trực tiếp, qua bưu chính');
  await page.getByRole('radio', { name: 'Qua dịch vụ bưu chính' }).check();
  await page.getByRole('button', { name: 'Mở tờ khai' }).click();
  await expect(page.locator('#intake-errors')).toBeFocused();
  await expect(page.locator('#intake-postal_in-error')).toHaveText('Nhập số hiệu bưu gửi in trên phong bì.');
  await expect(page.locator('#intake-procedure-error')).toHaveText('Chọn một thủ tục trong danh sách.');
  // Nothing wider than the screen.
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(360);
  await expectNoAxeViolations(page);
});
