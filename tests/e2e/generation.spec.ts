import type { Page } from '@playwright/test';
import { api, test, expect } from './fixtures';
import type { CallResult } from '../../preload/api';

const at = (page: Page, rest: string) => page.url().replace(/#.*$/, '') + `#/datasets/1/${rest}`;

test('generate a sequential set from a tiny run, browse its rows, and read it beside the baselines', async ({ page, studio }) => {
  // Training, generating and the baselines (SASRec trains for 30 epochs) each take seconds on a small CI machine.
  test.setTimeout(240_000);
  // Before any run, both pages say what to do first.
  await page.goto(at(page, 'generations'));
  await expect(page.getByTestId('gen-no-runs')).toContainText('No trained run yet');
  await page.getByTestId('nav-evaluation').click();
  await expect(page.getByTestId('eval-no-runs')).toContainText('Train one on the Runs page');

  // A tiny run on sequential and rating (the Runs page's own spec trains through its form; here the API is enough).
  await api(studio, 'runs.start', {
    datasetId: 1,
    config: { families: ['rating', 'sequential'], steps: 6, batchSize: 4, checkpointEvery: 3 },
  });
  await page.goto(at(page, 'runs/1'));
  await expect(page.getByTestId('run-detail')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });

  // "Generate…" on the run opens the Generations page with the form on that run and its last checkpoint.
  await page.getByTestId('run-generate').click();
  await expect(page).toHaveURL(/#\/datasets\/1\/generations\/run\/1$/);
  await expect(page.getByTestId('gen-run')).toHaveValue('1');
  await expect(page.getByTestId('gen-checkpoint').locator('option').first()).toHaveText('last (step 6)');
  await expect(page.getByTestId('gen-family')).toHaveValue('sequential');
  await expect(page.getByTestId('gen-split')).toHaveValue('test');
  await expect(page.getByTestId('gen-empty')).toBeVisible();

  // Two item templates, one seen and one held out: item families decode with the constrained beam, whatever the method.
  await page.getByTestId('gen-template-2-3').check();
  await page.getByTestId('gen-template-2-13').check();
  await page.getByTestId('gen-limit').fill('6');
  await expect(page.getByTestId('gen-decoding-summary')).toContainText('constrained beam over the catalog');
  await expect(page.getByTestId('gen-method')).toBeDisabled();
  await expect(page.getByTestId('gen-exclude-history')).toBeChecked();
  await page.getByTestId('gen-start').click();

  await expect(page).toHaveURL(/#\/datasets\/1\/generations\/1$/);
  const setRow = page.locator('[data-testid="gen-set-row"][data-set-id="1"]');
  await expect(setRow).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(setRow.getByTestId('gen-set-progress')).toHaveText('6 / 6');
  await expect(setRow).toContainText('2-3, 2-13');

  // The rows: outputs are catalog titles, and the rank column shows what the back end stored for each row.
  const rows = page.getByTestId('gen-row');
  await expect(rows).toHaveCount(6);
  await expect(page.getByTestId('gen-rows').locator('th', { hasText: /^Rank$/ })).toBeVisible();
  const catalog = await api<CallResult<'rows.items'>>(studio, 'rows.items', { datasetId: 1, limit: 1000 });
  const titles = new Set(catalog.rows.map((r) => r.title));
  const stored = await api<CallResult<'generations.rows'>>(studio, 'generations.rows', { setId: 1, limit: 50 });
  expect(stored.rows.map((r) => r.template).sort()).toEqual(['2-13', '2-13', '2-13', '2-3', '2-3', '2-3']);
  for (let i = 0; i < 6; i++) {
    const want = stored.rows[i]!;
    const row = rows.nth(i);
    const output = (await row.getByTestId('gen-output').textContent()) ?? '';
    expect(titles.has(output)).toBe(true);
    expect(output).toBe(want.output);
    await expect(row.getByTestId('gen-rank')).toHaveText(want.rank === null ? `> ${want.items!.length}` : String(want.rank));
  }

  // A row opens onto its top 10 returned items, the true one marked when it is among them.
  const first = stored.rows[0]!;
  await rows.first().getByTestId('gen-row-expand').click();
  const items = page.getByTestId('gen-row-detail').getByTestId('gen-item');
  await expect(items).toHaveCount(Math.min(10, first.items!.length));
  await expect(items.first()).toContainText(first.output);
  if (first.rank !== null && first.rank <= 10) await expect(items.nth(first.rank - 1)).toHaveAttribute('data-true', 'true');
  else await expect(page.locator('[data-testid="gen-item"][data-true]')).toHaveCount(0);

  // The outcome filter is the address: misses only.
  const misses = stored.rows.filter((r) => r.rank === null || r.rank > 10).length;
  await page.getByTestId('gen-filter-outcome').selectOption('miss');
  await expect(page).toHaveURL(/#\/datasets\/1\/generations\/1\/miss$/);
  if (misses > 0) await expect(rows).toHaveCount(misses);
  else await expect(page.getByTestId('gen-rows-empty')).toBeVisible();

  // Evaluation: the sequential report, seen and unseen templates apart, as the back end computed it.
  await page.getByTestId('nav-evaluation').click();
  await expect(page).toHaveURL(/#\/datasets\/1\/evaluation$/);
  const report = await api<CallResult<'evaluation.report'>>(studio, 'evaluation.report', { runId: 1, split: 'test' });
  const seq = report.families.find((f) => f.family === 'sequential')!;
  const hr10 = page.getByTestId('eval-family-sequential').locator('[data-testid="eval-metric-row"][data-metric="HR@10"]');
  await expect(hr10.getByTestId('eval-seen')).toHaveText(seq.seen['HR@10']!.toFixed(4));
  await expect(hr10.getByTestId('eval-unseen')).toHaveText(seq.unseen['HR@10']!.toFixed(4));
  await expect(page.getByTestId('eval-family-sequential')).toContainText('Split: test (first 6 examples only)');
  await expect(page.getByTestId('eval-family-sequential')).toContainText('Split seed 1.');

  // Baselines: none stored yet; compute them in a worker, then most-popular sits in the comparison beside the run.
  await expect(page.getByTestId('eval-baselines-none')).toBeVisible();
  await page.getByTestId('eval-baselines-compute').click();
  const compare = page.getByTestId('eval-compare-ranking');
  const popular = compare.locator('[data-testid="eval-compare-row"][data-model="most-popular"]');
  await expect(popular).toBeVisible({ timeout: 90_000 });
  const baselines = await api<CallResult<'evaluation.baselines'>>(studio, 'evaluation.baselines', { datasetId: 1, seed: 1 });
  expect(baselines.jobId).toBeNull();
  const mp = baselines.report!.models.find((m) => m.name === 'most-popular')!;
  await expect(popular.locator('[data-metric="HR@10"]')).toHaveText(mp.metrics['HR@10']!.toFixed(4));
  await expect(compare.locator('[data-testid="eval-compare-row"][data-model="run #1 (seen templates)"] [data-metric="HR@10"]')).toHaveText(
    seq.seen['HR@10']!.toFixed(4),
  );
  await expect(compare.locator('[data-testid="eval-compare-row"][data-model="run #1 (unseen templates)"]')).toBeVisible();
  await expect(compare).toContainText('split seed 1');
  await expect(page.getByTestId('eval-bars').locator('[data-testid="eval-bar-row"]')).toHaveCount(
    2 + baselines.report!.models.filter((m) => m.metrics['HR@10'] !== undefined).length,
  );
  await expect(page.getByTestId('eval-compare-rating').locator('[data-model="biased MF"]')).toBeVisible();

  await page.setViewportSize({ width: 1400, height: 1600 });
  await page.screenshot({ path: 'test-results/evaluation.png' });

  // Example failures link to the set's misses.
  if (misses > 0) {
    await expect(page.getByTestId('eval-failure')).toHaveCount(Math.min(5, misses));
    await page.getByTestId('eval-failures-link').click();
    await expect(page).toHaveURL(/#\/datasets\/1\/generations\/1\/miss$/);
  }
  await page.screenshot({ path: 'test-results/generation.png' });
});

test('stop a long set, resume it where it stopped, stop it again and delete it', async ({ page, studio }) => {
  test.setTimeout(180_000);
  await api(studio, 'runs.start', { datasetId: 1, config: { families: ['sequential'], steps: 2, batchSize: 4 } });
  await expect
    .poll(async () => (await api<CallResult<'runs.get'>>(studio, 'runs.get', { id: 1 })).run.status, { timeout: 60_000 })
    .toBe('done');

  // Every sequential template on test: hundreds of examples, long enough to stop mid-way.
  await page.goto(at(page, 'generations'));
  await expect(page.getByTestId('gen-run')).toHaveValue('1');
  await page.getByTestId('gen-start').click();
  const setRow = page.locator('[data-testid="gen-set-row"][data-set-id="1"]');
  const done = async (): Promise<number> => Number(await setRow.getByTestId('gen-set-progress').getAttribute('data-done'));
  await expect(setRow).toHaveAttribute('data-status', 'running');
  await expect.poll(done, { timeout: 60_000 }).toBeGreaterThan(0);
  await setRow.getByTestId('gen-set-stop').click();
  await expect(setRow).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
  const atStop = await done();
  const { total } = (await api<CallResult<'generations.sets'>>(studio, 'generations.sets', { runId: 1 }))[0]!;
  expect(atStop).toBeLessThan(total!);
  await expect(page.getByTestId('gen-row')).toHaveCount(Math.min(25, atStop));

  // Resume continues from the rows already written: nothing is generated twice.
  await setRow.getByTestId('gen-set-resume').click();
  await expect(setRow).toHaveAttribute('data-status', 'running');
  await expect.poll(done, { timeout: 60_000 }).toBeGreaterThan(atStop);
  await setRow.getByTestId('gen-set-stop').click();
  await expect(setRow).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
  const rows = await api<CallResult<'generations.rows'>>(studio, 'generations.rows', { setId: 1, limit: 500 });
  expect(rows.total).toBe(await done());
  expect(new Set(rows.rows.map((r) => r.index)).size).toBe(rows.rows.length);

  await setRow.getByTestId('gen-set-delete').click();
  await page.getByTestId('gen-delete-confirm').click();
  await expect(page).toHaveURL(/#\/datasets\/1\/generations$/);
  await expect(page.getByTestId('gen-empty')).toBeVisible();
});
