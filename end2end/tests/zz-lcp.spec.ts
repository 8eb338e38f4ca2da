import { test } from '@playwright/test';
test('lcp', async ({ page }) => {
  await page.route('**/*.wasm', async (route) => { await new Promise((r) => setTimeout(r, 1500)); await route.continue(); });
  await page.addInitScript(() => {
    (window as any).__lcp = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries() as any) (window as any).__lcp.push([Math.round(e.startTime), e.size, e.element?.outerHTML.slice(0, 80), e.element?.isConnected]); }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  await page.goto('/');
  await page.waitForTimeout(3000);
  console.log(JSON.stringify(await page.evaluate(() => (window as any).__lcp), null, 1));
});
