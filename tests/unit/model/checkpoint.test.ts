import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../../main/model/backend';
import { loadCheckpoint, readCheckpointHeader, saveCheckpoint } from '../../../main/model/checkpoint';
import { createGlm, type Glm } from '../../../main/model/glm';
import { addLora } from '../../../main/model/lora';
import { AdamW } from '../../../main/model/optimizer';
import { trainStep } from '../../../main/model/train-step';
import { randomBatch, TINY } from './helpers';

before(async () => {
  await initBackend({ prefer: 'cpu' });
});

const config = { ...TINY, dropout: 0.1 };
const SEED = 17;
const schedule = { lr: 5e-3, warmupSteps: 2, totalSteps: 8 };
const batchAt = (step: number) => randomBatch(1000 + step, 3, config);
const steps = (model: Glm, optimizer: AdamW, from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, k) => trainStep(model, batchAt(from + k), optimizer, from + k, SEED).loss);

test('N steps equal k steps, save, load into a fresh model and optimizer, N − k steps (dropout on)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-ckpt-'));
  const straight = createGlm(config, SEED);
  const optStraight = new AdamW(straight.trainable(), schedule);
  const expected = steps(straight, optStraight, 0, 8);

  const first = createGlm(config, SEED);
  const optFirst = new AdamW(first.trainable(), schedule);
  assert.deepEqual(steps(first, optFirst, 0, 3), expected.slice(0, 3));
  const file = join(dir, 'step-3.ckpt');
  await saveCheckpoint(file, first, optFirst, { runId: 'r1', seed: SEED });
  assert.deepEqual(readdirSync(dir), ['step-3.ckpt'], 'one file, no temporary left behind');

  // A differently seeded model: everything it ends up with must come from the file.
  const resumed = createGlm(config, SEED + 1);
  const optResumed = new AdamW(resumed.trainable(), schedule);
  const header = await loadCheckpoint(file, resumed, optResumed);
  assert.equal(header.step, 3);
  assert.deepEqual(header.meta, { runId: 'r1', seed: SEED });
  assert.equal(optResumed.step, 3);
  const rest = steps(resumed, optResumed, 3, 8);
  rest.forEach((loss, k) =>
    assert.ok(Math.abs(loss - expected[3 + k]!) <= 1e-6, `step ${3 + k}: resumed ${loss} vs straight ${expected[3 + k]}`),
  );
  for (const m of [straight, first, resumed]) m.dispose();
  for (const o of [optStraight, optFirst, optResumed]) o.dispose();
});

test('the header says what the checkpoint holds; loading refuses another architecture, other names or shapes, and broken files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-ckpt-'));
  const model = createGlm(TINY, 1);
  const file = join(dir, 'a.ckpt');
  await saveCheckpoint(file, model, null);
  const header = await readCheckpointHeader(file);
  assert.deepEqual(header.config, TINY);
  assert.equal(header.step, null);
  assert.equal(header.tensors.length, model.params.size);
  assert.deepEqual(header.tensors[0], { name: 'param/embed.word', shape: [TINY.vocabSize, TINY.width], offset: 0 });

  const wider = createGlm({ ...TINY, width: 32, ffn: 64 }, 1);
  await assert.rejects(loadCheckpoint(file, wider), /another architecture: width 16 in the checkpoint, 32 in the model/);
  await assert.rejects(
    loadCheckpoint(file, createGlm(TINY, 2), new AdamW(createGlm(TINY, 2).trainable(), { lr: 1, warmupSteps: 0, totalSteps: 1 })),
    /weights only/,
  );

  const adapted = createGlm(TINY, 1);
  addLora(adapted, { rank: 2, alpha: 2, targets: ['qkv'] }, 1);
  await assert.rejects(loadCheckpoint(file, adapted), /missing from the checkpoint: layer0\.qkv\.lora\.a, layer0\.qkv\.lora\.b/);
  const loraFile = join(dir, 'lora.ckpt');
  await saveCheckpoint(loraFile, adapted, null);
  await assert.rejects(loadCheckpoint(loraFile, createGlm(TINY, 1)), /not in the model: layer0\.qkv\.lora\.a/);

  // Same architecture fields, a tampered shape in the header: named with both shapes.
  const bytes = readFileSync(file);
  const tampered = bytes
    .toString('latin1')
    .replace('"name":"param/embed.inter","shape":[15,16]', '"name":"param/embed.inter","shape":[15,15]');
  const tamperedFile = join(dir, 'tampered.ckpt');
  writeFileSync(tamperedFile, Buffer.from(tampered, 'latin1'));
  await assert.rejects(
    loadCheckpoint(tamperedFile, createGlm(TINY, 1)),
    /embed\.inter is \[15, 15\] in the checkpoint but \[15, 16\] in the model/,
  );

  const truncated = join(dir, 'truncated.ckpt');
  writeFileSync(truncated, bytes);
  truncateSync(truncated, bytes.length - 8);
  await assert.rejects(loadCheckpoint(truncated, createGlm(TINY, 1)), /truncated/);
  writeFileSync(join(dir, 'junk.ckpt'), 'not a checkpoint');
  await assert.rejects(loadCheckpoint(join(dir, 'junk.ckpt'), createGlm(TINY, 1)), /not a studio checkpoint/);
});

test('a failed save leaves the previous checkpoint untouched', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-ckpt-'));
  const file = join(dir, 'run.ckpt');
  const model = createGlm(TINY, 1);
  await saveCheckpoint(file, model, null, { generation: 1 });
  const before = readFileSync(file);
  // The temporary path is taken by a directory, so the write fails before anything replaces the file.
  mkdirSync(`${file}.tmp`);
  await assert.rejects(saveCheckpoint(file, createGlm(TINY, 2), null, { generation: 2 }));
  assert.deepEqual(readFileSync(file), before);
  assert.deepEqual((await readCheckpointHeader(file)).meta, { generation: 1 });
  model.dispose();
});
