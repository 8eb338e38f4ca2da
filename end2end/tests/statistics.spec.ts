// The public statistics page (issue 13): the period's figures with each
// indicator's numerator and denominator, a filter by unit, the channel
// bars beside their table, a refused period named at its field; axe in
// both languages at 360 px and 1280 px.
import { test, expect } from '@playwright/test';
import { expectNoAxeViolations, expectOneLanguage, signIn, switchLanguage } from './pages';

test('the public statistics show a period\'s figures, filter by unit and name a refused period', async ({ page }, info) => {
  await page.goto('/co-quan');
  await page.getByRole('link', { name: 'Thống kê giải quyết thủ tục hành chính' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thống kê giải quyết thủ tục hành chính');
  const indicators = page.getByRole('table').first();
  await expect(indicators.getByRole('rowheader', { name: /^Giải quyết đúng hạn/ })).toBeVisible();
  await expect(page.locator('main').getByRole('status')).toContainText('cập nhật mỗi phút');
  await expect(page.getByRole('table', { name: 'Hồ sơ tiếp nhận theo hình thức nộp' })).toContainText('Trực tuyến');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(page.viewportSize()!.width);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: info.outputPath('statistics.png'), fullPage: true });

  // One unit, a whole year: the address says so and can be shared.
  await page.getByLabel('Từ ngày').fill('2026-01-01');
  await page.getByLabel('Đến ngày').fill('2026-12-31');
  await page.getByLabel('Đơn vị', { exact: true }).selectOption({ label: 'Ủy ban nhân dân Phường Ba Đình' });
  await page.getByRole('button', { name: 'Xem số liệu' }).click();
  await expect(page).toHaveURL(/\/thong-ke\?tu=2026-01-01&den=2026-12-31&don-vi=X00004$/);
  await expect(page.locator('main').getByRole('status')).toContainText('Từ 01/01/2026 đến 31/12/2026');

  // Against the period before, and the unit's place.
  await expect(page.getByRole('columnheader', { name: 'Kỳ trước', exact: true })).toBeVisible();
  await expect(page.getByText('Kỳ trước để so sánh: từ 01/01/2025 đến 31/12/2025.')).toBeVisible();
  // Month by month: the chart's numbers are in the table after it.
  const months = page.getByRole('region', { name: 'Hồ sơ tiếp nhận và có kết quả theo tháng' });
  await expect(months.getByRole('row')).toHaveCount(13);
  await expect(months.getByRole('rowheader').first()).toHaveText('01/2026');

  // Online services: what is offered, in words.
  await expect(page.getByText(/^Thủ tục của tỉnh: \d+ cung cấp trực tuyến toàn trình/)).toBeVisible();

  // The ranking: communes first; departments on request, the address kept.
  const ranking = page.getByRole('region', { name: 'Xếp hạng đơn vị' });
  await expect(ranking.getByRole('columnheader', { name: 'Hạng' })).toBeVisible();
  expect(await ranking.getByRole('row').count()).toBeGreaterThan(30);
  await page.getByLabel('Cấp đơn vị').selectOption('department');
  await page.getByRole('button', { name: 'Xếp hạng', exact: true }).click();
  await expect(page).toHaveURL(/don-vi=X00004&cap=department&theo=on_time$/);
  await expect(ranking).toContainText('Sở Tư pháp');
  await expect(ranking).not.toContainText('Ủy ban nhân dân Phường');
  await expectNoAxeViolations(page);

  // The dossiers behind a count: as many rows as the count says.
  const api = await (await page.request.get('/api/statistics?from=2026-01-01&to=2026-12-31&unit=X00004')).json();
  await page.goto('/thong-ke/ho-so?chi-so=received&don-vi=X00004&tu=2026-01-01&den=2026-12-31');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Các hồ sơ phía sau số liệu');
  await expect(page.locator('main').getByRole('status')).toContainText(`Tiếp nhận trong kỳ — X00004, từ 01/01/2026 đến 31/12/2026: ${api.dossiers.received} hồ sơ.`);
  if (api.dossiers.received > 0) {
    await expect(page.locator('main tbody tr')).toHaveCount(Math.min(api.dossiers.received, 50));
  }
  await expectNoAxeViolations(page);
  await page.screenshot({ path: info.outputPath('statistics-behind.png'), fullPage: true });
  await page.getByRole('link', { name: 'Quay lại số liệu' }).click();
  await expect(page).toHaveURL(/\/thong-ke\?tu=2026-01-01&den=2026-12-31&don-vi=X00004$/);

  // The same figures as CSV.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: /^Tải số liệu này về \(CSV/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('thong-ke-2026-01-01-2026-12-31.csv');
  const csv = await (await page.request.get('/api/statistics/figures.csv?from=2026-01-01&to=2026-12-31&unit=X00004')).text();
  expect(csv.split('\n')[2]).toBe('figure,numerator,denominator,percent');

  // A period that ends before it starts is refused at its field.
  await page.goto('/thong-ke?tu=2026-12-31&den=2026-01-01');
  await expect(page.locator('#st-to-error')).toHaveText('Ngày kết thúc phải từ ngày bắt đầu trở đi.');
  await expectNoAxeViolations(page);

  await page.goto('/thong-ke');
  await switchLanguage(page, 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Statistics on administrative procedures');
  await expect(page.getByRole('rowheader', { name: /^Handled on time/ })).toBeVisible();
  await expectOneLanguage(page, 'en statistics');
  await expectNoAxeViolations(page);
});

test('a ward leader sees the ward\'s figures, officer by officer', async ({ page }, info) => {
  await signIn(page, 'Bùi Thị Lan', '/can-bo/thong-ke');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Số liệu giải quyết hồ sơ của đơn vị');
  const ward = page.getByRole('region', { name: 'Ủy ban nhân dân Phường Ba Đình' });
  await expect(ward.getByRole('rowheader', { name: 'Giải quyết đúng hạn' })).toBeVisible();
  await expect(ward.getByRole('heading', { name: 'Theo cán bộ xử lý' })).toBeVisible();
  await expect(ward.getByRole('link', { name: 'Xem trang công khai của đơn vị' })).toHaveAttribute('href', '/thong-ke?don-vi=X00004');
  await expectNoAxeViolations(page);
  await page.screenshot({ path: info.outputPath('officer-statistics.png'), fullPage: true });
});
