// Every error a written e-form shows names its field and says what to do
// (issue 10): the first section of each shipped form is sent with its
// fields emptied, and each line of the error summary must contain the
// label of the field it leads to, in the order of the page.
import { test, expect, Page } from '@playwright/test';
import { citizenFor, signIn } from './pages';

// 1.001193 and 1.000656 are filled by eform.spec.ts with the same accounts.
const FORMS = ['1.000894', '1.001022', '1.001612', '1.004837', '1.004859', '1.004873', '2.000635', '2.000806', '3.000333'];
const GENERIC = ['Cần điền thông tin này.', 'Nội dung quá dài.', 'Ngày không hợp lệ.'];

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

test('every error of every written form names its field, in page order', async ({ page }, info) => {
  test.setTimeout(120_000);
  await signIn(page, citizenFor(info), '/');
  let checked = 0;
  for (const code of FORMS) {
    await page.goto(`/nop-ho-so/${code}`);
    const next = page.getByRole('button', { name: 'Lưu và tiếp tục' });
    await expect(next, code).toBeVisible();
    // Empty what the person may type on this page (what the national
    // identity filled stays: it is read-only).
    for (const input of await page.locator('main input[type=text]:not([readonly]), main input[type=tel], main input[type=email], main textarea').all()) {
      await input.fill('');
    }
    // The fields the page calls optional, to be accepted empty.
    const optional = await page.locator('main label:has(.optional)').evaluateAll((ls) => ls.map((l) => l.getAttribute('for')).filter(Boolean));
    await next.click();
    const summary = page.locator('#error-summary');
    await expect(summary.or(page.getByText(/^Bước 2\//)), code).toBeVisible();
    for (const id of optional) await expect(page.locator(`[id="${id}-error"]`), `${code}: ${id} is optional`).toHaveCount(0);
    if (!(await summary.isVisible())) {
      // Nothing required was left on this page: it was accepted.
      checked += 1;
      continue;
    }
    await expect(summary, code).toBeFocused();
    const lines = await summaryLines(page);
    expect(lines.length, code).toBeGreaterThan(0);
    for (const l of lines) {
      expect(GENERIC, `${code}: ${l.text}`).not.toContain(l.text.trim());
      expect(l.label, `${code}: the link of "${l.text}" leads to a labelled field (${l.id})`).not.toBe('');
      expect(l.text.toLowerCase(), `${code}: "${l.text}" names "${l.label}"`).toContain(l.label.toLowerCase());
      // The line under the field says the same.
      await expect(page.locator(`[id="${l.id}-error"]`), `${code} ${l.id}`).toHaveText(l.text);
    }
    // The summary follows the page from top to bottom.
    const tops = lines.map((l) => l.top);
    expect(tops, code).toEqual([...tops].sort((a, b) => a - b));
    checked += 1;
  }
  expect(checked).toBe(FORMS.length);
});

test('business lines come from the national list, with exactly one main line', async ({ page }, info) => {
  await signIn(page, citizenFor(info), '/');
  const session = await (await page.request.get('/api/session')).json();
  const headers = { 'x-csrf-token': session.csrf };
  const draft = await (await page.request.post('/api/me/drafts', { headers, data: { procedure: '1.001612' } })).json();
  await page.goto(`/nop-ho-so/1.001612?ban-nhap=${draft.id}&phan=activity`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ngành nghề, vốn và lao động');
  const add = page.getByRole('button', { name: 'Thêm một dòng' });
  for (let i = 0; i < 2; i++) await add.click();
  // The lines are the 495 four-digit lines of VSIC 2025, by code and name.
  const first = page.locator('[id="lines.0.code"]');
  await expect(first.locator('option')).toHaveCount(496);
  await first.selectOption('4711');
  await page.locator('[id="lines.1.code"]').selectOption('5610');
  await page.locator('[name="lines.0.main"]').nth(1).check();
  await page.locator('[name="lines.1.main"]').nth(1).check();
  await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click();
  const summary = page.locator('#error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('Ngành, nghề kinh doanh: chọn đúng một dòng là “ngành, nghề kinh doanh chính”');
  // One main line, and that error is gone.
  await page.locator('[name="lines.0.main"]').first().check();
  await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click();
  await expect(summary).toBeFocused();
  await expect(summary).not.toContainText('ngành, nghề kinh doanh chính');
  await page.request.delete(`/api/me/drafts/${draft.id}`, { headers });
});
