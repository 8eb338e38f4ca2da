// Installable, a shell that loads offline, and a first load within the byte budget.
import { test, expect, request as pwRequest } from '@playwright/test';
import * as http from 'node:http';
import { citizenFor, expectNoAxeViolations, signIn } from './pages';

test('the manifest and its icons make the portal installable', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await request.get(href!)).json();
  expect(manifest.display).toBe('standalone');
  expect(manifest.start_url).toBe('/');
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) {
    const r = await request.get(icon.src);
    expect(r.status(), icon.src).toBe(200);
    expect(r.headers()['content-type']).toBe(icon.type);
  }
});

test('a second visit loads the app shell without the network', async ({ page, context }) => {
  test.skip(test.info().project.name !== 'desktop', 'once is enough');
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  // The procedure seen online stays readable offline.
  await page.goto('/thu-tuc/1.001193');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục đăng ký khai sinh');
  // The network going away is said at once, in a live region already there.
  const banner = page.locator('.offline-banner');
  await expect(banner).toHaveAttribute('role', 'status');
  await expect(banner).toBeEmpty();
  await context.setOffline(true);
  await expect(banner).toContainText('Không có kết nối mạng');
  await expect(banner).toContainText('được giữ trên thiết bị này');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục đăng ký khai sinh');
  await expect(banner).toContainText('Không có kết nối mạng');
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cổng dịch vụ công');
  await context.setOffline(false);
  await expect(banner).toBeEmpty();
});

test('offline: a page never opened here is the portal\'s offline page, and nobody is called signed out', async ({ page, context }, info) => {
  test.skip(info.project.name !== 'desktop', 'once is enough');
  const name = citizenFor(info);
  await signIn(page, name, '/');
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Thủ tục được dùng nhiều' })).toBeVisible();
  // As on a device that never kept the person's session.
  await page.evaluate(() => caches.delete('personal-v1'));
  await context.setOffline(true);
  // The workspace was never opened on this device: its pages cannot load,
  // and the portal says so itself, in both languages, with a way home.
  await page.goto('/ca-nhan/ho-so');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không có kết nối mạng');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('No network connection');
  await expect(page.getByRole('link', { name: 'Về trang chủ' })).toHaveAttribute('href', '/');
  await expectNoAxeViolations(page);
  // A public page opens from the device; without the server nobody is
  // known to be signed in, so it offers no "sign in" either.
  await page.goto('/');
  await expect(page.locator('.offline-banner')).toContainText('Không có kết nối mạng');
  await expect(page.getByRole('heading', { name: 'Thủ tục được dùng nhiều' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Đăng nhập' })).toHaveCount(0);
  // Back online, the server is asked again and the person is there.
  await context.setOffline(false);
  await expect(page.getByRole('button', { name: `Tài khoản: ${name}` })).toBeVisible();
});

/** Bytes on the wire for one URL when the browser accepts brotli. */
function wireBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => resolve(n + JSON.stringify(res.headers).length));
    }).on('error', reject);
  });
}

test('first load of the home page is within 250 KB over the wire', async ({ page, baseURL }) => {
  test.skip(test.info().project.name !== 'desktop', 'once is enough');
  const urls = new Set<string>();
  page.on('request', (r) => { if (r.url().startsWith(baseURL!)) urls.add(r.url()); });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Thủ tục được dùng nhiều' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  let total = 0;
  const lines: string[] = [];
  for (const u of urls) {
    if (u.endsWith('/sw.js')) continue; // fetched after load by the service worker, not for the page
    const n = await wireBytes(u);
    total += n;
    lines.push(`${n}\t${u}`);
  }
  console.log(`first load: ${total} bytes\n${lines.join('\n')}`);
  expect(urls.size).toBeGreaterThan(3);
  expect(total).toBeLessThanOrEqual(250_000);
});
