/**
 * Fault drills: kill -9 a studio process in the middle of each kind of job, then check the workspace with SQLite's
 * integrity check, that the job shows as interrupted (never as still running), and that it resumes or runs again
 * to the end. Before each kill, another studio process opens the workspace and must leave the live job running,
 * owned by the process that runs it (defect 1 of issue #12). STUDIO_DRILL_TRIES repeats each drill.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../../../preload/api-training';
import { TINY_CONFIG } from '../lum/helpers';
import { TINY } from '../training/helpers';
import { cli, cliAsync, integrity, json, killHard, nodeAsync, query, tmp, TRIES, waitFor, root } from './helpers';

interface OwnerRow {
  pid: number;
  process: string;
}

const ownerOf = (dir: string, kind: string, ref: number): OwnerRow | undefined =>
  query<OwnerRow>(dir, 'SELECT pid, process FROM job_owners WHERE kind = ? AND ref = ?', kind, ref)[0];

/** Another studio process opens the workspace while the job runs (the reproduction of defect 1). */
function otherStudioOpens(dir: string): void {
  const r = cli(['datasets', 'list', '--json'], dir);
  assert.equal(r.code, 0, r.err);
}

test('kill -9 during training: the live run survives another process opening the workspace; after the kill it is interrupted, the file is intact, and it resumes to the end', async () => {
  const dir = tmp('kill-train');
  // Long enough that the run is still training after two other studio commands have started and finished.
  const steps = 1500;
  writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...TINY, steps }));
  for (let t = 0; t < TRIES; t++) {
    const child = cliAsync(['train', '--dataset', 'sample', '--config', join(dir, 'run.json'), '--json'], dir);
    const runId = await waitFor(
      'a checkpoint of the running run',
      () =>
        query<{ id: number }>(dir, "SELECT r.id FROM runs r JOIN run_checkpoints c ON c.run_id = r.id WHERE r.status = 'running'")[0]?.id,
      120_000,
      child,
    );
    otherStudioOpens(dir);
    const listed = json<Run[]>(cli(['runs', 'list', '--json'], dir).out).find((r) => r.id === runId)!;
    assert.equal(listed.status, 'running', 'a run another live process trains stays running');
    assert.equal(listed.owner?.pid, child.proc.pid);
    assert.equal(listed.owner?.process, 'studio train');
    assert.equal(listed.owner?.self, false);
    await killHard(child);

    assert.equal(integrity(dir), 'ok');
    otherStudioOpens(dir);
    assert.equal(json<Run[]>(cli(['runs', 'list', '--json'], dir).out).find((r) => r.id === runId)!.status, 'interrupted');
    assert.equal(ownerOf(dir, 'train', runId), undefined, 'the dead owner is forgotten');
    const resumed = cli(['runs', 'resume', String(runId), '--json'], dir);
    assert.equal(resumed.code, 0, resumed.err);
    assert.equal(json<{ status: string }>(resumed.out).status, 'done');
    const metricSteps = query<{ step: number }>(dir, 'SELECT step FROM run_metrics WHERE run_id = ? ORDER BY step', runId).map(
      (m) => m.step,
    );
    assert.deepEqual(
      metricSteps,
      Array.from({ length: steps }, (_, k) => k),
      'every step once, none lost or repeated',
    );
    assert.equal(integrity(dir), 'ok');
  }
});

test('kill -9 during generation: the live set stays running while another process opens the workspace; after the kill it is interrupted and --resume completes it', async () => {
  const dir = tmp('kill-generate');
  writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...TINY, steps: 4 }));
  const trained = cli(['train', '--dataset', 'sample', '--config', join(dir, 'run.json'), '--json'], dir);
  assert.equal(trained.code, 0, trained.err);
  const runId = json<{ runId: number }>(trained.out).runId;
  const limit = 120;
  for (let t = 0; t < TRIES; t++) {
    const args = ['generate', '--run', String(runId), '--family', 'explanation', '--limit', String(limit), '--max-tokens', '40', '--json'];
    const child = cliAsync(args, dir);
    const setId = await waitFor(
      'rows of the running set',
      () =>
        query<{ id: number }>(
          dir,
          "SELECT s.id FROM generation_sets s WHERE s.status = 'running' AND (SELECT count(*) FROM generations g WHERE g.set_id = s.id) >= 10",
        )[0]?.id,
      120_000,
      child,
    );
    otherStudioOpens(dir);
    assert.equal(query<{ status: string }>(dir, 'SELECT status FROM generation_sets WHERE id = ?', setId)[0]?.status, 'running');
    assert.equal(ownerOf(dir, 'generate', setId)?.pid, child.proc.pid);
    await killHard(child);

    assert.equal(integrity(dir), 'ok');
    otherStudioOpens(dir);
    assert.equal(query<{ status: string }>(dir, 'SELECT status FROM generation_sets WHERE id = ?', setId)[0]?.status, 'interrupted');
    const resumed = cli(['generate', '--run', String(runId), '--family', 'explanation', '--resume', String(setId), '--json'], dir);
    assert.equal(resumed.code, 0, resumed.err);
    assert.equal(json<{ status: string }>(resumed.out).status, 'done');
    const rows = query<{ n: number; distinct: number }>(
      dir,
      'SELECT count(*) AS n, count(DISTINCT example) AS "distinct" FROM generations WHERE set_id = ?',
      setId,
    )[0]!;
    assert.equal(rows.n, rows.distinct, 'no example generated twice');
    assert.ok(rows.n >= Math.min(limit, 10));
    assert.equal(integrity(dir), 'ok');
  }
});

test('kill -9 during a LUM run and an identifier build: each is interrupted, the file is intact, the run resumes and the build runs again', async () => {
  const dir = tmp('kill-lum');
  const steps = 300;
  writeFileSync(join(dir, 'lum.json'), JSON.stringify({ ...TINY_CONFIG, steps }));
  for (let t = 0; t < TRIES; t++) {
    const child = cliAsync(['lum', 'train', '--dataset', 'sample', '--config', join(dir, 'lum.json'), '--json'], dir);
    const runId = await waitFor(
      'a checkpoint of the running LUM run',
      () =>
        query<{ id: number }>(dir, "SELECT r.id FROM lum_runs r JOIN lum_checkpoints c ON c.run_id = r.id WHERE r.status = 'running'")[0]
          ?.id,
      120_000,
      child,
    );
    otherStudioOpens(dir);
    assert.equal(query<{ status: string }>(dir, 'SELECT status FROM lum_runs WHERE id = ?', runId)[0]?.status, 'running');
    assert.equal(ownerOf(dir, 'lum', runId)?.process, 'studio lum');
    await killHard(child);
    assert.equal(integrity(dir), 'ok');
    otherStudioOpens(dir);
    assert.equal(query<{ status: string }>(dir, 'SELECT status FROM lum_runs WHERE id = ?', runId)[0]?.status, 'interrupted');
    const resumed = cli(['lum', 'resume', String(runId), '--json'], dir);
    assert.equal(resumed.code, 0, resumed.err);
    assert.equal(json<{ status: string; steps: number }>(resumed.out).status, 'done');
    assert.equal(query<{ n: number }>(dir, 'SELECT count(DISTINCT step) AS n FROM lum_metrics WHERE run_id = ?', runId)[0]?.n, steps);
  }

  for (let t = 0; t < TRIES; t++) {
    const child = cliAsync(['itemids', 'build', 'sample', '--scheme', 'semantic', '--method', 'rqvae', '--name', 'drill', '--json'], dir);
    const setId = await waitFor(
      'the identifier build',
      () => query<{ id: number }>(dir, "SELECT id FROM item_id_sets WHERE status = 'building'")[0]?.id,
      120_000,
      child,
    );
    otherStudioOpens(dir);
    assert.equal(query<{ status: string }>(dir, 'SELECT status FROM item_id_sets WHERE id = ?', setId)[0]?.status, 'building');
    assert.equal(ownerOf(dir, 'itemids', setId)?.pid, child.proc.pid);
    await killHard(child);
    assert.equal(integrity(dir), 'ok');
    otherStudioOpens(dir);
    assert.equal(query<{ status: string }>(dir, 'SELECT status FROM item_id_sets WHERE id = ?', setId)[0]?.status, 'interrupted');
  }
  const again = cli(['itemids', 'build', 'sample', '--scheme', 'semantic', '--name', 'drill', '--json'], dir);
  assert.equal(again.code, 0, again.err);
  assert.equal(json<{ status: string }>(again.out).status, 'done');
  assert.equal(integrity(dir), 'ok');
});

/** A studio process (as a window or `studio serve` would be) that starts a baseline fit and lives until killed. */
const BASELINE_OWNER = (dataDir: string, datasetId: number): string => `
  const { Studio } = await import(${JSON.stringify(new URL('main/studio.ts', `file://${root}`).href)});
  const { setProcessLabel } = await import(${JSON.stringify(new URL('main/jobs/ownership.ts', `file://${root}`).href)});
  setProcessLabel('studio serve');
  const studio = await Studio.open({ dataDir: ${JSON.stringify(dataDir)}, mode: 'serve', interactive: true });
  const { runId } = studio.baselines.start({ datasetId: ${datasetId}, model: 'nuclear-mc', epochs: 1000, batchSize: 1, sampler: 'random:1', tol: null, compare: true });
  console.log(JSON.stringify({ runId }));
  setInterval(() => {}, 1000);`;

test('kill -9 during a baseline fit and during an import: the fit is interrupted, the import left nothing, the file is intact, and both run again', async () => {
  const dir = tmp('kill-baseline');
  const datasets = json<{ datasets: { id: number; name: string }[] }>(cli(['datasets', 'list', '--json'], dir).out).datasets;
  const sample = datasets.find((d) => d.name === 'sample')!.id;
  assert.equal(cli(['split', 'sample', '--json'], dir).code, 0);
  for (let t = 0; t < TRIES; t++) {
    const child = nodeAsync(BASELINE_OWNER(dir, sample));
    const runId = await waitFor(
      'the baseline fit',
      () => (child.out().includes('\n') ? json<{ runId: number }>(child.out().split('\n')[0]!).runId : undefined),
      120_000,
      child,
    );
    otherStudioOpens(dir);
    assert.equal(query<{ status: string }>(dir, 'SELECT status FROM baseline_runs WHERE id = ?', runId)[0]?.status, 'running');
    assert.equal(ownerOf(dir, 'baseline', runId)?.process, 'studio serve');
    assert.equal(ownerOf(dir, 'baseline', runId)?.pid, child.proc.pid);
    await killHard(child);
    assert.equal(integrity(dir), 'ok');
    otherStudioOpens(dir);
    assert.equal(query<{ status: string }>(dir, 'SELECT status FROM baseline_runs WHERE id = ?', runId)[0]?.status, 'interrupted');
  }

  // An import is one transaction: killed at any point it leaves no dataset, and the same command then succeeds.
  const rows = 300_000;
  const csv = join(dir, 'big.csv');
  const lines = ['user,item,rating,timestamp'];
  for (let k = 0; k < rows; k++) lines.push(`u${k % 5000},i${(k * 7) % 3000},${1 + (k % 5)},${1_000_000 + k}`);
  writeFileSync(csv, `${lines.join('\n')}\n`);
  for (let t = 0; t < TRIES; t++) {
    const child = cliAsync(['import', csv, '--format', 'csv', '--name', 'big'], dir);
    await waitFor('import progress', () => /[1-9][\d,]* rows/.test(child.err()), 120_000, child);
    await killHard(child);
    assert.equal(integrity(dir), 'ok');
    const names = json<{ datasets: { name: string }[] }>(cli(['datasets', 'list', '--json'], dir).out).datasets.map((d) => d.name);
    assert.ok(!names.includes('big'), `a killed import left a dataset: ${names.join(', ')}`);
  }
  const imported = cli(['import', csv, '--format', 'csv', '--name', 'big', '--json'], dir);
  assert.equal(imported.code, 0, imported.err);
  assert.equal(json<{ interactions: number }>(imported.out).interactions, rows);
  assert.equal(integrity(dir), 'ok');
});
