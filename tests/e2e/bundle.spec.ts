import { spawnSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { api, expect, test, TINY_RUN } from './fixtures';
import { startServe, type ServedStudio } from './serve-process';
import type { CallResult } from '../../preload/api';

const RUN = TINY_RUN;
const torch = spawnSync(process.env.STUDIO_PYTHON ?? '/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

const runUrl = (page: Page, id: number): string => page.url().replace(/#.*$/, '') + `#/datasets/1/runs/${id}`;

async function runUntil(studio: ServedStudio, config: object, stopAfter: number | null): Promise<number> {
  const { runId } = await api<{ runId: number }>(studio, 'runs.start', { datasetId: 1, config });
  const get = () => api<CallResult<'runs.get'>>(studio, 'runs.get', { id: runId });
  if (stopAfter !== null) {
    await expect.poll(async () => (await get()).run.stepsDone, { timeout: 60_000 }).toBeGreaterThanOrEqual(stopAfter);
    await api(studio, 'runs.stop', { id: runId });
  }
  await expect.poll(async () => (await get()).run.status, { timeout: 60_000 }).not.toBe('running');
  return runId;
}

test('a stopped run goes to PyTorch from its page: bundle, torchrun on 2 processes with its curve, weights back as a checkpoint', async ({
  page,
  studio,
}) => {
  test.skip(!torch && process.env.STUDIO_REQUIRE_TORCH !== '1', 'PyTorch is not installed');
  test.setTimeout(240_000);
  const runId = await runUntil(studio, { ...RUN, steps: 2000, checkpointEvery: 3 }, 3);
  const { run } = await api<CallResult<'runs.get'>>(studio, 'runs.get', { id: runId });
  const k = run.lastCheckpoint!;
  await page.goto(runUrl(page, runId));
  const panel = page.getByTestId('run-bundle');
  await expect(panel.getByTestId('bundle-empty')).toContainText('No bundle yet');
  await expect(panel.getByTestId('bundle-pytorch')).toHaveAttribute('data-available', 'true', { timeout: 60_000 });
  await expect(panel.getByTestId('bundle-from')).toHaveValue(String(k));
  await panel.getByTestId('bundle-steps-input').fill('3');
  await panel.getByTestId('bundle-write').click();
  await expect(panel.getByTestId('bundle-steps')).toContainText(`${k}–${k + 2} (3 batches`, { timeout: 60_000 });
  await expect(panel.getByTestId('bundle-commands')).toContainText('torchrun --nproc_per_node=2 train.py');

  await panel.getByTestId('bundle-processes').fill('2');
  await panel.getByTestId('bundle-launch').click();
  const row = panel.getByTestId('bundle-launch-row');
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(row).toContainText(`${k + 3} / ${k + 3}`);
  await expect(row).toContainText('2 × cpu (gloo)');
  const chart = panel.getByTestId('bundle-loss-chart');
  await expect(chart.locator('g[data-series="studio"]')).toHaveCount(1);
  // Points, not dots: dots are drawn only while the chart holds at most 40 points, and how far the studio run got
  // before its stop depends on the machine.
  await expect(chart.locator('g[data-series^="torchrun #1"]')).toHaveAttribute('data-points', '3');

  await panel.getByTestId('bundle-import').click();
  await expect(panel.getByTestId('bundle-imported')).toContainText(
    `Step ${k + 3} is now a checkpoint of this run (with its optimizer state)`,
  );
  await expect(page.getByTestId('run-checkpoint').last()).toContainText(String(k + 3));
  await expect(panel.getByTestId('bundle-imports')).toContainText(`step ${k + 3}`);
  await page.screenshot({ path: 'test-results/bundle.png', fullPage: true });
});

const noTorch = test.extend<{ studio: ServedStudio }>({
  studio: async ({}, use) => {
    const served = await startServe(undefined, { STUDIO_PYTHON: '/nonexistent/python3' });
    await use(served);
    await served.stop();
  },
});

noTorch(
  'without PyTorch the page says what to install; the bundle is still written, from the initial weights of a done run',
  async ({ page, studio }) => {
    const runId = await runUntil(studio, { ...RUN, steps: 2 }, null);
    await page.goto(runUrl(page, runId));
    const panel = page.getByTestId('run-bundle');
    const torchLine = panel.getByTestId('bundle-pytorch');
    await expect(torchLine).toHaveAttribute('data-available', 'false', { timeout: 30_000 });
    await expect(torchLine).toContainText('PyTorch is not installed');
    await expect(torchLine).toContainText('sudo apt-get install python3-torch');
    // The run is done: the bundle starts from its initial weights and holds its whole schedule.
    await expect(panel.getByTestId('bundle-from')).toHaveValue('0');
    await panel.getByTestId('bundle-write').click();
    await expect(panel.getByTestId('bundle-steps')).toContainText('0–1 (2 batches', { timeout: 60_000 });
    await expect(panel.getByTestId('bundle-itemids')).toHaveText('by their titles');
    await expect(panel.getByTestId('bundle-launch')).toBeDisabled();
    await expect(panel.getByTestId('bundle-import')).toBeDisabled();
  },
);
