import type { Page } from '@playwright/test';
import { api, expect, test } from './fixtures';
import type { CallResult } from '../../preload/api';
import { screenshotSizes } from './newcomer';

const lumUrl = (page: Page, rest = '') => page.url().replace(/#.*$/, '') + `#/datasets/1/lum${rest}`;
const shownConfig = async (page: Page): Promise<unknown> =>
  JSON.parse((await page.getByTestId('lum-config-json').textContent()) ?? 'null') as unknown;

test('train a LUM run from the form, query it under conditions, and compare the rankers with and without it', async ({ page, studio }) => {
  await page.goto(lumUrl(page));
  await expect(page.getByTestId('lum-page')).toBeVisible();
  await expect(page.getByTestId('lum-empty')).toContainText('configure one on the left and press Train');
  // The condition picker offers the sample's item fields, the genre field by default, and "none" for the ablation.
  await expect(page.getByTestId('lum-condition').locator('option').first()).toHaveText('default: genres');
  await expect(page.getByTestId('lum-condition').locator('option').last()).toContainText('no condition tokens');
  expect(await shownConfig(page)).toEqual({});

  // A half-typed number is named by the schema and nothing starts.
  await page.getByTestId('lum-steps').fill('six');
  await page.getByTestId('lum-start').click();
  await expect(page.getByTestId('lum-start-error')).toContainText('steps');
  await page.getByTestId('lum-preset').selectOption('tiny');
  await page.getByTestId('lum-steps').fill('6');
  await page.getByTestId('lum-batchSize').fill('4');
  await page.getByTestId('lum-checkpointEvery').fill('3');
  expect(await shownConfig(page)).toEqual({ preset: 'tiny', steps: 6, batchSize: 4, checkpointEvery: 3 });
  await page.getByTestId('lum-start').click();

  await expect(page).toHaveURL(/#\/datasets\/1\/lum\/1$/);
  const detail = page.getByTestId('lum-detail');
  await expect(detail).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.locator('[data-testid="lum-row"][data-run-id="1"]').getByTestId('lum-row-steps')).toHaveText('6 / 6');
  await expect(page.getByTestId('lum-loss-chart').locator('g[data-series="InfoNCE"] circle')).toHaveCount(6);
  await expect(page.getByTestId('lum-checkpoint')).toHaveCount(2);
  await expect(page.getByTestId('lum-condition-used')).toHaveText('genres');
  const { run } = await api<CallResult<'lum.get'>>(studio, 'lum.get', { id: 1 });
  await expect(page.getByTestId('lum-backend-used')).toContainText(run.backend!);
  await expect(page.getByTestId('lum-summary-loss')).toHaveText(
    `${run.summary!.initialLoss!.toFixed(4)} → ${run.summary!.finalLoss!.toFixed(4)}`,
  );

  // Step 2: three conditions are picked to start with; one more is added; each gets its nearest items and its dots.
  const chips = page.getByTestId('lum-condition-chip');
  await expect(chips.and(page.locator('[aria-pressed="true"]'))).toHaveCount(3);
  await chips.nth(3).click();
  await page.getByTestId('lum-query-run').click();
  await expect(page.getByTestId('lum-query-result')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('lum-neighbours')).toHaveCount(4);
  await expect(page.getByTestId('lum-neighbours').first().locator('li')).toHaveCount(10);
  await expect(page.getByTestId('lum-history').locator('li').first()).toBeVisible();
  await expect(page.getByTestId('lum-score-dot')).toHaveCount(40);

  // Step 3: the rankers fill the table and the bars; the no-condition ablation says how to fill its row.
  await expect(page.getByTestId('lum-rank-empty')).toBeVisible();
  await page.getByTestId('lum-rank-start').click();
  const full = page.locator('[data-testid="lum-rank-row"][data-variant="full"]').getByTestId('lum-rank-auc');
  await expect(full).toHaveText(/^0\.\d{4}$/, { timeout: 90_000 });
  await expect(page.locator('[data-testid="lum-rank-row"][data-variant="without"]').getByTestId('lum-rank-auc')).toHaveText(/^0\.\d{4}$/);
  await expect(page.locator('[data-testid="lum-rank-row"][data-variant="direct"]').getByTestId('lum-rank-auc')).toHaveText(/^0\.\d{4}$/);
  await expect(page.locator('[data-testid="lum-rank-row"][data-variant="noCond"]')).toContainText('condition "none"');
  await expect(page.getByTestId('lum-rank-bar')).toHaveCount(6);
  const { run: ranked } = await api<CallResult<'lum.get'>>(studio, 'lum.get', { id: 1 });
  await expect(full).toHaveText(ranked.rankings.find((r) => r.variant === 'full')!.auc.toFixed(4));
  await expect(page.getByTestId('lum-scaling-empty')).toContainText('one is ranked so far');
  await expect(page.locator('[data-testid="lum-row"][data-run-id="1"]').getByTestId('lum-row-auc')).toHaveText(/^0\.\d{4}$/);
  // The whole page (form, run, query, rankers) at both window sizes: no control cut off.
  await screenshotSizes(page, 'lum-run');
});
