import { test, expect } from './fixtures';

test('fit a constrained baseline with SFW from the UI and watch its gap curves', async ({ page }) => {
  await page.goto(page.url().replace(/#.*$/, '') + '#/datasets/1/baselines');
  await expect(page.getByTestId('baselines-page')).toBeVisible();
  // The sample has no stored split yet: the form is there, and says Fit records the split first.
  await expect(page.getByTestId('baseline-form')).toBeVisible();
  await expect(page.getByTestId('baselines-needs-split')).toContainText('Fit records it first');
  await expect(page.getByTestId('baselines-empty')).toContainText('in the form above');

  await page.getByTestId('baseline-model').selectOption('nuclear-mc');
  await page.getByTestId('baseline-radius').fill('400');
  await page.getByTestId('baseline-epochs').fill('6');
  await page.getByTestId('baseline-batch').fill('50');
  await page.getByTestId('baseline-start').click();

  await expect(page.getByTestId('baseline-run-status').first()).toHaveText('done', { timeout: 30_000 });
  await expect(page.getByTestId('baselines-needs-split')).toHaveCount(0);
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
  await page.getByTestId('baseline-sampler').fill('sometimes');
  await page.getByTestId('baseline-start').click();
  await expect(page.getByText(/sampler/).first()).toBeVisible();
  await expect(page.getByText(/expected cyclic or random:SEED/)).toBeVisible();
});
