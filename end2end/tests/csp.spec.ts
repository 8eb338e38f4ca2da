// Every page runs under the portal's strict Content-Security-Policy (no inline script but the boot code by hash) without a single violation.
import { test, expect, Page } from '@playwright/test';
import { signIn } from './pages';

/** Records every CSP violation the page reports, from its first script on. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  await page.exposeFunction('__cspViolation', (v: string) => seen.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as any).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return seen;
}

async function visit(page: Page, url: string) {
  const res = await page.goto(url);
  const csp = res!.headers()['content-security-policy'];
  expect(csp, url).toContain("frame-ancestors 'none'");
  expect(csp, url).not.toContain('unsafe-inline');
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  // The app has taken over from the boot shell (its code ran under the policy).
  await expect(page.locator('#boot')).toHaveCount(0);
  await page.waitForLoadState('networkidle');
}

const publicPages = ['/', '/tim-kiem?q=khai%20sinh', '/thu-tuc/1.001193', '/dang-nhap/loi?ly-do=expired', '/tra-cuu-ho-so', '/khong-co-trang-nay', '/thong-tin/tro-giup', '/thong-tin/quyen-rieng-tu', '/thong-tin/tiep-can', '/thong-tin/dieu-khoan'];

test('public pages run under the policy without a violation', async ({ page }) => {
  const seen = await watchViolations(page);
  for (const url of publicPages) await visit(page, url);
  expect(seen).toEqual([]);
});

test('a citizen\'s pages run under the policy without a violation', async ({ page }) => {
  const seen = await watchViolations(page);
  // The business account: opening its notifications marks them read, which
  // must not race the citizens' tests that count unread ones.
  await signIn(page, 'Công ty TNHH Dịch vụ Minh Phát', '/ca-nhan/ho-so');
  for (const url of ['/ca-nhan/ho-so', '/ca-nhan/giay-to', '/ca-nhan/thong-tin', '/ca-nhan/thong-bao', '/nop-ho-so/1.001193']) {
    await visit(page, url);
  }
  expect(seen).toEqual([]);
});

test('an officer\'s and an administrator\'s pages run under the policy without a violation', async ({ page, context }) => {
  const seen = await watchViolations(page);
  await signIn(page, 'Lê Văn Cường', '/can-bo');
  for (const url of ['/can-bo', '/can-bo/danh-gia']) await visit(page, url);
  await context.clearCookies();
  await signIn(page, 'Hoàng Quốc Em', '/can-bo/nhat-ky');
  await visit(page, '/can-bo/nhat-ky');
  expect(seen).toEqual([]);
});

test('the portal cannot be framed by another page', async ({ page }) => {
  const res = await page.request.get('/');
  expect(res.headers()['x-frame-options']).toBe('DENY');
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
});
