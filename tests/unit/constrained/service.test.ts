import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BaselineRun } from '../../../preload/api';
import { Studio } from '../../../main/studio';

async function sampleStudio(): Promise<{ studio: Studio; datasetId: number }> {
  const studio = await Studio.open({ dataDir: mkdtempSync(join(tmpdir(), 'studio-baselines-')), mode: 'serve' });
  const datasetId = studio.datasets.list()[0]!.id;
  studio.datasets.split(datasetId);
  return { studio, datasetId };
}

function finished(studio: Studio, runId: number): Promise<BaselineRun> {
  return new Promise((resolve) => {
    const done = studio.baselines.list().find((r) => r.id === runId);
    if (done && done.status !== 'running') return resolve(done);
    const off = studio.events.on('baselines.changed', (payload) => {
      if (payload.runId !== runId) return;
      const run = studio.baselines.list().find((r) => r.id === runId);
      if (run && run.status !== 'running') {
        off();
        resolve(run);
      }
    });
  });
}

test('an unsplit dataset is refused with a message that says what to do', async () => {
  const studio = await Studio.open({ dataDir: mkdtempSync(join(tmpdir(), 'studio-baselines-')), mode: 'serve' });
  const id = studio.datasets.list()[0]!.id;
  assert.throws(
    () =>
      studio.baselines.start({ datasetId: id, model: 'l1-linear', epochs: 2, batchSize: 10, sampler: 'cyclic', tol: null, compare: false }),
    /split it first/,
  );
  await studio.close();
});

test('l1-logistic with SFW, deterministic FW and MHK: curves per epoch, metrics against the base rate, a sparse model', async () => {
  const { studio, datasetId } = await sampleStudio();
  const { runId } = studio.baselines.start({
    datasetId,
    model: 'l1-logistic',
    radius: 3,
    epochs: 8,
    batchSize: 20,
    sampler: 'random:7',
    tol: null,
    compare: true,
  });
  const run = await finished(studio, runId);
  assert.equal(run.status, 'done', run.error ?? '');
  const o = run.outcome!;
  assert.deepEqual(Object.keys(o.curves).sort(), ['fw', 'mhk', 'sfw']);
  for (const curve of Object.values(o.curves))
    assert.deepEqual(
      curve.map((p) => p.epoch),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
  const fw = o.curves.fw!;
  assert.ok(
    fw.every((p) => p.gap !== null && p.gap >= -1e-12),
    'the exact gap is never negative',
  );
  assert.ok(fw.at(-1)!.objective < fw[0]!.objective, 'deterministic FW lowers the objective');
  assert.ok(o.metrics.sfw!['test AUC']! > 0.5, `AUC ${o.metrics.sfw!['test AUC']}`);
  assert.ok(o.nonZero > 0 && o.nonZero <= o.features);
  assert.ok(o.topFeatures.every((f) => f.weight !== 0));
  const l1 = o.topFeatures.reduce((s, f) => s + Math.abs(f.weight), 0);
  assert.ok(l1 <= 3 + 1e-9, 'the top weights stay inside the l1 ball');
  await studio.close();
});

test('nuclear-norm matrix completion predicts held-out ratings better than the training mean', async () => {
  const { studio, datasetId } = await sampleStudio();
  const { runId } = studio.baselines.start({
    datasetId,
    model: 'nuclear-mc',
    radius: 400,
    epochs: 30,
    batchSize: 50,
    sampler: 'random:1',
    tol: null,
    compare: true,
  });
  const run = await finished(studio, runId);
  assert.equal(run.status, 'done', run.error ?? '');
  const o = run.outcome!;
  assert.deepEqual(Object.keys(o.curves).sort(), ['fw', 'sfw']);
  assert.ok(o.metrics.sfw!['valid RMSE']! < o.reference['valid RMSE']!, JSON.stringify({ m: o.metrics.sfw, ref: o.reference }));
  await studio.close();
});

test('a cancelled run is stored as cancelled; a run left running by a crash shows as interrupted on the next start', async () => {
  const { studio, datasetId } = await sampleStudio();
  // Cancel as soon as the first epoch is reported, so the run cannot finish first on a fast machine.
  const firstEpoch = new Promise<void>((resolve) => {
    const off = studio.events.on('job.progress', (payload) => {
      if (payload.kind === 'baseline' && payload.done >= 1) {
        off();
        resolve();
      }
    });
  });
  const { jobId, runId } = studio.baselines.start({
    datasetId,
    model: 'l1-linear',
    epochs: 1000,
    batchSize: 1,
    sampler: 'cyclic',
    tol: null,
    compare: false,
  });
  await firstEpoch;
  assert.ok(studio.jobs.cancel(jobId), 'the run is still going after its first epoch');
  const run = await finished(studio, runId);
  assert.equal(run.status, 'cancelled');
  // Simulate a crash: a row still 'running' when the workspace is opened again.
  studio.db.prepare(`UPDATE baseline_runs SET status = 'running' WHERE id = ?`).run(runId);
  const dir = studio.dataDir;
  await studio.close();
  const again = await Studio.open({ dataDir: dir, mode: 'serve' });
  assert.equal(again.baselines.list().find((r) => r.id === runId)?.status, 'interrupted');
  await again.close();
});
