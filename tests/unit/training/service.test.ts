import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError } from '../../../main/errors';
import { Studio } from '../../../main/studio';
import { parseRunConfig } from '../../../main/training/config';
import { checkpointParams, resume, train, TINY, workspace } from './helpers';

test('a run trains in a worker, records every step and keeps its newest checkpoints', async () => {
  const { studio, dir, sampleId } = await workspace();
  const streamed: unknown[] = [];
  const off = studio.events.on('runs.validation', (payload) => streamed.push(payload));
  const run = await train(studio, sampleId, { ...TINY, steps: 7 });
  off();
  assert.equal(run.status, 'done', run.error ?? '');
  assert.equal(run.backend, 'wasm');
  const { metrics, checkpoints, validation } = studio.training.get(run.id);
  // 64 validation examples in 16 batches of 4: validated at the last step only (never more than every 80 steps).
  assert.deepEqual(
    validation.map((v) => [v.step, v.examples, Object.keys(v.byFamily).sort()]),
    [[6, 64, ['rating', 'sequential']]],
  );
  assert.ok(Number.isFinite(validation[0]!.loss) && validation[0]!.loss > 0);
  assert.deepEqual(streamed, [{ runId: run.id, point: validation[0] }], 'streamed as an event, then stored');
  assert.deepEqual(studio.training.metrics([run.id])[0]!.validation, validation);
  assert.deepEqual(
    metrics.map((m) => m.step),
    [0, 1, 2, 3, 4, 5, 6],
  );
  assert.ok(metrics.every((m) => Number.isFinite(m.loss) && m.tokensPerSecond > 0 && m.lr > 0));
  assert.ok(metrics.every((m) => Object.keys(m.byFamily).every((f) => f === 'sequential' || f === 'rating')));
  assert.deepEqual(
    checkpoints.map((c) => c.step),
    [4, 6, 7],
    'checkpoints every 2 steps and at the end, the newest 3 kept',
  );
  assert.ok(!existsSync(join(dir, 'runs', String(run.id), 'step-0000002.ckpt')), 'pruned checkpoints are deleted');
  assert.ok(existsSync(join(dir, 'runs', String(run.id), 'tokenizer.json')));
  const s = run.summary!;
  assert.equal(s.steps, 7);
  assert.equal(s.initialLoss, metrics[0]!.loss);
  const resolved = run.resolved as { model: { layers: number; width: number; vocabSize: number } };
  assert.equal(resolved.model.layers, 1);
  assert.ok(resolved.model.vocabSize <= 400);
  await studio.close();
});

test('N steps equal k steps, stop, resume, N − k steps: the same losses at every step', async () => {
  const { studio, sampleId } = await workspace();
  const config = { ...TINY, steps: 8, dropout: 0.1 };
  const straight = await train(studio, sampleId, config);
  const once = studio.training.get(straight.id).metrics.map((m) => m.loss);
  const onceValid = studio.training.get(straight.id).validation;
  let asked = false;
  const stopped = await train(studio, sampleId, config, (runId, steps) => {
    if (steps >= 3 && !asked) asked = studio.training.stop(runId);
  });
  assert.equal(stopped.status, 'stopped');
  const k = studio.training.get(stopped.id).metrics.length;
  assert.ok(k >= 3 && k < 8, `stopped after ${k} steps`);
  const resumed = await resume(studio, stopped.id);
  assert.equal(resumed.status, 'done', resumed.error ?? '');
  const twice = studio.training.get(stopped.id).metrics.map((m) => m.loss);
  assert.equal(twice.length, 8);
  twice.forEach((l, i) => assert.ok(Math.abs(l - once[i]!) <= 1e-5 * Math.max(1, Math.abs(once[i]!)), `step ${i}: ${l} vs ${once[i]}`));
  // The stop wrote a validation point at step k − 1 too; the resumed run's last one matches the straight run's.
  const twiceValid = studio.training.get(stopped.id).validation;
  assert.equal(twiceValid.at(-1)!.step, 7);
  assert.ok(
    Math.abs(twiceValid.at(-1)!.loss - onceValid.at(-1)!.loss) <= 1e-5 * onceValid.at(-1)!.loss,
    'the same validation loss at the end',
  );
  await studio.close();
});

test('bad configurations are refused naming the field; nothing starts', async () => {
  const { studio, sampleId } = await workspace();
  const refuse = (config: unknown, field: RegExp): void => {
    assert.throws(
      () => studio.training.start(sampleId, parseRunConfig(config)),
      (e: unknown) => e instanceof StudioError && e.code === 'bad_input' && field.test(e.message),
    );
  };
  refuse({ steps: 4, colour: 'red' }, /unknown key\(s\): colour/);
  refuse({ batchSize: 0 }, /batchSize/);
  refuse({ families: ['cooking'] }, /families\.0/);
  refuse({ lora: { rank: 4 } }, /lora: .*from/);
  refuse({ from: { runId: 99 }, lora: {} }, /no run 99/);
  assert.deepEqual(studio.training.list(), []);
  await studio.close();
});

test('a run left running by a process that is gone shows as interrupted, and resumes from its last checkpoint', async () => {
  const { studio, dir, sampleId } = await workspace();
  const run = await train(studio, sampleId, { ...TINY, steps: 6 });
  await studio.close();
  // Pretend a killed process owned it mid-run: status running, its owner gone.
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  const reopened = await Studio.open({ dataDir: dir, mode: 'serve' });
  reopened.db.prepare("UPDATE runs SET status = 'running' WHERE id = ?").run(run.id);
  reopened.db.prepare('DELETE FROM run_metrics WHERE run_id = ? AND step >= 4').run(run.id);
  reopened.db.prepare('DELETE FROM run_checkpoints WHERE run_id = ? AND step > 4').run(run.id);
  // Its owner row names a process lock nobody holds any more (the OS freed it when the process died).
  reopened.db
    .prepare(
      "INSERT OR REPLACE INTO job_owners (kind, ref, pid, host, process, lock, since) VALUES ('train', ?, ?, 'here', 'studio train', ?, ?)",
    )
    .run(run.id, dead, `${dead}-0badf00d.lock`, new Date().toISOString());
  await reopened.close();
  const again = await Studio.open({ dataDir: dir, mode: 'serve' });
  assert.equal(again.training.get(run.id).run.status, 'interrupted');
  const done = await resume(again, run.id);
  assert.equal(done.status, 'done');
  assert.deepEqual(
    again.training.get(run.id).metrics.map((m) => m.step),
    [0, 1, 2, 3, 4, 5],
  );
  assert.throws(() => again.training.resume(run.id), /done/);
  await again.close();
  void sampleId;
});

test('LoRA fine-tuning from an earlier run freezes its base and exports merged weights', async () => {
  const { studio, sampleId } = await workspace();
  const base = await train(studio, sampleId, { ...TINY, steps: 4 });
  const adapted = await train(studio, sampleId, {
    ...TINY,
    steps: 4,
    from: { runId: base.id },
    lora: { rank: 2, alpha: 4, targets: ['qkv', 'ffnDown'] },
    families: ['rating'],
  });
  assert.equal(adapted.status, 'done', adapted.error ?? '');
  const losses = studio.training.get(adapted.id).metrics.map((m) => m.loss);
  assert.equal(losses.length, 4);
  // The base weights the adapted run saved are byte for byte those it started from; only A and B trained.
  const from = checkpointParams(studio.training.lastCheckpoint(base.id).file);
  const after = checkpointParams(studio.training.lastCheckpoint(adapted.id).file);
  const loraNames = [...after.keys()].filter((n) => n.includes('.lora.'));
  assert.equal(loraNames.length, 2 * 2 * 1, 'A and B on qkv and ffnDown of the one layer');
  for (const [name, values] of from) assert.deepEqual(after.get(name), values, `${name} changed`);
  const exported = await studio.training.exportMerged(adapted.id);
  assert.ok(exported.bytes > 0 && existsSync(exported.file));
  await studio.close();
});
