/**
 * A PM's first hour: a dataset without review text (MovieLens) says so plainly on the Templates preview and the
 * Reviews page, and one key press opens the built-in sample instead.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { importMovieLens, screenshotSizes } from './newcomer';

const base = (page: Page) => page.url().replace(/#.*$/, '');

test('a dataset without review text says so and opens the sample by keyboard', async ({ page, studio }) => {
  // MovieLens has ratings but no reviews: imported by the CLI into the served workspace (a second process, same files).
  importMovieLens(studio);
  await page.goto(base(page) + '#/datasets/2/reviews');
  await page.reload();
  const notice = page.getByTestId('rev-no-review-text').first();
  await expect(notice).toContainText('ml has no review text');
  await expect(notice).toContainText('Import a dataset that has reviews');
  const open = notice.getByTestId('open-sample');
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/datasets\/1\/reviews$/);
  await expect(page.getByTestId('rev-no-review-text')).toHaveCount(0);

  // Templates: an explanation template previewed on ml says the same, and the button switches the preview to the sample.
  await page.goto(base(page) + '#/templates/3-1');
  await page.getByTestId('tpl-dataset').selectOption({ label: 'ml' });
  const tplNotice = page.getByTestId('tpl-preview-no-reviews');
  await expect(tplNotice).toContainText('ml has no review text');
  await expect(page.getByTestId('tpl-preview-none')).toHaveCount(0);
  await tplNotice.getByTestId('open-sample').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tpl-preview-no-reviews')).toHaveCount(0);
  await expect(page.getByTestId('tpl-preview-input')).toBeVisible();
  await screenshotSizes(page, 'pm-templates');
});
