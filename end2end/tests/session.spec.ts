// The browser warns before a session ends for inactivity and lets the person
// stay. scripts/test starts a portal whose idle timeout is 24 seconds and
// sets SHORT_SESSION_BASE_URL.
import { test, expect } from '@playwright/test';
import { signIn } from './pages';

const base = process.env.SHORT_SESSION_BASE_URL;

test('the session-expiry warning offers to stay signed in, then the session ends', async ({ page }) => {
  test.skip(!base || test.info().project.name !== 'desktop', 'needs the short-session portal; once is enough');
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 320, height: 640 });
  await signIn(page, 'Nguyễn Văn An', '/thu-tuc/1.001193', base);
  // The person is somewhere on the page when the warning comes.
  const submit = page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' });
  await submit.focus();
  const warning = page.getByRole('alertdialog', { name: 'Phiên làm việc sắp hết hạn' });
  await expect(warning).toBeVisible({ timeout: 20_000 });
  // At 320 × 640 it fits the screen, its heading in view.
  const box = (await warning.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(640);
  await expect(warning.getByRole('heading')).toBeInViewport();
  await expect(warning).toContainText(/Bạn sẽ được đăng xuất sau \d+ giây/);
  const stay = warning.getByRole('button', { name: 'Tiếp tục phiên làm việc' });
  await expect(stay).toBeFocused();
  await stay.click();
  await expect(warning).toBeHidden();
  // And focus goes back where it was.
  await expect(submit).toBeFocused();
  expect((await (await page.request.get(`${base}/api/session`)).json()).user.name).toBe('Nguyễn Văn An');
  // Left alone, the warning comes back and the session ends.
  await expect(warning).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Phiên làm việc đã kết thúc' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('link', { name: 'Đăng nhập' }).first()).toBeVisible();
  // The server agrees within moments (reading the session is not activity,
  // so asking does not keep it alive; the page's count may run a little ahead).
  await expect.poll(async () => (await (await page.request.get(`${base}/api/session`)).json()).user, { timeout: 15_000 }).toBeNull();
});
