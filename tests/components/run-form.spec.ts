/** The new-run form: the run config's defaults, and a family the dataset cannot feed unticked with the reason. */
import { expect, test } from '@playwright/test';
import { RunConfig } from '../../preload/api-training';
import { mount } from './mount';

const DEFAULTS = RunConfig.parse({});

test('the form opens on the run config defaults', async ({ page }) => {
  await mount(page, 'run-form');
  for (const k of ['batchSize', 'learningRate', 'weightDecay', 'seed', 'dropout'] as const)
    await expect(page.getByTestId(`run-${k}`), k).toHaveValue(String(DEFAULTS[k]));
  await expect(page.getByTestId('run-name')).toHaveValue('');
  await expect(page.getByTestId('run-start')).toBeEnabled();
});

test('families the dataset cannot feed are unticked, disabled, and say why; the JSON leaves them out', async ({ page }) => {
  await mount(page, 'run-form');
  for (const f of ['explanation', 'review']) {
    await expect(page.getByTestId(`run-family-${f}`)).not.toBeChecked();
    await expect(page.getByTestId(`run-family-${f}`)).toBeDisabled();
  }
  for (const f of ['rating', 'sequential', 'direct'].filter((f) => (DEFAULTS.families as string[]).includes(f)))
    await expect(page.getByTestId(`run-family-${f}`)).toBeChecked();
  await expect(page.getByTestId('run-families-unfed')).toContainText('explanation: this dataset has no review text');
  await expect(page.getByTestId('run-families-unfed')).toContainText('review: this dataset has no review text');
  const json = JSON.parse((await page.getByTestId('run-config-json').textContent()) ?? '{}') as { families?: string[] };
  expect([...(json.families ?? [])].sort()).toEqual(
    (DEFAULTS.families as string[]).filter((f) => f !== 'explanation' && f !== 'review').sort(),
  );
});

test('a tick box of a fed family works both ways and the JSON follows', async ({ page }) => {
  await mount(page, 'run-form');
  const rating = page.getByTestId('run-family-rating');
  await expect(rating).toBeChecked();
  await rating.click();
  await expect(rating).not.toBeChecked();
  await expect(page.getByTestId('run-weight-rating')).toBeDisabled();
  await expect(page.getByTestId('run-config-json')).not.toContainText('"rating"');
});
