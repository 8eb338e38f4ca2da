// An administrator grants a new officer to a unit with a role, by personal
// ID, sees every problem named at its field first, and takes the grant
// away again.
import { test, expect } from '@playwright/test';
import { expectNoAxeViolations, signIn } from './pages';

test('an administrator grants an officer a unit and a role, and takes it away', async ({ page }, info) => {
  // Each browser project grants its own person, side by side.
  const [id, name] = info.project.name === 'desktop' ? ['001090008888', 'Ngô Văn Tâm'] : ['001191009999', 'Lý Thị Mai'];
  await signIn(page, 'Hoàng Quốc Em', '/can-bo/nhat-ky');
  await page.getByRole('link', { name: 'Cán bộ và phân quyền' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cán bộ và phân quyền');
  await expect(page.getByRole('row', { name: /Lê Văn Cường/ })).toContainText('********1111');

  // Nothing filled in: the summary takes focus and names each field.
  await page.getByRole('button', { name: 'Lưu quyền' }).click();
  await expect(page.locator('#grant-errors')).toBeFocused();
  await expect(page.locator('#grant-personal_id-error')).toHaveText('Số định danh cá nhân phải gồm đúng 12 chữ số.');
  await expect(page.locator('#grant-full_name-error')).toBeVisible();
  await expect(page.getByLabel('Số định danh cá nhân')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);

  await page.getByLabel('Số định danh cá nhân').fill(id);
  await page.getByLabel('Họ và tên').fill(name);
  await page.getByLabel('Đơn vị 1').selectOption({ label: 'Ủy ban nhân dân Phường Ba Đình' });
  await page.getByLabel('Vai trò').selectOption({ label: 'Chuyên viên xử lý' });
  await page.getByRole('button', { name: 'Lưu quyền' }).click();
  await expect(page.locator('#grant-notice')).toHaveText(`Đã lưu quyền ${name}.`);
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('(chưa đăng nhập)');
  await expect(row).toContainText(`********${id.slice(8)}`);
  await expect(row).toContainText('Ủy ban nhân dân Phường Ba Đình — Chuyên viên xử lý');
  await expect(page.getByText(id)).toHaveCount(0);

  // Taken away.
  await page.getByRole('button', { name: `Sửa quyền của ${name}` }).click();
  await expect(page.getByRole('heading', { name: `Sửa quyền: ${name}` })).toBeFocused();
  await page.getByLabel('Quyền', { exact: true }).selectOption({ label: 'Không có quyền (thu hồi)' });
  await page.getByRole('button', { name: 'Lưu quyền' }).click();
  await expect(page.locator('#grant-notice')).toHaveText(`Đã lưu quyền ${name}.`);
  await expect(page.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);
});
