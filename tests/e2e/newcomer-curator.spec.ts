/**
 * A curator's first hour, by keyboard only: Tab reaches the record text, arrows move a caret, Ctrl+Shift+← selects a
 * word, a digit labels it, Esc clears; the `?` help lists these keys; the default export writes the curator's span
 * and the dialog says so before writing.
 */
import { api, test, expect } from './fixtures';
import { screenshotSizes } from './newcomer';
import type { RecordDetail } from '../../preload/api-entities';

test('a span created and exported without the mouse', async ({ page, studio }) => {
  await page.goto(page.url().replace(/#.*$/, '') + '#/datasets/1/entities');
  await page.getByTestId('ent-textualize').click();
  await expect(page.locator('[data-testid="ent-editor"][data-record-id="1"]')).toBeVisible({ timeout: 30_000 });
  const wrap = page.getByTestId('ent-text-wrap');

  // Tab until the record text has focus (it is in the tab order).
  for (let i = 0; i < 60 && !(await wrap.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(wrap).toBeFocused();
  await expect(page.getByTestId('ent-caret')).toBeVisible();

  // Word by word to the end of "Recently", then Ctrl+Shift+← selects it; a plain → collapses, Shift+← reselects a letter.
  const text = (await api<RecordDetail>(studio, 'entities.records.get', { recordId: 1 })).text;
  const end = text.indexOf('Recently') + 'Recently'.length;
  for (let i = 0; i < 80 && Number(await wrap.getAttribute('data-caret')) < end; i++) await page.keyboard.press('Control+ArrowRight');
  await expect(wrap).toHaveAttribute('data-caret', String(end));
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(page.getByTestId('ent-message')).toContainText('Selected “Recently”'); // snaps to the word
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('ent-message')).not.toContainText('Selected');
  await expect(wrap).toHaveAttribute('data-anchor', String(end - 1));
  await page.keyboard.press('End');
  await page.keyboard.press('Home');
  await expect(wrap).toHaveAttribute('data-caret', '0');
  for (let i = 0; i < 80 && Number(await wrap.getAttribute('data-caret')) < end; i++) await page.keyboard.press('Control+ArrowRight');
  await page.keyboard.press('Control+Shift+ArrowLeft');
  await expect(wrap).toHaveAttribute('data-anchor', String(end));
  await expect(wrap).toHaveAttribute('data-caret', String(end - 'Recently'.length));
  await page.keyboard.press('2');
  const made = page.getByTestId('ent-text').locator('[data-source="human"]');
  await expect(made).toHaveCount(1);
  await expect(made).toHaveAttribute('data-label', 'OCCUPATION');
  await expect(made).toContainText('Recently');
  await expect(page.getByTestId('ent-editor')).toHaveAttribute('data-save-state', 'saved');
  await expect(wrap).toBeFocused(); // the caret stays in the text for the next span

  // The undo history survives moving to another record and back.
  await page.keyboard.press('j');
  await expect(page.locator('[data-testid="ent-editor"][data-record-id="2"]')).toBeVisible();
  await page.keyboard.press('k');
  await expect(page.locator('[data-testid="ent-editor"][data-record-id="1"]')).toBeVisible();
  await expect(page.getByTestId('ent-undo')).toBeEnabled();
  await page.keyboard.press('Control+z');
  await expect(made).toHaveCount(0);
  await page.keyboard.press('Control+y');
  await expect(made).toHaveCount(1);
  await expect(page.getByTestId('ent-editor')).toHaveAttribute('data-save-state', 'saved');

  // The help lists the entity keys.
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcuts-dialog');
  await expect(help).toBeVisible();
  for (const words of [
    'Entities: reach the record text',
    'Entities: select from the caret',
    'Entities: the label with that hotkey',
    'Entities: undo, redo',
    'Entities: accept or reject',
    'Entities: next / previous record',
    'Entities: clear the selection',
  ])
    await expect(help).toContainText(words);
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // Export with the default selection: the dialog says how many spans of whom, and the file holds the curator's span.
  await page.getByTestId('ent-open-export').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ent-export-selection')).toHaveValue('final');
  await expect(page.getByTestId('ent-export-plan')).toContainText(
    /Will write [\d,]+ spans on 48 records: [\d,]+ by curator \(1 record\), [\d,]+ machine \(47 records\)/,
  );
  await page.getByTestId('ent-export-run').focus();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const body = Buffer.concat((await (await download.createReadStream()).toArray()) as Buffer[]).toString('utf8');
  const tasks = JSON.parse(body) as { id: number; annotations: { result: { value: { text: string; labels: string[] } }[] }[] }[];
  const first = tasks.find((t) => t.id === 1)!;
  expect(first.annotations[0]!.result.some((r) => r.value.text === 'Recently' && r.value.labels[0] === 'OCCUPATION')).toBe(true);
  await expect(page.getByTestId('ent-export-result')).toContainText('by curator (1 record)');

  await screenshotSizes(page, 'curator-export');
});
