// One language and one date format at a time, on every page: no ISO date,
// no code in Vietnamese, no Vietnamese system text in English (WCAG 3.1.2;
// issue 10). Catalogue content and people's own words are marked for what
// they are and are not counted.
import { test, expect, Page } from '@playwright/test';
import { citizenFor, expectOneLanguage, fileDossier, signIn, switchLanguage } from './pages';

/** Opens a page and waits until what it loads is there. */
async function open(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator('#page-title')).toBeVisible();
  await expect(page.locator('.loading')).toHaveCount(0);
}

async function scan(page: Page, urls: string[]) {
  for (const lang of ['vi', 'en'] as const) {
    await open(page, urls[0]);
    await switchLanguage(page, lang);
    for (const url of urls) {
      await open(page, url);
      await expectOneLanguage(page, `${lang} ${url}`);
    }
  }
}

test('public pages', async ({ page }) => {
  test.setTimeout(90_000);
  await scan(page, ['/', '/tim-kiem?q=khai%20sinh', '/thu-tuc/1.001193', '/thong-tin/tro-giup', '/thong-tin/quyen-rieng-tu', '/tra-cuu-ho-so', '/phan-anh-kien-nghi', '/khong-co-trang-nay']);
});

test('a citizen\'s pages, with a dossier filed', async ({ page, browser, baseURL }, info) => {
  test.setTimeout(120_000);
  await signIn(page, citizenFor(info), '/');
  const code = await fileDossier(page);
  await scan(page, ['/ca-nhan/ho-so', `/ca-nhan/ho-so/${code}`, '/ca-nhan/giay-to', '/ca-nhan/thong-tin', '/nop-ho-so/1.000894']);
  // Opening the notifications marks them read: the business account's, so
  // the citizens' tests that count unread ones running alongside are not raced.
  const business = await (await browser.newContext({ baseURL })).newPage();
  await signIn(business, 'Công ty TNHH Dịch vụ Minh Phát', '/ca-nhan/thong-bao');
  await scan(business, ['/ca-nhan/thong-bao']);
});

test('an officer\'s and an administrator\'s pages', async ({ page, browser, baseURL }, info) => {
  test.skip(info.project.name !== 'desktop', 'the officers work on a desktop');
  test.setTimeout(120_000);
  await signIn(page, citizenFor(info), '/');
  const code = await fileDossier(page);
  const officer = await (await browser.newContext({ baseURL })).newPage();
  await signIn(officer, 'Lê Văn Cường', '/can-bo');
  await scan(officer, ['/can-bo', `/can-bo/ho-so/${code}`, '/can-bo/danh-gia']);
  // A leader's page has the unit's load by officer.
  const leader = await (await browser.newContext({ baseURL })).newPage();
  await signIn(leader, 'Bùi Thị Lan', '/can-bo');
  await scan(leader, ['/can-bo', `/can-bo/ho-so/${code}`]);
  const admin = await (await browser.newContext({ baseURL })).newPage();
  await signIn(admin, 'Hoàng Quốc Em', '/can-bo/nhat-ky');
  await scan(admin, ['/can-bo/nhat-ky', '/can-bo/phan-quyen', '/can-bo/don-vi']);
});
