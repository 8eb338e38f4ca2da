// Page objects: find things the way a screen reader would, by role and label.
import { expect, Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

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

/** axe finds no WCAG 2.2 A/AA (or best-practice) violation on the page as it is now. */
export async function expectNoAxeViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary).toEqual([]);
}

/**
 * A demo account of the built-in national sign-in stand-in. Each browser
 * project signs in as a different citizen, so tests that change a profile
 * can run side by side.
 */
export function citizenFor(info: TestInfo) {
  return info.project.name === 'desktop' ? 'Nguyễn Văn An' : 'Trần Thị Bình';
}

/** On the stand-in's account chooser: pick the named demo account. */
export async function chooseDemoAccount(page: Page, name: string) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chọn tài khoản thử nghiệm');
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
}

/** Signs in through the stand-in and lands on `returnTo`. */
export async function signIn(page: Page, name: string, returnTo = '/', base = '') {
  await page.goto(`${base}/api/auth/login?return_to=${encodeURIComponent(returnTo)}`);
  await chooseDemoAccount(page, name);
  await expect(page.getByRole('button', { name: `Tài khoản: ${name}` })).toBeVisible();
}
