// Signing in with the national account (through the portal's built-in
// stand-in), the account menu, the profile page and signing out.
import { test, expect } from '@playwright/test';
import { chooseDemoAccount, citizenFor, expectNoAxeViolations, signIn } from './pages';

test('"submit online" signs the person in and lands on the e-form', async ({ page }, info) => {
  const name = citizenFor(info);
  await page.goto('/thu-tuc/1.004873');
  await expect(page.getByRole('link', { name: 'Đăng nhập' })).toBeVisible();
  await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
  await chooseDemoAccount(page, name);
  // Where they meant to go: the form, not back on the procedure.
  await expect(page).toHaveURL(/\/nop-ho-so\/1\.004873\?ban-nhap=[^&]+&phan=[a-z_]+$/);
  await expect(page.getByRole('button', { name: 'Lưu và tiếp tục' })).toBeVisible();
  await expect(page.getByRole('button', { name: `Tài khoản: ${name}` })).toHaveText(name);
  // Signed in, the procedure's button leads straight to the e-form.
  await page.goto('/thu-tuc/1.004873');
  await expect(page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' })).toHaveAttribute('href', '/nop-ho-so/1.004873');
});

test('a refused national account gets a clear page, and no session', async ({ page }) => {
  await page.goto('/api/auth/login?return_to=/');
  await chooseDemoAccount(page, 'Tài khoản lỗi');
  await expect(page).toHaveURL(/\/dang-nhap\/loi\?ly-do=bad_personal_id/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chưa đăng nhập được');
  await expect(page.getByRole('alert')).toContainText('số định danh cá nhân hợp lệ');
  await expect(page.getByRole('main').getByRole('link', { name: 'Đăng nhập lại' })).toBeVisible();
  expect((await (await page.request.get('/api/session')).json()).user).toBeNull();
  await expectNoAxeViolations(page);
});

test('profile: national data read-only, contact details validated and kept', async ({ page }, info) => {
  const name = citizenFor(info);
  await signIn(page, name, '/tim-kiem?q=ho%20tich');
  const menuButton = page.getByRole('button', { name: `Tài khoản: ${name}` });
  const menu = page.locator('#account-menu');
  // Escape closes the menu and gives focus back to its button; so does
  // leaving it with the keyboard.
  await menuButton.click();
  await expect(menu).toBeVisible();
  const box = await menu.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(menuButton).toBeFocused();
  await menuButton.click();
  await page.getByRole('link', { name: 'Thông tin cá nhân' }).focus();
  await page.locator('#main').focus();
  await expect(menu).toBeHidden();
  await menuButton.click();
  await page.getByRole('link', { name: 'Thông tin cá nhân' }).click();
  await expect(page).toHaveURL(/\/ca-nhan\/thong-tin$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thông tin cá nhân');
  await expect(page).toHaveTitle('Thông tin cá nhân | Cổng dịch vụ công');
  const national = page.getByRole('region', { name: 'Thông tin từ tài khoản định danh điện tử' });
  await expect(national).toContainText(name);
  await expect(national).toContainText(/\d{12}/);
  // Dates as people write them, never ISO.
  await expect(national).toContainText(/\d{2}\/\d{2}\/\d{4}/);
  await expect(national).not.toContainText(/\d{4}-\d{2}-\d{2}/);
  await expect(national.getByRole('textbox')).toHaveCount(0);
  await expectNoAxeViolations(page);

  // A wrong phone number: the summary takes focus and leads to the field.
  const phone = page.getByLabel('Số điện thoại di động');
  await phone.fill('12345');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  const summary = page.locator('#error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('Có 1 lỗi cần sửa');
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);
  await summary.getByRole('link', { name: /Số điện thoại cần có 10 chữ số/ }).click();
  await expect(phone).toBeFocused();

  const number = info.project.name === 'desktop' ? '0912 345 678' : '+84 987 654 321';
  const stored = info.project.name === 'desktop' ? '0912345678' : '0987654321';
  await phone.fill(number);
  // The live region is already on the page, empty, so its message is announced.
  await expect(page.locator('p.saved[role="status"]')).toHaveText('');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu thay đổi.' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Số điện thoại di động')).toHaveValue(stored);
});

test('sign out ends the session everywhere in the portal', async ({ page }, info) => {
  const name = citizenFor(info);
  await signIn(page, name, '/thu-tuc/1.000894');
  // What the service worker keeps for this person offline…
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await expect.poll(() => page.evaluate(() => caches.has('personal-v1'))).toBe(true);
  await page.getByRole('button', { name: `Tài khoản: ${name}` }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page.getByRole('link', { name: 'Đăng nhập' })).toBeVisible();
  // …leaves the device with them.
  await expect.poll(() => page.evaluate(() => caches.has('personal-v1'))).toBe(false);
  const session = await (await page.request.get('/api/session')).json();
  expect(session.user).toBeNull();
  await page.goto('/ca-nhan/thong-tin');
  await expect(page.getByText('Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.')).toBeVisible();
});
