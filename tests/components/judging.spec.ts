/** The judging view, keyboard first: scores, sides, preference, save, the empty-rubric warning, undo and previous. */
import { expect, test, type Page } from '@playwright/test';
import { calls, mount } from './mount';

const status = (page: Page) => page.getByTestId('rev-status');
const judging = (page: Page) => page.getByTestId('rev-judging');

async function open(page: Page): Promise<void> {
  await mount(page, 'judging');
  await expect(judging(page)).toHaveAttribute('data-position', '0');
  await expect(judging(page)).toHaveAttribute('data-state', 'ready');
}

test('digits score the row under the cursor, ← → change rows, A prefers left, N saves and opens the next pair', async ({ page }) => {
  await open(page);
  for (const key of ['4', '5', 'ArrowRight', '3', '2', 'a', 'n']) await page.keyboard.press(key);
  await expect(status(page)).toHaveText('Saved pair 1.');
  await expect(judging(page)).toHaveAttribute('data-position', '1');
  await expect(page.getByTestId('rev-progress')).toHaveText('1 / 3 judged by you');
  const [judge] = await calls(page, 'reviews.judge');
  expect(judge?.args).toMatchObject({
    position: 0,
    reviewer: 'rev',
    preference: 'left',
    scores: { left: { fluency: 4, faithfulness: 5 }, right: { fluency: 3, faithfulness: 2 } },
  });
});

test('N without a preference asks for one and saves nothing', async ({ page }) => {
  await open(page);
  await page.keyboard.press('n');
  await expect(status(page)).toContainText('Pick a preference first');
  expect(await calls(page, 'reviews.judge')).toHaveLength(0);
});

test('empty rubric scores warn once; N again saves without them', async ({ page }) => {
  await open(page);
  await page.keyboard.press('4');
  await page.keyboard.press('t');
  await page.keyboard.press('n');
  await expect(status(page)).toHaveText(
    '3 rubric scores are empty: faithfulness (left), fluency (right), faithfulness (right). Score them (1–5), or press N again to save without.',
  );
  expect(await calls(page, 'reviews.judge')).toHaveLength(0);
  await page.keyboard.press('n');
  await expect(status(page)).toHaveText('Saved pair 1.');
  const [judge] = await calls(page, 'reviews.judge');
  expect(judge?.args).toMatchObject({ preference: 'tie', scores: { left: { fluency: 4 }, right: {} } });
});

test('U undoes the last saved judgment and reopens its pair with the draft; P goes back a pair', async ({ page }) => {
  await open(page);
  for (const key of ['5', '5', 'ArrowRight', '5', '5', 'b', 'n']) await page.keyboard.press(key);
  await expect(judging(page)).toHaveAttribute('data-position', '1');
  await page.keyboard.press('u');
  await expect(status(page)).toContainText('Undid the judgment of pair 1');
  await expect(judging(page)).toHaveAttribute('data-position', '0');
  await expect(page.getByTestId('rev-progress')).toHaveText('0 / 3 judged by you');
  expect(await calls(page, 'reviews.unjudge')).toHaveLength(1);
  await page.keyboard.press('p');
  await expect(status(page)).toHaveText('This is the first pair.');
});
