import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../main/model/backend';
import { createGlm } from '../../../main/model/glm';
import { AdamW } from '../../../main/model/optimizer';
import { trainStep } from '../../../main/model/train-step';
import { mulberry32, randomInt, randomNormal } from '../../../main/random';
import { randomBatch, TINY } from './helpers';

/** Runs `f` on a back end from host inputs and brings the result back to the host. */
async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor): Promise<{ values: number[]; shape: number[]; dtype: string }> {
  await initBackend({ prefer: backend });
  assert.equal(tf.getBackend(), backend);
  const t = tf.tidy(f);
  const r = { values: Array.from(t.dataSync()), shape: t.shape, dtype: t.dtype };
  t.dispose();
  return r;
}

test('UnsortedSegmentSum on wasm matches the cpu kernel on random shapes, dtypes and dropped ids', async () => {
  const rng = mulberry32(1);
  for (let trial = 0; trial < 12; trial++) {
    const rows = 1 + randomInt(rng, 30);
    const inner = Array.from({ length: randomInt(rng, 3) }, () => 1 + randomInt(rng, 7));
    const shape = [rows, ...inner];
    const size = shape.reduce((a, b) => a * b, 1);
    const segments = 1 + randomInt(rng, 6);
    const dtype = trial % 4 === 3 ? 'int32' : 'float32';
    const x = Array.from({ length: size }, () => (dtype === 'int32' ? randomInt(rng, 100) - 50 : randomNormal(rng)));
    // Some ids are -1: TensorFlow drops negative ids.
    const ids = Array.from({ length: rows }, () => randomInt(rng, segments + 1) - 1);
    const f = (): tf.Tensor => tf.unsortedSegmentSum(tf.tensor(x, shape, dtype), tf.tensor1d(ids, 'int32'), segments);
    const cpu = await on('cpu', f);
    const wasm = await on('wasm', f);
    assert.deepEqual(wasm.shape, cpu.shape, `trial ${trial}`);
    assert.deepEqual(wasm.shape, [segments, ...inner]);
    assert.equal(wasm.dtype, dtype);
    wasm.values.forEach((v, i) =>
      assert.ok(Math.abs(v - cpu.values[i]!) <= 1e-5 * (1 + Math.abs(cpu.values[i]!)), `trial ${trial} [${i}]: ${v} vs ${cpu.values[i]}`),
    );
  }
});

test('UnsortedSegmentSum on wasm scatters rows: a hand-checked case and an id past numSegments', async () => {
  const r = await on('wasm', () =>
    tf.unsortedSegmentSum(tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]), tf.tensor1d([2, 0, 2, -1], 'int32'), 3),
  );
  assert.deepEqual(r.values, [3, 4, 0, 0, 6, 8]);
  await assert.rejects(
    on('wasm', () => tf.unsortedSegmentSum(tf.tensor1d([1, 2]), tf.tensor1d([0, 3], 'int32'), 3)),
    /not below numSegments/,
  );
});

test('OneHot on wasm matches cpu for float32 (broken in tfjs-backend-wasm itself) and int32, out-of-range ids included', async () => {
  const rng = mulberry32(2);
  for (const dtype of ['float32', 'int32'] as const) {
    const depth = 2 + randomInt(rng, 9);
    const ids = Array.from({ length: 3 + randomInt(rng, 20) }, () => randomInt(rng, depth + 2) - 1);
    const f = (): tf.Tensor => tf.oneHot(tf.tensor2d(ids, [1, ids.length], 'int32'), depth, 3, -1, dtype);
    const cpu = await on('cpu', f);
    const wasm = await on('wasm', f);
    assert.deepEqual(wasm, cpu);
  }
});

test('GatherV2 on wasm matches cpu: row gathers of any index rank, int32 tables, other axes through the original kernel', async () => {
  const rng = mulberry32(3);
  for (let trial = 0; trial < 10; trial++) {
    const shape = [1 + randomInt(rng, 12), ...Array.from({ length: 1 + randomInt(rng, 2) }, () => 1 + randomInt(rng, 6))];
    const size = shape.reduce((a, b) => a * b, 1);
    const dtype = trial % 3 === 2 ? 'int32' : 'float32';
    const x = Array.from({ length: size }, () => (dtype === 'int32' ? randomInt(rng, 100) : randomNormal(rng)));
    const axis = trial % 4 === 3 ? 1 : 0;
    const idShape = trial % 2 === 0 ? [1 + randomInt(rng, 9)] : [2, 1 + randomInt(rng, 4)];
    const ids = Array.from({ length: idShape.reduce((a, b) => a * b, 1) }, () => randomInt(rng, shape[axis]!));
    const f = (): tf.Tensor => tf.gather(tf.tensor(x, shape, dtype), tf.tensor(ids, idShape, 'int32'), axis);
    assert.deepEqual(await on('wasm', f), await on('cpu', f), `trial ${trial}`);
  }
  await assert.rejects(
    on('wasm', () => tf.gather(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor1d([0, 2], 'int32'))),
    /index value 2 is not in \[0, 1\]/,
  );
});

test('the embedding gradient (gather) on wasm equals cpu, and a training step on wasm gives the cpu loss', async () => {
  const config = { ...TINY, dropout: 0.1 };
  const run = async (backend: 'cpu' | 'wasm'): Promise<number[]> => {
    await initBackend({ prefer: backend });
    const model = createGlm(config, 3);
    const optimizer = new AdamW(model.trainable(), { lr: 1e-2, warmupSteps: 0, totalSteps: 10 });
    const losses = Array.from({ length: 4 }, (_, s) => trainStep(model, randomBatch(40 + s, 4, config), optimizer, s, 5).loss);
    const table = Array.from(model.param('embed.word').dataSync());
    model.dispose();
    optimizer.dispose();
    return [...losses, ...table];
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  for (let s = 0; s < 4; s++)
    assert.ok(Math.abs(wasm[s]! - cpu[s]!) <= 1e-4 * Math.abs(cpu[s]!), `step ${s}: wasm ${wasm[s]} vs cpu ${cpu[s]}`);
  // After four updates the word table (trained through gather's gradient) agrees too.
  const table = (xs: number[]): number[] => xs.slice(4);
  assert.ok(
    table(wasm).every((v, i) => Math.abs(v - table(cpu)[i]!) <= 1e-4),
    'word tables differ',
  );
});
