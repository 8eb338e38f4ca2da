// Feedback, first slice: a citizen reports a delay from their dossier page.
// A refused send names the field and loses nothing (the text is kept on the
// device across a reload); the receipt gives the national code, the unit
// and the due day; "my feedback" lists it.
import { test, expect } from '@playwright/test';
import { citizenFor, expectNoAxeViolations, fileDossier, signIn } from './pages';

test('a citizen reports a delay from their dossier page and gets a code and a due day', async ({ page }, info) => {
  await signIn(page, citizenFor(info), '/ca-nhan');
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
});
