// An administrator changes a unit's hours from a date, with the problem
// named at its field first, then merges the unit into another after a
// confirmation; the merged unit is no longer offered.
import { test, expect } from '@playwright/test';
import { expectNoAxeViolations, signIn } from './pages';

test('an administrator changes a unit and merges it into another', async ({ page }, info) => {
  // Each browser project works on its own pair of communes, side by side.
  const [unit, into] = info.project.name === 'desktop'
    ? ['Ủy ban nhân dân Xã Phúc Sơn', 'Ủy ban nhân dân Xã Mỹ Đức']
    : ['Ủy ban nhân dân Xã Hồng Sơn', 'Ủy ban nhân dân Xã Hương Sơn'];
  await signIn(page, 'Hoàng Quốc Em', '/can-bo/nhat-ky');
  await page.getByRole('link', { name: 'Đơn vị của tỉnh' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đơn vị của tỉnh');
  await page.getByLabel('Đơn vị', { exact: true }).selectOption({ label: unit });
  await expect(page.getByLabel('Tên tiếng Việt')).toHaveValue(unit);

  // No date: the summary takes focus and the field says what is wrong.
  await page.getByLabel('Giờ làm việc').fill('Thứ Hai – Thứ Sáu, 7:30 – 17:00');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(page.locator('#unit-errors')).toBeFocused();
  await expect(page.locator('#unit-from-error')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.locator('#unit-from').fill('2025-07-01');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(page.locator('#unit-notice')).toHaveText(`Đã lưu: ${unit}.`);

  // Merged, after a second, explicit confirmation.
  await page.getByLabel('Đơn vị nhận').selectOption({ label: into });
  await page.locator('#merge-from').fill('2025-07-01');
  await page.getByRole('button', { name: 'Sáp nhập', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Xác nhận sáp nhập' })).toBeFocused();
  await page.getByRole('button', { name: 'Xác nhận sáp nhập' }).click();
  await expect(page.locator('#unit-notice')).toHaveText(`Đã sáp nhập vào ${into}.`);
  await expect(page.locator('#unit-chosen option', { hasText: unit })).toHaveCount(0);
  await expect(page.locator('#unit-chosen option', { hasText: into })).toHaveCount(1);
});

test('an administrator adds a unit the 2025 list does not have, and the directory shows it', async ({ page }, info) => {
  const [code, name] = info.project.name === 'desktop'
    ? ['T01-BQLKCN', 'Ban Quản lý các khu công nghiệp và chế xuất Hà Nội']
    : ['T01-BQLDA', 'Ban Quản lý dự án đầu tư xây dựng Hà Nội'];
  await signIn(page, 'Hoàng Quốc Em', '/can-bo/don-vi');
  await page.getByLabel('Đơn vị', { exact: true }).selectOption({ label: 'Thêm đơn vị mới' });
  await expect(page.getByRole('heading', { level: 2, name: 'Thêm đơn vị mới' })).toBeVisible();
  // A code taken by a unit of the list, and one that is no code at all.
  await page.getByLabel('Mã đơn vị').fill('T01-STP');
  await page.getByLabel('Tên tiếng Việt').fill(name);
  await page.getByLabel('Tên tiếng Anh').fill('Management board');
  await page.locator('#unit-from').fill('2025-07-01');
  await page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
  await expect(page.locator('#unit-errors')).toBeFocused();
  await expect(page.locator('#unit-code-error')).toHaveText('Mã này đã có đơn vị dùng (kể cả đơn vị đã sáp nhập); chọn mã khác.');
  await expect(page.getByLabel('Tên tiếng Việt')).toHaveValue(name);
  await page.getByLabel('Mã đơn vị').fill('ban quản lý');
  await page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
  await expect(page.locator('#unit-code-error')).toHaveText(/^Mã đơn vị gồm chữ in hoa/);
  await expectNoAxeViolations(page);
  await page.getByLabel('Mã đơn vị').fill(code);
  await page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
  await expect(page.locator('#unit-notice')).toHaveText(`Đã thêm: ${name}.`);
  await page.goto(`/co-quan/${code}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
});
