import { test, expect } from './fixtures';

test('fit a constrained baseline with SFW from the UI and watch its gap curves', async ({ page }) => {
  await page.goto(page.url().replace(/#.*$/, '') + '#/datasets/1/baselines');
  await expect(page.getByTestId('baselines-page')).toBeVisible();
  // The sample dataset is not split yet: the page says so and offers to do it.
  await page.getByTestId('baselines-split').click();
  await expect(page.getByTestId('baseline-form')).toBeVisible();
  await expect(page.getByTestId('baselines-empty')).toBeVisible();

  await page.getByTestId('baseline-model').selectOption('nuclear-mc');
  await page.getByTestId('baseline-radius').fill('400');
  await page.getByTestId('baseline-epochs').fill('6');
  await page.getByTestId('baseline-batch').fill('50');
  await page.getByTestId('baseline-start').click();

  await expect(page.getByTestId('baseline-run-status').first()).toHaveText('done', { timeout: 30_000 });
  const gapChart = page.getByTestId('baseline-gap-chart');
  await expect(gapChart).toBeVisible();
  // SFW and deterministic FW, each with its exact and estimated gap: four series, six epochs each.
  await expect(gapChart.locator('g[data-series]')).toHaveCount(4);
  await expect(gapChart.locator('g[data-series="SFW (batch B) gap"] circle')).toHaveCount(6);
  const metrics = page.getByTestId('baseline-metrics');
  await expect(metrics).toContainText('test RMSE');
  await expect(metrics).toContainText('reference');
  await page.screenshot({ path: 'test-results/baselines.png', fullPage: true });
});

test('bad settings are refused with the field named', async ({ page }) => {
  await page.goto(page.url().replace(/#.*$/, '') + '#/datasets/1/baselines');
  await page.getByTestId('baselines-split').click();
  await page.getByTestId('baseline-sampler').fill('sometimes');
  await page.getByTestId('baseline-start').click();
  await expect(page.getByText(/sampler/).first()).toBeVisible();
  await expect(page.getByText(/expected cyclic or random:SEED/)).toBeVisible();
});
