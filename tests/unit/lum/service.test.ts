import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LumRanking, LumRun } from '../../../preload/api-lum';
import { StudioError } from '../../../main/errors';
import { Studio } from '../../../main/studio';
import { TINY_CONFIG } from './helpers';

async function workspace(): Promise<{ studio: Studio; dir: string; sampleId: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'studio-lum-'));
  const studio = await Studio.open({ dataDir: dir, mode: 'serve' });
  return { studio, dir, sampleId: studio.datasets.resolve('sample').id };
}

const TINY = TINY_CONFIG;

function train(studio: Studio, datasetId: number, config: unknown, onStep?: (runId: number, steps: number) => void): Promise<LumRun> {
  return new Promise((resolve) => {
    let runId = 0;
    const off = studio.events.on('lum.changed', (payload) => {
      if (payload.runId === runId) onStep?.(runId, studio.lum.store.metrics(runId).length);
    });
    runId = studio.lum.start(datasetId, config, (run) => {
      off();
      resolve(run);
    }).runId;
  });
}

const rank = (
  studio: Studio,
  runId: number,
  variants: ('full' | 'direct' | 'without')[],
): Promise<{ rankings: LumRanking[]; error: string | null }> =>
  new Promise((resolve) => studio.lum.rank(runId, variants, (rankings, error) => resolve({ rankings, error })));

const badInput = (pattern: RegExp) => (e: unknown) => e instanceof StudioError && e.code === 'bad_input' && pattern.test(e.message);

test('a LUM run trains in a worker on the genre field, records every step and keeps its newest checkpoints', async () => {
  const { studio, dir, sampleId } = await workspace();
  assert.deepEqual(
    studio.lum.fields(sampleId).fields.map((f) => f.field),
    ['genres', 'year', 'brand'],
  );
  const run = await train(studio, sampleId, { ...TINY, steps: 7 });
  assert.equal(run.status, 'done', run.error ?? '');
  assert.equal(run.backend, 'wasm');
  assert.equal(run.resolved?.condition, 'genres');
  assert.equal(run.resolved?.layers, 1);
  assert.ok(run.resolved!.params > run.resolved!.nonEmbeddingParams && run.resolved!.nonEmbeddingParams > 0);
  const { metrics, checkpoints } = studio.lum.get(run.id);
  assert.deepEqual(
    metrics.map((m) => m.step),
    [0, 1, 2, 3, 4, 5, 6],
  );
  assert.ok(metrics.every((m) => Number.isFinite(m.loss) && m.accuracy >= 0 && m.accuracy <= 1 && m.tokens > 0 && m.lr > 0));
  assert.deepEqual(
    checkpoints.map((c) => c.step),
    [4, 6, 7],
  );
  assert.ok(existsSync(join(dir, 'lum', String(run.id), 'vocab.json')));
  assert.ok(!existsSync(join(dir, 'lum', String(run.id), 'step-0000002.ckpt')), 'pruned checkpoints are deleted');
  const s = run.summary!;
  assert.equal(s.steps, 7);
  assert.equal(s.initialLoss, metrics[0]!.loss);
  assert.equal(
    s.tokens,
    metrics.reduce((a, m) => a + m.tokens, 0),
  );
  assert.equal(s.compute, 6 * run.resolved!.nonEmbeddingParams * s.tokens);
  await studio.close();
});

test('N steps equal k steps, stop, resume, N − k steps: the same losses at every step', async () => {
  const { studio, sampleId } = await workspace();
  const config = { ...TINY, steps: 14, dropout: 0.1 };
  const straight = await train(studio, sampleId, config);
  const once = studio.lum.get(straight.id).metrics.map((m) => m.loss);
  let asked = false;
  const stopped = await train(studio, sampleId, config, (runId, steps) => {
    if (steps >= 3 && !asked) asked = studio.lum.stop(runId);
  });
  assert.equal(stopped.status, 'stopped');
  assert.ok(stopped.stepsDone < 14, 'it stopped early');
  const resumed = await new Promise<LumRun>((resolve) => studio.lum.resume(stopped.id, resolve));
  assert.equal(resumed.status, 'done', resumed.error ?? '');
  const twice = studio.lum.get(stopped.id).metrics.map((m) => m.loss);
  assert.equal(twice.length, 14);
  twice.forEach((l, i) => assert.ok(Math.abs(l - once[i]!) < 1e-5, `step ${i}: ${l} vs ${once[i]}`));
  assert.throws(
    () => studio.lum.resume(resumed.id),
    (e: unknown) => e instanceof StudioError && e.code === 'conflict',
  );
  await studio.close();
});

test('bad configurations are refused with the field at fault, before anything runs', async () => {
  const { studio, sampleId } = await workspace();
  assert.throws(() => studio.lum.start(sampleId, { steps: 3, learningrate: 0.1 }), badInput(/unknown key\(s\): learningrate/));
  assert.throws(
    () => studio.lum.start(sampleId, { condition: 'colour' }),
    badInput(/no categorical field "colour" \(fields: genres, year, brand\)/),
  );
  assert.throws(() => studio.lum.start(sampleId, { steps: 3, minutes: 1 }), badInput(/minutes: give steps or minutes, not both/));
  assert.throws(() => studio.lum.start(sampleId, { width: 30, heads: 4 }), badInput(/heads: heads 4 does not divide width 30/));
  assert.equal(studio.lum.list(sampleId).length, 0, 'no run was created');
  await studio.close();
});

test('query: one vector per condition, nearest items outside the history; bad conditions and users are named', async () => {
  const { studio, sampleId } = await workspace();
  const run = await train(studio, sampleId, { ...TINY, steps: 4 });
  const out = await studio.lum.query({
    runId: run.id,
    users: ['u1', 'u2'],
    conditions: ['genres=outdoor', 'genres=kitchen'],
    top: 5,
    vectors: true,
  });
  assert.equal(out.field, 'genres');
  assert.equal(out.checkpoint, 4);
  assert.deepEqual(
    out.users.map((u) => u.extId),
    ['u1', 'u2'],
  );
  const u1 = out.users[0]!;
  assert.equal(u1.results.length, 2);
  const seen = new Set(u1.history.map((h) => h.extId));
  assert.ok(u1.historyLength >= u1.history.length && u1.history.length > 0);
  for (const r of u1.results) {
    assert.equal(r.top.length, 5);
    assert.ok(
      r.top.every((t) => !seen.has(t.extId) || u1.historyLength > 30),
      'the history is left out',
    );
    assert.ok(
      r.top.every((t, i) => i === 0 || t.score <= r.top[i - 1]!.score),
      'best first',
    );
    assert.ok(r.matching >= 0 && r.matching <= 1 && r.sd > 0);
    assert.equal(r.vector?.length, 16);
  }
  assert.notDeepEqual(u1.results[0]!.vector, u1.results[1]!.vector, 'different conditions, different interest vectors');
  await assert.rejects(
    studio.lum.query({ runId: run.id, users: ['u1'], conditions: ['genres=opera'], top: 5 }),
    badInput(/"opera" is not a value of genres/),
  );
  await assert.rejects(
    studio.lum.query({ runId: run.id, users: ['nobody'], conditions: ['genres=outdoor'], top: 5 }),
    badInput(/no user nobody/),
  );
  const test = await studio.lum.query({ runId: run.id, users: 'test', conditions: ['genres=outdoor'], top: 3 });
  assert.ok(test.users.length > 40, 'every user with a test window');
  await studio.close();
});

test('a run without condition tokens gives one vector whatever the condition; rankers store AUC and GAUC per variant', async () => {
  const { studio, sampleId } = await workspace();
  const run = await train(studio, sampleId, { ...TINY, steps: 4, condition: null });
  assert.equal(run.resolved?.condition, null);
  assert.equal(run.resolved?.conditionValues, 0);
  const out = await studio.lum.query({ runId: run.id, users: ['u3'], conditions: ['genres=outdoor', 'year=2019'], top: 3, vectors: true });
  assert.deepEqual(out.users[0]!.results[0]!.vector, out.users[0]!.results[1]!.vector);
  const { rankings, error } = await rank(studio, run.id, ['full', 'without']);
  assert.equal(error, null);
  assert.deepEqual(
    rankings.map((r) => r.variant),
    ['full', 'without'],
  );
  for (const r of rankings) {
    assert.ok(r.auc > 0 && r.auc < 1 && r.gauc > 0 && r.gauc < 1, `${r.variant}: ${r.auc} ${r.gauc}`);
    assert.ok(r.report.testRows > 0 && r.report.trainRows > 0 && r.report.epochs >= 1);
    assert.equal(r.checkpoint, 4);
  }
  assert.ok(rankings[0]!.report.features > rankings[1]!.report.features, 'LUM adds features');
  assert.deepEqual(
    studio.lum.list(sampleId)[0]!.rankings.map((r) => r.variant),
    ['full', 'without'],
  );
  await studio.close();
});

test('a time-bounded run stops by the clock and records its steps; a run left running by a dead process is interrupted', async () => {
  const { studio, dir, sampleId } = await workspace();
  const run = await train(studio, sampleId, { ...TINY, minutes: 0.03 });
  assert.equal(run.status, 'done', run.error ?? '');
  assert.ok(run.stepsDone > 0);
  assert.equal(run.totalSteps, run.stepsDone);
  assert.equal(studio.lum.get(run.id).checkpoints.at(-1)?.step, run.stepsDone, 'a checkpoint at the last step');
  const orphan = studio.lum.store.create(sampleId, 'orphan', {}, new Date().toISOString());
  await studio.close();
  const again = await Studio.open({ dataDir: dir, mode: 'serve' });
  assert.equal(again.lum.get(orphan).run.status, 'interrupted');
  await again.close();
});
