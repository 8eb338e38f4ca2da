// The public directory of units: from a procedure's page a person picks
// their commune and sees where to go (remembered on the device); the list
// of all units filters by name without accents; a unit's page lists what
// it takes in.
import { test, expect } from '@playwright/test';
import { expectNoAxeViolations, GENERIC_PROCEDURE, signIn } from './pages';

test('a person picks their commune on the procedure page and sees where to file', async ({ page }, info) => {
  await page.goto(`/thu-tuc/${GENERIC_PROCEDURE}`);
  await page.getByRole('link', { name: 'Chọn xã, phường để xem địa chỉ và giờ làm việc' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nơi nộp hồ sơ');
  await expect(page).toHaveTitle(/^Nơi nộp hồ sơ/);
  await expect(page.getByRole('link', { name: 'Chấm dứt hoạt động hộ kinh doanh' })).toBeVisible();
  const pick = page.getByLabel('Xã, phường hoặc đơn vị bạn nộp hồ sơ');
  // Every ward of the province takes this commune procedure in (126, less
  // those units.spec merges meanwhile on the shared server).
  // The options arrive with the units' list: wait for them, never count early.
  await expect.poll(() => pick.locator('option').count()).toBeGreaterThan(120);
  await pick.selectOption({ label: 'Ủy ban nhân dân Phường Ngọc Hà' });
  const card = page.getByRole('region', { name: 'Ủy ban nhân dân Phường Ngọc Hà' });
  await expect(card.getByText('Giờ làm việc')).toBeVisible();
  await expect(card.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' })).toHaveAttribute('href', `/nop-ho-so/${GENERIC_PROCEDURE}`);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: info.outputPath('where-to-file.png'), fullPage: true });
  // The choice is remembered on the device for the next procedure.
  await page.reload();
  await expect(pick).toHaveValue('X00008');
  await expect(card).toBeVisible();

  // The unit's page: what it takes in, each linked to the procedure.
  await card.getByRole('link', { name: 'Xem trang đơn vị' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ủy ban nhân dân Phường Ngọc Hà');
  const received = page.getByRole('region', { name: /^Thủ tục tiếp nhận hồ sơ \(\d+\)$/ });
  await expect(received.getByRole('link', { name: 'Chấm dứt hoạt động hộ kinh doanh' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the directory lists every unit and finds one by name without accents', async ({ page }) => {
  await page.goto('/co-quan');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cơ quan, đơn vị tiếp nhận hồ sơ');
  await expect(page.getByRole('heading', { level: 2, name: /^Xã, phường, đặc khu \(12\d\)$/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sở Tư pháp Thành phố Hà Nội' })).toBeVisible();
  await page.getByLabel('Tìm đơn vị theo tên (có dấu hoặc không dấu)').fill('ngoc ha');
  await expect(page.getByRole('heading', { level: 2, name: 'Xã, phường, đặc khu (1)' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ủy ban nhân dân Phường Ngọc Hà' })).toBeVisible();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(page.viewportSize()!.width);
  await expectNoAxeViolations(page);
});

test('a signed-in person\'s commune from their profile is picked for them', async ({ page }) => {
  // The business account: no other test keeps its profile.
  await signIn(page, 'Công ty TNHH Dịch vụ Minh Phát', '/ca-nhan/thong-tin');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // A province without its commune is refused at the field.
  await page.getByLabel('Tỉnh, thành phố').selectOption({ label: 'Thành phố Hà Nội' });
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(page.locator('#error-summary')).toBeFocused();
  await expect(page.locator('#commune-error')).toBeVisible();
  const commune = page.getByLabel('Xã, phường, đặc khu');
  await expect.poll(() => commune.locator('option').count()).toBeGreaterThan(100);
  await commune.selectOption({ label: 'Phường Ba Đình' });
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu thay đổi.' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto(`/co-quan?thu-tuc=${GENERIC_PROCEDURE}`);
  await expect(page.getByLabel('Xã, phường hoặc đơn vị bạn nộp hồ sơ')).toHaveValue('X00004');
  await expect(page.getByRole('region', { name: 'Ủy ban nhân dân Phường Ba Đình' })).toBeVisible();
});
