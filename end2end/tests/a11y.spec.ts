// axe finds no WCAG 2.2 A/AA violation on the catalogue pages, in either language.
import { test, expect } from '@playwright/test';
import { expectNoAxeViolations } from './pages';

const pages = [
  ['home', '/'],
  ['results', '/tim-kiem?q=dang%20ky%20ket%20hon'],
  ['empty results', '/tim-kiem?q=qwxzv'],
  ['procedure', '/thu-tuc/1.001193'],
  ['published feedback', '/phan-anh-kien-nghi?q=ho%20so'],
];

for (const lang of ['vi', 'en']) {
  for (const [name, url] of pages) {
    test(`axe: ${name} (${lang})`, async ({ page }) => {
      await page.addInitScript((l) => localStorage.setItem('lang', l), lang);
      await page.goto(url);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await page.waitForLoadState('networkidle');
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expectNoAxeViolations(page);
    });
  }
}

test('skip link moves focus to the main content', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // The boot shell has a heading too: wait until the app has taken over.
  await expect(page.locator('#boot')).toHaveCount(0);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Bỏ qua, đến nội dung chính' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test('the header\'s links are targets of at least 24 × 24 px that do not touch', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#boot')).toHaveCount(0);
  const boxes = await page.locator('.site-header a, .site-header button').evaluateAll((els) =>
    els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => {
      const r = e.getBoundingClientRect();
      return { name: (e.textContent ?? '').trim(), x: r.x, y: r.y, w: r.width, h: r.height };
    }),
  );
  expect(boxes.length).toBeGreaterThan(2);
  for (const b of boxes) {
    expect(b.w, b.name).toBeGreaterThanOrEqual(24);
    expect(b.h, b.name).toBeGreaterThanOrEqual(24);
  }
  // No two targets overlap or touch.
  for (const a of boxes) {
    for (const b of boxes) {
      if (a === b) continue;
      const apart = a.x + a.w < b.x || b.x + b.w < a.x || a.y + a.h < b.y || b.y + b.h < a.y;
      expect(apart, `${a.name} / ${b.name}`).toBe(true);
    }
  }
});
