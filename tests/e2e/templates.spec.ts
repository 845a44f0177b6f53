import type { Page } from '@playwright/test';
import { api, test, expect } from './fixtures';
import type { Template, TemplateVersion } from '../../preload/api-templates';

const templatesUrl = (page: Page, rest = '') => page.url().replace(/#.*$/, '') + `#/templates${rest}`;

/** Puts the cursor at the very end of a template editor's text. */
async function cursorToEnd(page: Page, editor: 'tpl-input' | 'tpl-target'): Promise<void> {
  await page.getByTestId(editor).locator('.cm-content').click();
  await page.keyboard.press('Control+End');
}

test('edit a template in the code editor, see the preview follow, save with the keyboard, and have a bad edit refused', async ({
  page,
  studio,
}) => {
  await page.goto(templatesUrl(page, '/2-3'));
  const editor = page.getByTestId('tpl-editor');
  await expect(editor).toHaveAttribute('data-template-id', '2-3');
  const before = await api<{ template: Template; versions: TemplateVersion[] }>(studio, 'templates.get', { id: '2-3' });
  await expect(page.getByTestId('tpl-version')).toHaveAttribute('data-version', String(before.template.version));
  await expect(page.getByTestId('tpl-version-row')).toHaveCount(before.versions.length);
  // The preview renders a real record of the sample dataset through the saved text.
  const rendered = page.getByTestId('tpl-preview-input');
  await expect(rendered).toBeVisible({ timeout: 20_000 });
  await expect(rendered).not.toContainText('ZEBRA');
  await expect(rendered.locator('mark.tpl-span').first()).toBeVisible();

  // Type plain text at the end of the input: the draft is marked unsaved and the preview shows the typed words.
  await cursorToEnd(page, 'tpl-input');
  await page.keyboard.type(' Answer like a ZEBRA.');
  await expect(editor).toHaveAttribute('data-dirty', 'true');
  await expect(page.getByTestId('tpl-save-state')).toContainText('unsaved');
  await expect(rendered).toContainText('Answer like a ZEBRA.');

  // Ctrl+S saves a new version: the number goes up, the list gains an entry, the diff shows the added words.
  await page.keyboard.press('Control+s');
  const next = before.template.version + 1;
  await expect(page.getByTestId('tpl-version')).toHaveAttribute('data-version', String(next));
  await expect(editor).toHaveAttribute('data-dirty', 'false');
  await expect(page.getByTestId('tpl-version-row')).toHaveCount(before.versions.length + 1);
  await expect(page.getByTestId('tpl-version-row').first()).toHaveAttribute('data-version', String(next));
  await expect(page.getByTestId('tpl-diff').locator('[data-kind="add"]').first()).toContainText('ZEBRA');
  const after = await api<{ template: Template; versions: TemplateVersion[] }>(studio, 'templates.get', { id: '2-3' });
  expect(after.template.version).toBe(next);
  expect(after.template.input).toBe(`${before.template.input} Answer like a ZEBRA.`);
  expect(after.template.builtin).toBe(false);

  // An unknown variable is marked at its line and column while typing, and the save is refused naming them.
  await cursorToEnd(page, 'tpl-input');
  await page.keyboard.type(' {{ nope_var }}');
  await page.keyboard.press('Escape');
  const problems = page.getByTestId('tpl-problems-input');
  await expect(problems).toContainText('nope_var');
  await expect(problems).toContainText(/line \d+, column \d+/);
  await expect(page.getByTestId('tpl-input').locator('.cm-lintRange-error')).toHaveCount(1);
  await page.keyboard.press('Control+s');
  const refusal = page.getByTestId('tpl-save-error');
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText('nope_var');
  await expect(refusal).toContainText(/line \d+/);
  await expect(refusal).toContainText(/column \d+/);
  await expect(page.getByTestId('tpl-version')).toHaveAttribute('data-version', String(next));
  expect((await api<{ template: Template }>(studio, 'templates.get', { id: '2-3' })).template.version).toBe(next);
});

test('unsaved edits are guarded on navigation; Alt+↓ and ] move through templates and examples', async ({ page }) => {
  await page.goto(templatesUrl(page, '/1-1'));
  await expect(page.getByTestId('tpl-editor')).toHaveAttribute('data-template-id', '1-1');
  await expect(page.getByTestId('tpl-preview')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });

  await page.getByTestId('tpl-name').fill('Star rating, reworded');
  await page.locator('[data-testid="tpl-item"][data-id="1-2"]').click();
  await expect(page.getByTestId('tpl-unsaved-dialog')).toBeVisible();
  await expect(page).toHaveURL(/#\/templates\/1-1$/);
  await page.getByTestId('tpl-unsaved-stay').click();
  await expect(page.getByTestId('tpl-name')).toHaveValue('Star rating, reworded');
  await page.locator('[data-testid="tpl-item"][data-id="1-2"]').click();
  await page.getByTestId('tpl-unsaved-discard').click();
  await expect(page.getByTestId('tpl-editor')).toHaveAttribute('data-template-id', '1-2');
  await expect(page).toHaveURL(/#\/templates\/1-2$/);

  // Keyboard: ] shows the next example, Alt+↓ opens the next template in the list.
  await page.getByTestId('tpl-list').click({ position: { x: 5, y: 5 } });
  await expect(page.getByTestId('tpl-index')).toHaveAttribute('data-index', '0');
  await page.keyboard.press(']');
  await expect(page.getByTestId('tpl-index')).toHaveAttribute('data-index', '1');
  await page.keyboard.press('[');
  await expect(page.getByTestId('tpl-index')).toHaveAttribute('data-index', '0');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByTestId('tpl-editor')).toHaveAttribute('data-template-id', '1-3');
});

test('the matrix renders one record through every template of all five families', async ({ page, studio }) => {
  const all = await api<Template[]>(studio, 'templates.list', {});
  await page.goto(templatesUrl(page, '/matrix'));
  const matrix = page.getByTestId('tpl-matrix');
  await expect(matrix).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  const families = page.getByTestId('tpl-matrix-family');
  await expect(families).toHaveCount(5);
  expect(await families.evaluateAll((els) => els.map((e) => e.getAttribute('data-family')))).toEqual([
    'rating',
    'sequential',
    'explanation',
    'review',
    'direct',
  ]);
  await expect(page.getByTestId('tpl-cell')).toHaveCount(all.length);
  for (const family of ['rating', 'sequential', 'explanation', 'review', 'direct']) {
    await expect(page.locator(`[data-testid="tpl-matrix-family"][data-family="${family}"] .tpl-rendered`).first()).not.toBeEmpty();
  }
  const user = await page.getByTestId('tpl-matrix-user').textContent();
  await page.getByTestId('tpl-matrix-next').click();
  await expect(page.getByTestId('tpl-matrix-index')).toHaveAttribute('data-index', '1');
  await expect(matrix).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('tpl-matrix-user')).not.toHaveText(user ?? '');
});
