import type { Locator, Page } from '@playwright/test';
import { api, test, expect } from './fixtures';
import type { CallResult } from '../../preload/api';

const runsUrl = (page: Page, rest = '') => page.url().replace(/#.*$/, '') + `#/datasets/1/runs${rest}`;

/** The configuration the form would send, read from its JSON view. */
async function shownConfig(page: Page): Promise<unknown> {
  return JSON.parse((await page.getByTestId('run-config-json').textContent()) ?? 'null') as unknown;
}

/** A tiny run on two families, checkpointing every 3 steps. */
async function configureTiny(page: Page, steps: number): Promise<void> {
  await page.getByTestId('run-family-explanation').uncheck();
  await expect(page.getByTestId('run-family-sequential')).toBeChecked();
  await expect(page.getByTestId('run-family-rating')).toBeChecked();
  await page.getByTestId('run-steps').fill(String(steps));
  await page.getByTestId('run-batchSize').fill('4');
  await page.getByTestId('run-checkpointEvery').fill('3');
}

const stepsDone = async (row: Locator): Promise<number> => Number(await row.getByTestId('run-row-steps').getAttribute('data-done'));

test('train a tiny run from the form, watch it finish with curves and a summary, duplicate and compare it', async ({ page, studio }) => {
  await page.goto(runsUrl(page));
  await expect(page.getByTestId('runs-page')).toBeVisible();
  await expect(page.getByTestId('runs-empty')).toContainText('configure one on the left and press Train');
  // The schema's defaults are shown, and a form nobody touched sends nothing but defaults: {}.
  await expect(page.getByTestId('run-preset')).toHaveValue('tiny');
  await expect(page.getByTestId('run-steps')).toHaveAttribute('placeholder', '200');
  expect(await shownConfig(page)).toEqual({});

  await configureTiny(page, 6);
  // Only what differs from the defaults is sent, as `studio train --config` would read it.
  expect(await shownConfig(page)).toEqual({ families: ['rating', 'sequential'], steps: 6, batchSize: 4, checkpointEvery: 3 });
  await page.getByTestId('run-start').click();

  await expect(page).toHaveURL(/#\/datasets\/1\/runs\/1$/);
  const detail = page.getByTestId('run-detail');
  await expect(detail).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  const row = page.locator('[data-testid="run-row"][data-run-id="1"]');
  await expect(row.getByTestId('run-status')).toHaveText('done');
  await expect(row.getByTestId('run-row-steps')).toHaveText('6 / 6');

  // The loss curve has a point per step, overall and for each of the two families.
  const loss = page.getByTestId('run-loss-chart');
  await expect(loss.locator('g[data-series="loss"] circle')).toHaveCount(6);
  await expect(loss.locator('g[data-series="rating"]')).toHaveCount(1);
  await expect(loss.locator('g[data-series="sequential"]')).toHaveCount(1);
  await expect(page.getByTestId('run-lr-chart').locator('circle')).toHaveCount(6);

  // The summary shows what the back end recorded: initial → final loss and the back end's name.
  const { run, checkpoints } = await api<CallResult<'runs.get'>>(studio, 'runs.get', { id: 1 });
  expect(run.summary).not.toBeNull();
  const s = run.summary!;
  await expect(page.getByTestId('run-summary-loss')).toHaveText(`${s.initialLoss!.toFixed(4)} → ${s.finalLoss!.toFixed(4)}`);
  expect(s.backend.length).toBeGreaterThan(0);
  // The rung in big type, the whole record in its title and under it.
  await expect(page.getByTestId('run-summary-backend')).toHaveText(s.backend.split(':')[0]!);
  await expect(page.getByTestId('run-summary-backend')).toHaveAttribute('title', s.backend);
  await expect(page.getByTestId('run-backend-used')).toContainText(run.backend!);
  await expect(page.getByTestId('run-summary-families')).toContainText('rating');
  // Checkpoints every 3 steps: after steps 3 and 6.
  expect(checkpoints.map((c) => c.step)).toEqual([3, 6]);
  await expect(page.getByTestId('run-checkpoint')).toHaveCount(2);
  // The resolved configuration names the model shape the preset gave.
  await expect(page.getByTestId('run-resolved')).toContainText('context length');

  // Fine-tune from: the run is offered with its last checkpoint (the list's `lastCheckpoint`), the older one below it.
  await page.getByTestId('run-from').selectOption('1');
  await expect(page.getByTestId('run-from').locator('option:checked')).toHaveText(/checkpoint at step 6/);
  await expect(page.getByTestId('run-from-step').locator('option')).toHaveText(['last (step 6)', 'step 3']);
  // The advanced shape fields show what the preset gives (PRESETS in the contract).
  await expect(page.getByTestId('run-width')).toHaveAttribute('placeholder', '64 (tiny)');
  await expect(page.getByTestId('run-preset-shape')).toContainText('tiny: layers 2, width 64, heads 2, feed-forward 256');

  // Duplicate: the form is prefilled with the run's configuration.
  await page.getByTestId('run-form-reset').click();
  expect(await shownConfig(page)).toEqual({});
  await detail.getByTestId('run-duplicate').click();
  await expect(page.getByTestId('run-form-note')).toContainText('run #1');
  await expect(page.getByTestId('run-steps')).toHaveValue('6');
  await expect(page.getByTestId('run-batchSize')).toHaveValue('4');
  await expect(page.getByTestId('run-checkpointEvery')).toHaveValue('3');
  await expect(page.getByTestId('run-family-explanation')).not.toBeChecked();
  await expect(page.getByTestId('run-family-rating')).toBeChecked();
  expect(await shownConfig(page)).toEqual({ families: ['rating', 'sequential'], steps: 6, batchSize: 4, checkpointEvery: 3 });

  // Train the copy with another seed (Ctrl+Enter in the form), then compare both runs' loss curves.
  await page.getByTestId('run-seed').fill('2');
  await page.getByTestId('run-seed').press('Control+Enter');
  await expect(page).toHaveURL(/#\/datasets\/1\/runs\/2$/);
  await expect(page.getByTestId('run-detail')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  for (const id of [1, 2]) await page.locator(`[data-testid="run-row"][data-run-id="${id}"]`).getByTestId('run-pick').check();
  await page.getByTestId('run-compare').click();
  await expect(page).toHaveURL(/#\/datasets\/1\/runs\/compare\/1,2$/);
  const chart = page.getByTestId('run-compare-chart');
  await expect(chart.locator('g[data-series]:not([data-faint])')).toHaveCount(2);
  await expect(chart.locator('g[data-series^="#1 "] circle')).toHaveCount(6);
  await expect(chart.locator('.legend')).toContainText('#2');
  await expect(page.getByTestId('run-compare-row')).toHaveCount(2);
  await page.screenshot({ path: 'test-results/runs.png', fullPage: true });
});

test('stop a long run from the window, resume it from its checkpoint, stop it again with the keyboard, delete it', async ({ page }) => {
  await page.goto(runsUrl(page));
  await configureTiny(page, 2000);
  await page.getByTestId('run-start').click();
  const detail = page.getByTestId('run-detail');
  const row = page.locator('[data-testid="run-row"][data-run-id="1"]');
  await expect(detail).toHaveAttribute('data-status', 'running');
  await expect.poll(() => stepsDone(row), { timeout: 60_000 }).toBeGreaterThan(2);
  await expect(page.getByTestId('run-phase')).toContainText(/step \d+/);
  await expect(page.getByTestId('run-loss-chart').locator('g[data-series="loss"] polyline')).toBeVisible();

  await detail.getByTestId('run-stop').click();
  await expect(detail).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
  await expect(row.getByTestId('run-status')).toHaveText('stopped');
  const atStop = await stepsDone(row);
  expect(atStop).toBeGreaterThan(2);
  // Stopping writes a checkpoint at the step it stopped on.
  await expect(page.getByTestId('run-checkpoint').last()).toContainText(String(atStop));

  await detail.getByTestId('run-resume').click();
  await expect(detail).toHaveAttribute('data-status', 'running');
  await expect.poll(() => stepsDone(row), { timeout: 60_000 }).toBeGreaterThan(atStop + 2);
  // `s` stops the open run.
  await page.getByTestId('run-detail').locator('h2').click();
  await page.keyboard.press('s');
  await expect(detail).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
  expect(await stepsDone(row)).toBeGreaterThan(atStop);

  await detail.getByTestId('run-delete').click();
  await page.getByTestId('run-delete-confirm').click();
  await expect(page).toHaveURL(/#\/datasets\/1\/runs$/);
  await expect(page.getByTestId('runs-empty')).toBeVisible();
});

test('a running run\'s ETA says "estimating…" until its step time is measured, then a time', async ({ page }) => {
  await page.goto(runsUrl(page));
  await configureTiny(page, 400);
  // Every ETA the live line shows, with the steps beside it, recorded as the page changes (a poll could miss the
  // first seconds, before the warm-up steps are done).
  await page.evaluate(() => {
    const seen: { eta: string; done: number }[] = [];
    (window as unknown as { etaSeen: typeof seen }).etaSeen = seen;
    new MutationObserver(() => {
      const eta = document.querySelector('[data-testid="run-eta"]')?.textContent?.trim();
      const done = Number(document.querySelector('[data-testid="run-live-steps"]')?.getAttribute('data-done'));
      if (eta && seen.at(-1)?.eta !== eta) seen.push({ eta, done });
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const seen = () => page.evaluate(() => (window as unknown as { etaSeen: { eta: string; done: number }[] }).etaSeen);
  await page.getByTestId('run-start').click();
  const detail = page.getByTestId('run-detail');
  await expect(detail).toHaveAttribute('data-status', 'running');
  const time = /^ETA (\d+s|\d+m \d\ds|\d+h \d\dm)$/;
  await expect(page.getByTestId('run-eta')).toHaveText(time, { timeout: 60_000 });

  const log = await seen();
  // First "estimating…", while the first steps (kernel set-up) are left out of the step time; then a time, which
  // stays a time from then on (no flicker back to "estimating…" within the attempt).
  expect(log[0]?.eta, JSON.stringify(log)).toBe('ETA estimating…');
  expect(log[0]!.done).toBeLessThan(6);
  const firstTime = log.findIndex((s) => time.test(s.eta));
  expect(firstTime, JSON.stringify(log)).toBeGreaterThan(0);
  expect(
    log.slice(firstTime).every((s) => time.test(s.eta)),
    JSON.stringify(log),
  ).toBe(true);

  await detail.getByTestId('run-stop').click();
  await expect(detail).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
  // A stopped run shows no ETA.
  await expect(page.getByTestId('run-eta')).toHaveCount(0);
});

test('a bad setting is named at its field and nothing starts, a shape the model cannot build included', async ({ page }) => {
  await page.goto(runsUrl(page));
  await page.getByTestId('run-batchSize').fill('0');
  await expect(page.getByTestId('run-field-error-batchSize')).toBeVisible();
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-start-error')).toContainText('batchSize');
  await expect(page.getByTestId('runs-empty')).toBeVisible();

  // A shape the model cannot build (width 66 over 4 heads) is refused by the same schema, at its field: nothing starts.
  await page.getByTestId('run-batchSize').fill('4');
  await expect(page.getByTestId('run-start-error')).toHaveCount(0);
  await page.getByTestId('run-advanced').locator('summary').click();
  await page.getByTestId('run-width').fill('66');
  await page.getByTestId('run-heads').fill('4');
  await page.getByTestId('run-steps').fill('3');
  await expect(page.getByTestId('run-field-error-heads')).toContainText('does not divide width 66');
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-start-error')).toContainText('heads');
  await expect(page.getByTestId('runs-empty')).toBeVisible();
});
