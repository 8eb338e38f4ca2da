// Page objects: find things the way a screen reader would, by role and label.
import { expect, Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export async function search(page: Page, text: string) {
  await page.getByLabel('Tìm thủ tục hành chính').fill(text);
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
}

/** The filters panel; on a phone it starts folded and is opened first. */
export async function filters(page: Page) {
  const panel = page.getByRole('complementary');
  const details = panel.locator('details').first();
  if (!(await details.evaluate((d: HTMLDetailsElement) => d.open))) {
    await panel.locator('summary').first().click();
  }
  return panel;
}

export function results(page: Page) {
  return page.locator('.card-list article');
}

export async function expectFoundAtLeast(page: Page, n: number) {
  const status = page.getByRole('status').filter({ hasText: /Tìm thấy|found/ });
  await expect(status).toBeVisible();
  const count = Number((await status.innerText()).match(/\d+/)![0]);
  expect(count).toBeGreaterThanOrEqual(n);
  return count;
}

/** axe finds no WCAG 2.2 A/AA (or best-practice) violation on the page as it is now. */
export async function expectNoAxeViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary).toEqual([]);
}

/**
 * A demo account of the built-in national sign-in stand-in. Each browser
 * project signs in as a different citizen, so tests that change a profile
 * can run side by side.
 */
export function citizenFor(info: TestInfo) {
  return info.project.name === 'desktop' ? 'Nguyễn Văn An' : 'Trần Thị Bình';
}

/** On the stand-in's account chooser: pick the named demo account. */
export async function chooseDemoAccount(page: Page, name: string) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chọn tài khoản thử nghiệm');
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
}

/** Signs in through the stand-in and lands on `returnTo`. */
export async function signIn(page: Page, name: string, returnTo = '/', base = '') {
  await page.goto(`${base}/api/auth/login?return_to=${encodeURIComponent(returnTo)}`);
  await chooseDemoAccount(page, name);
  await expect(page.getByRole('button', { name: `Tài khoản: ${name}` })).toBeVisible();
}

/**
 * One language and one date format at a time: the visible text (and what a
 * screen reader is given) has no ISO date; in Vietnamese no code such as
 * `upload_result`; in English no Vietnamese outside what is marked as
 * Vietnamese content (`lang="vi"`: catalogue texts) or as the person's own
 * words (`translate="no"`: names, addresses, notes, file names).
 */
export async function expectOneLanguage(page: Page, where: string) {
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    const english = document.documentElement.lang === 'en';
    const vietnamese = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      const el = n.parentElement;
      if (!text || !el || el.closest('script, style, noscript, [hidden], [aria-hidden="true"]')) continue;
      if (!el.closest('option') && !el.checkVisibility() && !el.closest('.sr-only')) continue;
      if (/\b(19|20)\d\d-\d\d-\d\d\b/.test(text)) out.push(`ISO date: ${text}`);
      if (el.closest('[translate="no"]')) continue;
      if (!english && /\b[a-z]+_[a-z_]+\b/.test(text)) out.push(`code: ${text}`);
      if (english && el.closest('[lang]')?.getAttribute('lang') !== 'vi' && vietnamese.test(text)) out.push(`Vietnamese: ${text}`);
    }
    return out;
  });
  expect.soft(problems, where).toEqual([]);
}

/** Switches the portal's language with its own button (the choice is kept). */
export async function switchLanguage(page: Page, to: 'en' | 'vi') {
  if ((await page.evaluate(() => document.documentElement.lang)) !== to) {
    await page.locator('.lang-switch').click();
    await expect(page.locator('html')).toHaveAttribute('lang', to);
  }
}

/** A commune procedure offered fully online, answered by its generic form. */
export const GENERIC_PROCEDURE = '1.001266';

/** Files a dossier through the API as the signed-in person (the e-form itself is eform.spec's). */
export async function fileDossier(page: Page): Promise<string> {
  const session = await (await page.request.get('/api/session')).json();
  const headers = { 'x-csrf-token': session.csrf };
  const draft = await (await page.request.post('/api/me/drafts', { headers, data: { procedure: GENERIC_PROCEDURE } })).json();
  const answers = {
    ...draft.answers,
    applicant_phone: '0912 345 678',
    'applicant_address.province': '01',
    'applicant_address.commune': '00004',
    'applicant_address.street': 'Số 1 Hoàng Hoa Thám',
    declaration: 'yes',
    case: 'c0',
  };
  const saved = await page.request.put(`/api/me/drafts/${draft.id}`, { headers, data: { answers } });
  expect(saved.ok()).toBeTruthy();
  const key = `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const res = await page.request.post('/api/me/dossiers', { headers, data: { draft: draft.id, idempotency_key: key } });
  expect(res.status()).toBe(201);
  return (await res.json()).code;
}

const GENERIC_ERRORS = ['Cần điền thông tin này.', 'Nội dung quá dài.', 'Ngày không hợp lệ.'];

/** The summary's lines, each with the label of the field its link leads to. */
async function summaryLines(page: Page) {
  return page.locator('#error-summary li a').evaluateAll((links) =>
    links.map((a) => {
      const id = decodeURIComponent((a.getAttribute('href') ?? '').slice(1));
      const el = document.getElementById(id);
      let label = '';
      if (el instanceof HTMLFieldSetElement) label = el.querySelector('legend')?.textContent ?? '';
      else if (el instanceof HTMLInputElement && el.type === 'checkbox') label = el.closest('label')?.textContent ?? '';
      else if (el && 'labels' in el) label = ((el as HTMLInputElement).labels?.[0]?.textContent) ?? '';
      const top = el ? el.getBoundingClientRect().top + window.scrollY : -1;
      return { text: a.textContent ?? '', id, label: label.replace(/\(không bắt buộc\)/g, '').trim(), top };
    }),
  );
}

/**
 * Every section of the written form `code`, each opened at its own
 * address and sent with what the person may type emptied: each line of
 * the error summary names the field its link leads to and says the same
 * as the line under the field, in page order, and no field the page calls
 * optional is refused. The draft is deleted afterwards. Returns the
 * number of sections checked.
 */
export async function walkEveryErrorOfForm(page: Page, code: string) {
  const session = await (await page.request.get('/api/session')).json();
  const headers = { 'x-csrf-token': session.csrf };
  const form = await (await page.request.get(`/api/forms/${code}`)).json();
  const draft = await (await page.request.post('/api/me/drafts', { headers, data: { procedure: code } })).json();
  let checked = 0;
  for (const section of form.sections as { id: string; title: { vi: string } }[]) {
    const where = `${code}/${section.id}`;
    await page.goto(`/nop-ho-so/${code}?ban-nhap=${draft.id}&phan=${section.id}`);
    await expect(page.getByRole('heading', { level: 1 }), where).toHaveText(section.title.vi);
    const next = page.getByRole('button', { name: 'Lưu và tiếp tục' });
    await expect(next, where).toBeVisible();
    // Empty what the person may type on this page (what the national
    // identity filled stays: it is read-only).
    for (const input of await page.locator('main input[type=text]:not([readonly]), main input[type=tel], main input[type=email], main textarea').all()) {
      await input.fill('');
    }
    // The fields the page calls optional, to be accepted empty.
    const optional = await page.locator('main label:has(.optional)').evaluateAll((ls) => ls.map((l) => l.getAttribute('for')).filter(Boolean));
    await next.click();
    const summary = page.locator('#error-summary');
    await expect(summary.or(page.getByRole('heading', { level: 1 }).filter({ hasNotText: section.title.vi })), where).toBeVisible();
    for (const id of optional) await expect(page.locator(`[id="${id}-error"]`), `${where}: ${id} is optional`).toHaveCount(0);
    checked += 1;
    if (!(await summary.isVisible())) continue; // nothing required was left: accepted
    await expect(summary, where).toBeFocused();
    const lines = await summaryLines(page);
    expect(lines.length, where).toBeGreaterThan(0);
    for (const l of lines) {
      expect(GENERIC_ERRORS, `${where}: ${l.text}`).not.toContain(l.text.trim());
      expect(l.label, `${where}: the link of "${l.text}" leads to a labelled field (${l.id})`).not.toBe('');
      expect(l.text.toLowerCase(), `${where}: "${l.text}" names "${l.label}"`).toContain(l.label.toLowerCase());
      // The line under the field says the same.
      await expect(page.locator(`[id="${l.id}-error"]`), `${where} ${l.id}`).toHaveText(l.text);
    }
    // The summary follows the page from top to bottom.
    const tops = lines.map((l) => l.top);
    expect(tops, where).toEqual([...tops].sort((a, b) => a - b));
  }
  await page.request.delete(`/api/me/drafts/${draft.id}`, { headers });
  return checked;
}
