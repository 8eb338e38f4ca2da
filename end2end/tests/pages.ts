// Page objects: find things the way a screen reader would, by role and label.
import { expect, Page } from '@playwright/test';

export async function search(page: Page, text: string) {
  await page.getByLabel('Tìm thủ tục hành chính').fill(text);
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
}

/** The filters panel; on a phone it starts folded and is opened first. */
export async function filters(page: Page) {
  const panel = page.getByRole('complementary');
  const details = panel.locator('details').first();
  if (!(await details.evaluate((d: HTMLDetailsElement) => d.open))) {
    await panel.locator('summary').first().click();
  }
  return panel;
}

export function results(page: Page) {
  return page.locator('.card-list article');
}

export async function expectFoundAtLeast(page: Page, n: number) {
  const status = page.getByRole('status').filter({ hasText: /Tìm thấy|found/ });
  await expect(status).toBeVisible();
  const count = Number((await status.innerText()).match(/\d+/)![0]);
  expect(count).toBeGreaterThanOrEqual(n);
  return count;
}
