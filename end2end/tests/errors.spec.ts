// Every error a written e-form shows names its field and says what to do
// (issue 10): every section of each shipped form is sent with its fields
// emptied, and each line of the error summary must contain the label of
// the field it leads to, in the order of the page.
import { test, expect } from '@playwright/test';
import { citizenFor, signIn, walkEveryErrorOfForm } from './pages';

// 1.001193 and 1.000656 are filled by eform.spec.ts with the same accounts.
const FORMS = ['1.000894', '1.001022', '1.001612', '1.004837', '1.004859', '1.004873', '2.000635', '2.000806', '3.000333'];
test('every error of every written form names its field, in page order', async ({ page }, info) => {
  test.setTimeout(240_000);
  await signIn(page, citizenFor(info), '/');
  let checked = 0;
  for (const code of FORMS) checked += await walkEveryErrorOfForm(page, code);
  expect(checked).toBeGreaterThan(FORMS.length * 3);
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
