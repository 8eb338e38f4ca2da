// The pages every public service has (issue 10): help and contact, privacy,
// accessibility and terms, linked from the footer of every page, in both
// languages, readable at 360 px and clean under axe.
import { test, expect } from '@playwright/test';
import { expectNoAxeViolations } from './pages';

const PAGES = [
  { link: 'Trợ giúp và liên hệ', en: 'Help and contact', title: 'Trợ giúp và liên hệ', titleEn: 'Help and contact', path: '/thong-tin/tro-giup' },
  { link: 'Dữ liệu cá nhân', en: 'Privacy', title: 'Thông báo về dữ liệu cá nhân', titleEn: 'Privacy notice', path: '/thong-tin/quyen-rieng-tu' },
  { link: 'Khả năng tiếp cận', en: 'Accessibility', title: 'Tuyên bố về khả năng tiếp cận', titleEn: 'Accessibility statement', path: '/thong-tin/tiep-can' },
  { link: 'Điều khoản sử dụng', en: 'Terms of use', title: 'Điều khoản sử dụng', titleEn: 'Terms of use', path: '/thong-tin/dieu-khoan' },
];

test('the footer leads to help, privacy, accessibility and terms, in Vietnamese and English', async ({ page }) => {
  await page.goto('/');
  const footer = page.getByRole('navigation', { name: 'Thông tin về cổng' });
  for (const p of PAGES) {
    await footer.getByRole('link', { name: p.link }).click();
    await expect(page).toHaveURL(new RegExp(`${p.path}$`));
    const h1 = page.getByRole('heading', { level: 1 });
    await expect(h1).toHaveText(p.title);
    await expect(h1).toBeFocused();
    await expect(page).toHaveTitle(new RegExp(`^${p.title} \\|`));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, p.path).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
  }
  // What the help page gives is the operator's contact.
  await page.goto('/thong-tin/tro-giup');
  await expect(page.getByRole('listitem').filter({ hasText: 'Đường dây nóng:' })).toBeVisible();

  await page.getByRole('button', { name: 'Switch to English' }).click();
  const en = page.getByRole('navigation', { name: 'About the portal' });
  for (const p of PAGES) {
    await en.getByRole('link', { name: p.en, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(p.titleEn);
    await expect(page.locator('.prose')).toHaveAttribute('lang', 'en');
    await expectNoAxeViolations(page);
  }
  // A reload of a page's own address is the page, not the app's 404.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Terms of use');
});
