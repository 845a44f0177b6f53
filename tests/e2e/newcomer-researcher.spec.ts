/**
 * A researcher's first hour: the run form unticks what a dataset cannot feed (MovieLens has no reviews) and says
 * why; a run started with Ctrl+Enter, a second one, a generation from the older run — and Evaluation (g v) opens on
 * that run, not the newest; the Generations table names users by the dataset's ids; the loss chart smooths; the validation loss is drawn beside it and overlaid when comparing.
 */
import type { Page } from '@playwright/test';
import { api, test, expect } from './fixtures';
import { importMovieLens, screenshotSizes } from './newcomer';
import type { CallResult } from '../../preload/api';
import type { ServedStudio } from './serve-process';

const at = (page: Page, rest: string) => page.url().replace(/#.*$/, '') + `#/datasets/${rest}`;

async function until(studio: ServedStudio, what: () => Promise<boolean>): Promise<void> {
  await expect.poll(what, { timeout: 120_000, intervals: [500] }).toBe(true);
}

test('run form, training, generation, evaluation and comparison by keyboard', async ({ page, studio }) => {
  test.setTimeout(300_000);
  importMovieLens(studio);

  // MovieLens: explanation and review are unticked and disabled, and the form says why.
  await page.goto(at(page, '2/runs'));
  await page.reload();
  await expect(page.getByTestId('run-families-unfed')).toContainText('explanation: this dataset has no review text');
  await expect(page.getByTestId('run-family-explanation')).not.toBeChecked();
  await expect(page.getByTestId('run-family-explanation')).toBeDisabled();
  await expect(page.getByTestId('run-family-review')).toBeDisabled();
  await expect(page.getByTestId('run-family-rating')).toBeChecked();

  // The sample has reviews: nothing unticked. A tiny run, started from the keyboard (Ctrl+Enter).
  await page.goto(at(page, '1/runs'));
  await expect(page.getByTestId('run-family-explanation')).toBeChecked();
  await expect(page.getByTestId('run-families-unfed')).toHaveCount(0);
  await page.getByTestId('run-family-explanation').focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('run-family-explanation')).not.toBeChecked();
  await page.getByTestId('run-steps').fill('6');
  await page.getByTestId('run-batchSize').fill('4');
  await page.getByTestId('run-checkpointEvery').fill('3');
  await page.keyboard.press('Control+Enter');
  await expect(page).toHaveURL(/#\/datasets\/1\/runs\/1$/);
  await expect(page.getByTestId('run-detail')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  // A second, newer run; then a generation from the older one.
  await api(studio, 'runs.start', {
    datasetId: 1,
    config: { families: ['rating', 'sequential'], steps: 6, batchSize: 4, checkpointEvery: 3, seed: 2 },
  });
  await until(studio, async () => (await api<CallResult<'runs.get'>>(studio, 'runs.get', { id: 2 })).run.status === 'done');
  await api(studio, 'generations.start', { runId: 1, family: 'sequential', split: 'test', templates: ['2-3'], limit: 4 });
  await until(studio, async () => (await api<CallResult<'generations.sets'>>(studio, 'generations.sets', {}))[0]?.status === 'done');

  // The loss chart smooths by default; the slider goes to raw with Home and back up with the arrows.
  await page.goto(at(page, '1/runs/1'));
  const slider = page.getByTestId('run-loss-chart-smoothing');
  await expect(page.getByTestId('run-loss-chart').locator('g[data-faint]').first()).toBeAttached();
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('run-loss-chart-smoothing-value')).toHaveText('0.00');
  await expect(page.getByTestId('run-loss-chart').locator('g[data-faint]')).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('run-loss-chart-smoothing-value')).toHaveText('0.01');
  await expect(page.getByTestId('run-loss-chart').locator('svg text.tick').first()).not.toHaveText(/\d\.\d{6,}/);
  // Beside it, the validation loss (measured at the last step of this short run), overall and per family.
  const valid = page.getByTestId('run-valid-chart');
  await expect(valid.locator('g[data-series="validation loss"]')).toBeAttached();
  await expect(valid.locator('g[data-series="rating (validation)"]')).toBeAttached();
  await expect(page.getByTestId('run-valid-chart-smoothing')).toBeVisible();
  await screenshotSizes(page, 'researcher-run');

  // g v: Evaluation opens on run 1, the run generated from — not run 2, the newest.
  await page.locator('main').focus();
  await page.keyboard.press('g');
  await page.keyboard.press('v');
  await expect(page).toHaveURL(/#\/datasets\/1\/evaluation$/);
  await expect(page.getByTestId('eval-run')).toHaveValue('1');

  // The Generations table names users as the dataset does (u…), as the prompt does.
  await page.goto(at(page, '1/generations/1'));
  const rows = page.getByTestId('gen-row');
  await expect(rows).toHaveCount(4);
  const stored = await api<CallResult<'generations.rows'>>(studio, 'generations.rows', { setId: 1, limit: 10 });
  for (let i = 0; i < 4; i++) {
    await expect(rows.nth(i).locator('td').nth(2)).toHaveText(stored.rows[i]!.userExt);
    expect(stored.rows[i]!.input).toContain(stored.rows[i]!.userExt);
  }
  await screenshotSizes(page, 'researcher-generations');

  // Compare both runs: two smoothed curves over their raw ones.
  await page.goto(at(page, '1/runs/compare/1,2'));
  const chart = page.getByTestId('run-compare-chart');
  await expect(chart.locator('g[data-series]:not([data-faint])')).toHaveCount(2);
  await expect(page.getByTestId('run-compare-valid-chart').locator('g[data-series]:not([data-faint])')).toHaveCount(2);
  await screenshotSizes(page, 'researcher-compare');
  await page.goto(at(page, '1/evaluation/1'));
  await page.screenshot({ path: 'test-results/researcher-evaluation-1280x720.png' });
});
