/** The span editor's keyboard model in real Chromium: caret, Shift/Ctrl+Shift+arrows, digits, Esc, undo/redo, j/k. */
import { expect, test, type Page } from '@playwright/test';
import { calls, mount } from './mount';

const text = (page: Page) => page.getByTestId('ent-text-wrap');
const message = (page: Page) => page.getByTestId('ent-message');

async function open(page: Page, params: Record<string, unknown> = {}): Promise<void> {
  await mount(page, 'span-editor', params);
  await expect(page.getByTestId('ent-editor')).toHaveAttribute('data-record-id', String(params.record ?? 2));
  await text(page).focus();
}

/** The spans of the last save the editor sent. */
async function lastSaved(page: Page): Promise<unknown[]> {
  const saves = await calls(page, 'entities.spans.save');
  return (saves.at(-1)?.args.spans as unknown[] | undefined) ?? [];
}

test('arrows move the caret one character, Home and End to the ends', async ({ page }) => {
  await open(page);
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(text(page)).toHaveAttribute('data-caret', '3');
  await page.keyboard.press('ArrowLeft');
  await expect(text(page)).toHaveAttribute('data-caret', '2');
  await expect(text(page)).toHaveAttribute('data-anchor', '2');
  await page.keyboard.press('End');
  await expect(text(page)).toHaveAttribute('data-caret', String('Alice lives in Paris and likes jazz'.length));
  await expect(page.getByTestId('ent-caret')).toBeVisible();
});

test('Shift+arrows select, snapped to the word, and a digit applies that label', async ({ page }) => {
  await open(page);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(text(page)).toHaveAttribute('data-anchor', '0');
  await expect(text(page)).toHaveAttribute('data-caret', '2');
  await expect(message(page)).toContainText('Selected “Alice”');
  await page.keyboard.press('1');
  await expect(message(page)).toHaveText('Added PERSON “Alice”.');
  await expect(page.getByTestId('ent-span-count')).toContainText('1 spans');
  await expect(page.getByTestId('ent-editor')).toHaveAttribute('data-save-state', 'saved');
  expect(await lastSaved(page)).toEqual([expect.objectContaining({ start: 0, end: 5, label: 'PERSON' })]);
});

test('Ctrl+Shift+arrows select word by word', async ({ page }) => {
  await open(page);
  await page.keyboard.press('Control+Shift+ArrowRight');
  await expect(text(page)).toHaveAttribute('data-caret', '5');
  await page.keyboard.press('Control+Shift+ArrowRight');
  await expect(text(page)).toHaveAttribute('data-caret', '11');
  await page.keyboard.press('Control+Shift+ArrowLeft');
  await expect(text(page)).toHaveAttribute('data-caret', '6');
  await expect(message(page)).toContainText('Selected “Alice”');
  await page.keyboard.press('Control+Shift+ArrowRight');
  await page.keyboard.press('2');
  await expect(message(page)).toHaveText('Added CITY “Alice lives”.');
});

test('a double-clicked word takes the label of the digit pressed', async ({ page }) => {
  await open(page);
  await page.getByTestId('ent-text').getByText('Paris').dblclick();
  await page.keyboard.press('2');
  await expect(message(page)).toHaveText('Added CITY “Paris”.');
  expect(await lastSaved(page)).toEqual([expect.objectContaining({ start: 15, end: 20, label: 'CITY' })]);
});

test('Esc clears the selection, so a digit then asks for one', async ({ page }) => {
  await open(page);
  await page.keyboard.press('Shift+End');
  await expect(message(page)).toContainText('Selected “Alice lives in Paris and likes jazz”');
  await page.keyboard.press('Escape');
  await expect(text(page)).toHaveAttribute('data-anchor', (await text(page).getAttribute('data-caret')) ?? 'none');
  await expect(message(page)).not.toContainText('Selected');
  await page.keyboard.press('1');
  await expect(message(page)).toHaveText('Select some text (or click a span) first, then press a label’s digit.');
  expect(await calls(page, 'entities.spans.save')).toHaveLength(0);
});

test('Ctrl+Z undoes and Ctrl+Y / Ctrl+Shift+Z redo, each saved', async ({ page }) => {
  await open(page);
  await page.keyboard.press('Control+Shift+ArrowRight');
  await page.keyboard.press('1');
  await expect(page.getByTestId('ent-span-count')).toContainText('1 spans');
  await page.keyboard.press('Control+z');
  await expect(message(page)).toHaveText('Undone.');
  await expect(page.getByTestId('ent-span-count')).toContainText('0 spans');
  await expect.poll(() => lastSaved(page)).toEqual([]);
  await page.keyboard.press('Control+y');
  await expect(message(page)).toHaveText('Redone.');
  await expect.poll(() => lastSaved(page)).toHaveLength(1);
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+Shift+Z');
  await expect(page.getByTestId('ent-span-count')).toContainText('1 spans');
  await page.keyboard.press('Control+Shift+Z');
  await expect(message(page)).toHaveText('Nothing to redo.');
});

test('a selected span: a digit relabels it, Delete removes it', async ({ page }) => {
  await open(page);
  await page.keyboard.press('Control+Shift+ArrowRight');
  await page.keyboard.press('1');
  await page.keyboard.press('Escape');
  await page.keyboard.press('2');
  await expect(message(page)).toHaveText('Select some text (or click a span) first, then press a label’s digit.');
  await page.getByTestId('ent-text').getByText('Alice').click();
  await page.keyboard.press('2');
  await expect(message(page)).toHaveText('Relabelled “Alice” PERSON → CITY.');
  await page.keyboard.press('Delete');
  await expect(message(page)).toHaveText('Removed CITY “Alice”.');
  await expect(page.getByTestId('ent-span-count')).toContainText('0 spans');
});

test('j/k move to the next/previous record by id without a filter', async ({ page }) => {
  await open(page);
  await page.keyboard.press('j');
  await expect(page.getByTestId('ent-editor')).toHaveAttribute('data-record-id', '3');
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  await expect(page.getByTestId('ent-editor')).toHaveAttribute('data-record-id', '1');
});

test('j/k move within the filtered list, and say so at its end (#13)', async ({ page }) => {
  await open(page, { filter: 'even', record: 2 });
  await page.keyboard.press('j');
  await expect(page.getByTestId('ent-editor')).toHaveAttribute('data-record-id', '4');
  await page.keyboard.press('j');
  await expect(page.getByTestId('ent-editor')).toHaveAttribute('data-record-id', '6');
  await page.keyboard.press('k');
  await expect(page.getByTestId('ent-editor')).toHaveAttribute('data-record-id', '4');
  await page.getByTestId('ent-next').click();
  await page.getByTestId('ent-next').click();
  await expect(page.getByTestId('ent-editor')).toHaveAttribute('data-record-id', '8');
  await page.keyboard.press('j');
  await expect(message(page)).toHaveText('No next record in the filtered list.');
  await expect(page.getByTestId('ent-editor')).toHaveAttribute('data-record-id', '8');
});
