// A citizen finds a procedure and reads what it takes, on a phone and on a desktop.
import { test, expect } from '@playwright/test';
import { search, filters, results, expectFoundAtLeast } from './pages';

test('search without diacritics from the home page finds the procedure', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cổng dịch vụ công');
  await search(page, 'dang ky khai sinh');
  await expect(page).toHaveURL(/\/tim-kiem\?q=dang%20ky%20khai%20sinh/);
  await expect(results(page).first().getByRole('link')).toHaveText('Thủ tục đăng ký khai sinh');
  await expect(page).toHaveTitle(/Kết quả tìm kiếm “dang ky khai sinh”/);
});

test('a colloquial word is understood and said so', async ({ page }) => {
  await page.goto('/tim-kiem?q=s%E1%BB%95%20%C4%91%E1%BB%8F');
  await expect(page.getByText('Đã hiểu “sổ đỏ” là “giấy chứng nhận quyền sử dụng đất”.')).toBeVisible();
  await expect(results(page).first()).toContainText(/Giấy chứng nhận quyền sử dụng đất/i);
});

test('a filter narrows the results and lives in the URL', async ({ page }) => {
  await page.goto('/tim-kiem?q=dang%20ky');
  const before = await expectFoundAtLeast(page, 20);
  const panel = await filters(page);
  const commune = panel.getByRole('link', { name: /^Cấp xã \(\d+\)/ });
  const expected = Number((await commune.innerText()).match(/\((\d+)\)/)![1]);
  await commune.click();
  await expect(page).toHaveURL(/level=commune/);
  await expect(page.getByRole('status').filter({ hasText: `Tìm thấy ${expected} thủ tục` })).toBeVisible();
  expect(expected).toBeLessThan(before);
  for (const card of await results(page).all()) {
    await expect(card).toContainText('Cấp xã');
  }
  // The count says a filter is in force; the link used went with the old
  // results, so the focus is on the new count, and it is in view.
  const found = page.locator('#results-found');
  await expect(found).toContainText(`Tìm thấy ${expected} thủ tục cho “dang ky”, với 1 bộ lọc`);
  await expect(found).toBeFocused();
  await expect(found).toBeInViewport();
  await expect(page.getByRole('complementary').locator('summary').first()).toHaveText('Bộ lọc (1)');
  const chips = page.getByRole('list', { name: 'Bộ lọc đang chọn' });
  if (test.info().project.name === 'phone-360') {
    // On a phone the panel is folded again, and what is chosen is a chip
    // above the results that one tap takes off.
    expect(await page.getByRole('complementary').locator('details').first().evaluate((d: HTMLDetailsElement) => d.open)).toBe(false);
    await expect(chips.getByRole('link')).toHaveText('Cấp xã × — bỏ bộ lọc này');
    const chipBox = (await chips.boundingBox())!;
    expect(chipBox.y + chipBox.height).toBeLessThanOrEqual((await results(page).first().boundingBox())!.y);
    expect((await chips.getByRole('link').boundingBox())!.height).toBeGreaterThanOrEqual(24);
  } else {
    await expect(chips).toBeHidden();
  }
  // The chosen value is marked for assistive technology, and clearing works.
  const chosen = (await filters(page)).locator('a[aria-current="true"]');
  await expect(chosen).toContainText('Cấp xã');
  // And only it: no other filter link claims to be the current page.
  await expect((await filters(page)).locator('a[aria-current]')).toHaveCount(1);
  if (test.info().project.name === 'phone-360') {
    await chips.getByRole('link').click();
  } else {
    await (await filters(page)).getByRole('link', { name: 'Xóa bộ lọc' }).click();
  }
  await expect(page).not.toHaveURL(/level=/);
  await expect(found).not.toContainText('bộ lọc');
});

test('the filters come before the results in the focus order, as on screen', async ({ page }) => {
  await page.goto('/tim-kiem?q=khai%20sinh');
  await expectFoundAtLeast(page, 1);
  const order = await page.evaluate(() => {
    const filters = document.querySelector('aside.filters')!;
    const firstResult = document.querySelector('.card-list article a')!;
    return filters.compareDocumentPosition(firstResult) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  expect(order).toBeTruthy();
  const panel = (await page.locator('aside.filters').boundingBox())!;
  const first = (await results(page).first().boundingBox())!;
  // On screen too: above on a phone, to the left on a desktop.
  expect(panel.y < first.y || panel.x + panel.width <= first.x).toBe(true);
});

test('open a procedure: title and focus move to it, everything needed is there', async ({ page }) => {
  await page.goto('/tim-kiem?q=ket%20hon');
  await results(page).getByRole('link', { name: 'Thủ tục đăng ký kết hôn', exact: true }).click();
  await expect(page).toHaveURL(/\/thu-tuc\/1\.000894$/);
  const h1 = page.getByRole('heading', { level: 1 });
  await expect(h1).toHaveText('Thủ tục đăng ký kết hôn');
  await expect(page).toHaveTitle('Thủ tục đăng ký kết hôn | Cổng dịch vụ công');
  await expect(h1).toBeFocused();
  for (const section of ['Hồ sơ cần chuẩn bị', 'Cách thức, thời hạn và phí', 'Trình tự thực hiện', 'Kết quả', 'Căn cứ pháp lý']) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
  await expect(page.getByRole('columnheader', { name: 'Bản chính' }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' })).toBeVisible();
});

test('deep link to a procedure survives a reload', async ({ page }) => {
  await page.goto('/thu-tuc/1.001193');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục đăng ký khai sinh');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục đăng ký khai sinh');
  await expect(page.getByRole('cell', { name: /biên bản về việc trẻ bị bỏ rơi/ })).toBeVisible();
});

test('the back button restores the results and their filters', async ({ page }) => {
  await page.goto('/');
  await search(page, 'ho tich');
  await expect(page).toHaveURL(/q=ho(%20|\+)tich/);
  const panel = await filters(page);
  await panel.getByRole('link', { name: /^Trực tuyến toàn trình \(\d+\)/ }).click();
  await expect(page).toHaveURL(/service_level=full/);
  const firstName = await results(page).first().getByRole('link').innerText();
  await results(page).first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(firstName);
  await page.goBack();
  await expect(page).toHaveURL(/q=ho%20tich.*service_level=full|service_level=full.*q=ho%20tich/);
  await expect(results(page).first().getByRole('link')).toHaveText(firstName);
  await expect(page.getByLabel('Tìm thủ tục hành chính')).toHaveValue('ho tich');
});

test('switching to English is remembered across a reload', async ({ page }) => {
  await page.goto('/thu-tuc/1.001193');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Documents to prepare' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Documents to prepare' })).toBeVisible();
  await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Hồ sơ cần chuẩn bị' })).toBeVisible();
});

test('an empty result helps the person on', async ({ page }) => {
  await page.goto('/tim-kiem?q=qwxzv%20jjkq');
  await expect(page.getByRole('heading', { name: 'Không tìm thấy thủ tục phù hợp' })).toBeVisible();
  await expect(page.getByText('Kiểm tra lại chính tả')).toBeVisible();
  await page.getByRole('link', { name: 'Xem các thủ tục được dùng nhiều' }).click();
  await expectFoundAtLeast(page, 100);
});

test('paging moves through results and keeps the query', async ({ page }) => {
  await page.goto('/tim-kiem?q=dang%20ky');
  const first = await results(page).first().getByRole('link').innerText();
  await page.getByRole('navigation', { name: 'Phân trang' }).getByRole('link', { name: 'Trang sau' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText(/Trang 2 \/ \d+/)).toBeVisible();
  await expect(results(page).first().getByRole('link')).not.toHaveText(first);
});

test('nothing spills sideways on the screen', async ({ page }) => {
  for (const url of ['/', '/tim-kiem?q=dat%20dai', '/thu-tuc/1.000894']) {
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, url).toBeLessThanOrEqual(0);
  }
});

test('an unknown page says so, with a way home', async ({ page }) => {
  await page.goto('/khong-co-trang-nay');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy trang');
  await page.getByRole('link', { name: 'Về trang chủ' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cổng dịch vụ công');
});

test('what is typed before the app has loaded is kept when it takes over', async ({ page }) => {
  // Hold the app back, as a slow phone connection would.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/', { waitUntil: 'domcontentloaded' });
  const box = page.locator('#boot-q');
  await box.fill('ket hon');
  release();
  // The app's own search box replaces the boot shell's, with the text and focus.
  const appBox = page.locator('#search-q');
  await expect(appBox).toHaveValue('ket hon');
  await expect(appBox).toBeFocused();
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await expect(page).toHaveURL(/\/tim-kiem\?q=ket%20hon$/);
  await expect(results(page).getByRole('link', { name: 'Thủ tục đăng ký kết hôn', exact: true })).toBeVisible();
});

test('the procedure page reads well on a phone: common case first, limits with their unit, one law per line, a way in always on screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/thu-tuc/1.001193');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thủ tục đăng ký khai sinh');
  // Before the cases were folded the page was 24,080 px tall at 360 px.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThanOrEqual(12040);
  // The other cases are folded under their names and open on demand.
  const other = page.locator('details.dossier-case').first();
  await expect(other.locator('summary')).toContainText(/\(\d+ giấy tờ\)/);
  await expect(other.getByRole('table')).toBeHidden();
  await other.locator('summary').click();
  await expect(other.getByRole('table')).toBeVisible();
  // "1" alone said nothing: the limit carries its unit.
  const limits = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Thời hạn giải quyết' }) });
  await expect(limits.getByRole('cell', { name: /^\d+ ngày làm việc$|^Trong ngày$/ }).first()).toBeVisible();
  // The legal basis is a list, one document per item, numbers not glued to titles.
  const legal = page.locator('section[aria-labelledby="sec-legal"] li');
  expect(await legal.count()).toBeGreaterThan(3);
  for (const item of await legal.allInnerTexts()) expect(item).not.toMatch(/[a-zà-ỹ]\d+\/\d{4}\//);
  // The submit link stays on screen at the top of the page and at its end.
  const submit = page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' });
  await expect(submit).toBeInViewport();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
  await expect(submit).toBeInViewport();
});
