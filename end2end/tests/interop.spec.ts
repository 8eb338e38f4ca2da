// Signing in through an independent OpenID provider (oidc-provider), not the
// portal's own stand-in. scripts/test starts the provider and a portal
// configured for it, and sets INTEROP_BASE_URL.
import { test, expect } from '@playwright/test';

const base = process.env.INTEROP_BASE_URL;

test('login through an independent OpenID provider lands back on the procedure', async ({ page }) => {
  test.skip(!base || test.info().project.name !== 'desktop', 'needs the interop portal; once is enough');
  await page.goto(`${base}/api/auth/login?return_to=/thu-tuc/1.001193`);
  // oidc-provider's own development login and consent pages.
  await page.locator('input[name="login"]').fill('interop-user');
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(`${base}/thu-tuc/1.001193`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục đăng ký khai sinh');
  const session = await page.request.get(`${base}/api/session`);
  const info = await session.json();
  expect(info.user.name).toBe('Đỗ Thị Liên Thông');
  expect(info.user.loa).toBe(2);
  // Signing out ends the provider's session too (RP-initiated logout).
  const out = await page.request.post(`${base}/api/auth/logout`, { headers: { 'x-csrf-token': info.csrf } });
  expect(out.status()).toBe(200);
  const { redirect } = await out.json();
  expect(redirect).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/session\/end\?/);
  const after = await (await page.request.get(`${base}/api/session`)).json();
  expect(after.user).toBeNull();
});
