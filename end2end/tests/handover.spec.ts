// A dossier's path inside the agency: the counter officer takes it in and
// hands it to a specialist, who passes it to the leader; the leader sees
// the unit's load by officer and transfers the dossier to another commune
// with a reason. The applicant reads every hand-over on the timeline and
// sees which units opened the dossier.
import { test, expect, Page, Browser } from '@playwright/test';
import { citizenFor, expectNoAxeViolations, fileDossier, signIn } from './pages';

const BA_DINH = 'Ủy ban nhân dân Phường Ba Đình';
const NGOC_HA = 'Ủy ban nhân dân Phường Ngọc Hà';

async function officerPage(browser: Browser, baseURL: string | undefined, viewport: { width: number; height: number } | null, name: string, at: string) {
  const context = await browser.newContext({ baseURL, viewport: viewport ?? undefined });
  const page = await context.newPage();
  await signIn(page, name, at);
  return page;
}

/** Picks the colleague named `name` in the hand-over list, whatever their load. */
async function chooseColleague(page: Page, name: string) {
  const option = page.locator('#handover-to_officer option', { hasText: name });
  await page.locator('#handover-to_officer').selectOption((await option.getAttribute('value'))!);
}

test('a dossier is handed to a specialist, passed to the leader and transferred, and the applicant sees each move', async ({ page, browser, baseURL, viewport }, info) => {
  test.setTimeout(120_000);
  const citizen = citizenFor(info);
  await signIn(page, citizen, '/ca-nhan');
  const code = await fileDossier(page);

  // The counter officer takes it in and hands it on.
  const counter = await officerPage(browser, baseURL, viewport, 'Lê Văn Cường', `/can-bo/ho-so/${code}`);
  await counter.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
  await counter.getByRole('button', { name: 'Xác nhận: Tiếp nhận' }).click();
  await expect(counter.locator('#page-notice')).toContainText('Đã tiếp nhận');
  const handover = counter.getByRole('region', { name: 'Giao hồ sơ' });
  // Nobody chosen: the summary takes focus, and the field says what to do.
  await handover.getByRole('button', { name: 'Giao hồ sơ' }).click();
  await expect(counter.locator('#handover-errors')).toBeFocused();
  await expect(counter.locator('#handover-to_officer-error')).toHaveText('Chọn cán bộ nhận hồ sơ trong danh sách.');
  await expect(counter.getByLabel('Giao cho cán bộ')).toHaveAttribute('aria-invalid', 'true');
  await chooseColleague(counter, 'Vũ Minh Khoa');
  await counter.getByLabel('Ghi chú (không bắt buộc)').fill('Nhờ anh xử lý');
  await handover.getByRole('button', { name: 'Giao hồ sơ' }).click();
  await expect(counter.locator('#page-notice')).toHaveText(`Đã giao hồ sơ: Vũ Minh Khoa — ${BA_DINH}.`);
  await expect(counter.locator('.timeline')).toContainText(`Chuyển cho: Vũ Minh Khoa (Chuyên viên xử lý) — ${BA_DINH}`);
  await expectNoAxeViolations(counter);

  // The specialist finds it under "Của tôi" and passes it to the leader.
  const specialist = await officerPage(browser, baseURL, viewport, 'Vũ Minh Khoa', '/can-bo?hang=mine');
  await expect(specialist.locator('.queue-tabs [aria-current="page"]')).toContainText('Của tôi');
  await specialist.getByRole('link', { name: code }).click();
  await expect(specialist.getByRole('heading', { level: 1 })).toHaveText(`Hồ sơ ${code}`);
  await chooseColleague(specialist, 'Bùi Thị Lan');
  await specialist.getByLabel('Ghi chú (không bắt buộc)').fill('Trình ký');
  await specialist.getByRole('region', { name: 'Giao hồ sơ' }).getByRole('button', { name: 'Giao hồ sơ' }).click();
  await expect(specialist.locator('#page-notice')).toHaveText(`Đã giao hồ sơ: Bùi Thị Lan — ${BA_DINH}.`);

  // The leader sees the unit's load by officer…
  const leader = await officerPage(browser, baseURL, viewport, 'Bùi Thị Lan', '/can-bo');
  const load = leader.getByRole('region', { name: `Khối lượng công việc: ${BA_DINH}` });
  await expect(load.getByRole('row', { name: /Bùi Thị Lan/ })).toBeVisible();
  await expect(load.getByRole('row', { name: /Vũ Minh Khoa/ })).toContainText('Chuyên viên xử lý');
  await expectNoAxeViolations(leader);
  // …and transfers the dossier to the commune it belongs to, with the reason.
  await leader.goto(`/can-bo/ho-so/${code}`);
  await leader.getByLabel('Đơn vị nhận').selectOption({ label: NGOC_HA });
  await leader.getByRole('button', { name: 'Chuyển hồ sơ' }).click();
  await expect(leader.locator('#transfer-errors')).toBeFocused();
  await expect(leader.locator('#transfer-note-error')).toHaveText('Nêu lý do chuyển hồ sơ để người nộp được biết.');
  await leader.getByLabel('Lý do chuyển').fill('Nơi cư trú thuộc Phường Ngọc Hà');
  await leader.getByRole('button', { name: 'Chuyển hồ sơ' }).click();
  await expect(leader.locator('#page-notice')).toHaveText(`Đã giao hồ sơ: ${NGOC_HA}.`);
  await expect(leader.getByRole('region', { name: 'Giao hồ sơ' })).toHaveCount(0);

  // The applicant reads each move, and who opened the dossier.
  await page.goto(`/ca-nhan/ho-so/${code}`);
  await expect(page.locator('.status-panel div', { hasText: 'Hình thức nộp' })).toContainText('Trực tuyến');
  await expect(page.locator('.status-panel .handler')).toHaveText(NGOC_HA);
  const timeline = page.locator('.timeline');
  await expect(timeline).toContainText('Chuyển đơn vị khác');
  await expect(timeline).toContainText(`Chuyển cho: ${NGOC_HA}`);
  await expect(timeline).toContainText('Nơi cư trú thuộc Phường Ngọc Hà');
  await page.getByText('Ai đã mở hồ sơ của bạn').click();
  await expect(page.locator('.who-opened li').filter({ hasText: 'Lê Văn Cường (Cán bộ tiếp nhận)' }).first()).toContainText(BA_DINH);
  await expectNoAxeViolations(page);
});
