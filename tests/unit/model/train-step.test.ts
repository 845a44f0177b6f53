import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../main/model/backend';
import { createGlm, lossPositions } from '../../../main/model/glm';
import { AdamW, learningRate } from '../../../main/model/optimizer';
import { stepSeed, trainStep } from '../../../main/model/train-step';
import { randomBatch, TINY } from './helpers';

before(async () => {
  await initBackend({ prefer: 'cpu' });
});

test('a step reports the loss before its update, the per-row means behind it, the pre-clip gradient norm and the lr', () => {
  const model = createGlm(TINY, 3);
  const batch = randomBatch(4, 4, TINY);
  const trainable = [...model.trainable().values()];
  const expected = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => model.loss(batch, { training: false }).loss, trainable);
    const norm = Math.sqrt(Object.values(grads).reduce((a, g) => a + tf.sum(tf.square(g)).dataSync()[0]!, 0));
    return { loss: value.dataSync()[0]!, norm };
  });
  const schedule = { lr: 1e-3, warmupSteps: 4, totalSteps: 20 };
  const optimizer = new AdamW(model.trainable(), schedule);
  const r = trainStep(model, batch, optimizer, 2, 9);
  assert.ok(Math.abs(r.loss - expected.loss) <= 1e-6, `${r.loss} vs ${expected.loss}`);
  assert.ok(Math.abs(r.gradNorm - expected.norm) <= 1e-4 * expected.norm, `${r.gradNorm} vs ${expected.norm}`);
  assert.equal(r.lr, learningRate(2, schedule));
  // The mean over all Part B positions is the count-weighted mean of the per-row means.
  const { counts } = lossPositions(batch);
  const weighted = r.perRow.reduce((a, x, i) => a + x * counts[i]!, 0) / counts.reduce((a, c) => a + c, 0);
  assert.equal(r.perRow.length, batch.size);
  assert.ok(Math.abs(weighted - r.loss) <= 1e-5, `${weighted} vs ${r.loss}`);
  assert.ok(new Set(r.perRow).size > 1, 'rows should differ');
  // The update happened: the loss on the same batch is now lower.
  const after = tf.tidy(() => model.loss(batch, { training: false }).loss.dataSync()[0]!);
  assert.ok(after < r.loss, `${after} not below ${r.loss}`);
  model.dispose();
  optimizer.dispose();
});

test('exactly one host read per step', () => {
  const model = createGlm({ ...TINY, dropout: 0.1 }, 5);
  const optimizer = new AdamW(model.trainable(), { lr: 1e-3, warmupSteps: 0, totalSteps: 10 });
  const proto = tf.Tensor.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const readers = ['dataSync', 'data', 'array', 'arraySync', 'bufferSync', 'buffer', 'print'];
  const original = new Map(readers.map((name) => [name, proto[name]!]));
  let reads = 0;
  for (const name of readers) {
    proto[name] = function (this: tf.Tensor, ...args: unknown[]) {
      reads++;
      return original.get(name)!.apply(this, args);
    };
  }
  try {
    for (let s = 0; s < 3; s++) {
      reads = 0;
      trainStep(model, randomBatch(s, 3, TINY), optimizer, s, 1);
      assert.equal(reads, 1, `step ${s} read the device ${reads} times`);
    }
  } finally {
    for (const [name, f] of original) proto[name] = f;
  }
  model.dispose();
  optimizer.dispose();
});

test('dropout seeds depend on (seed, step) only', () => {
  assert.equal(stepSeed(7, 3), stepSeed(7, 3));
  assert.notEqual(stepSeed(7, 3), stepSeed(7, 4));
  assert.notEqual(stepSeed(7, 3), stepSeed(8, 3));
});
