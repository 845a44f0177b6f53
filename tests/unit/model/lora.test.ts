import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../main/model/backend';
import { createGlm, lossPositions } from '../../../main/model/glm';
import { addLora, loraNames, mergeLora } from '../../../main/model/lora';
import { AdamW } from '../../../main/model/optimizer';
import { trainStep } from '../../../main/model/train-step';
import type { LoraConfig } from '../../../main/model/types';
import { maxAbsDiff, randomBatch, TINY, values } from './helpers';

before(async () => {
  await initBackend({ prefer: 'cpu' });
});

const LORA: LoraConfig = { rank: 4, alpha: 8, targets: ['qkv', 'attnOut', 'ffnUp', 'ffnDown'] };
const config = { ...TINY, dropout: 0.1 };

test('adapters: A is Kaiming-uniform (a = √5) of shape [r, in], B is zero [out, r], only A and B train', () => {
  const model = createGlm(config, 1);
  addLora(model, LORA, 2);
  const trainable = [...model.trainable().keys()];
  assert.equal(trainable.length, config.layers * LORA.targets.length * 2);
  assert.ok(trainable.every((n) => n.includes('.lora.')));
  const a = model.param(loraNames('layer1.ffnDown').a);
  const b = model.param(loraNames('layer1.ffnDown').b);
  assert.deepEqual(a.shape, [LORA.rank, config.ffn]);
  assert.deepEqual(b.shape, [config.width, LORA.rank]);
  const av = values(a);
  const bound = 1 / Math.sqrt(config.ffn);
  assert.ok(av.every((x) => Math.abs(x) <= bound) && Math.max(...av.map(Math.abs)) > 0.8 * bound, 'A spans ±1/√fan_in');
  assert.ok(values(b).every((x) => x === 0));
  assert.equal(model.adapters.get('layer0.qkv')?.scale, LORA.alpha / LORA.rank);
  assert.throws(() => addLora(model, LORA, 3), /already/);
  model.dispose();
});

test('LoRA: output equals the base exactly at step 0; after training the base is byte-identical, A and B moved; merged weights give the same logits', () => {
  const base = createGlm(config, 5);
  const model = createGlm(config, 5);
  const batch = randomBatch(6, 3, config);
  const at = lossPositions(batch).positions;
  const logitsOf = (m: typeof model): Float32Array => tf.tidy(() => values(m.logits(m.forward(batch, { training: false }), at)));
  const baseLogits = logitsOf(base);

  addLora(model, LORA, 7);
  assert.deepEqual(logitsOf(model), baseLogits, 'step 0 differs from the base');

  const before = new Map([...model.params].map(([n, v]) => [n, values(v)]));
  const optimizer = new AdamW(model.trainable(), { lr: 1e-2, warmupSteps: 0, totalSteps: 10 });
  for (let s = 0; s < 5; s++) trainStep(model, randomBatch(10 + s, 3, config), optimizer, s, 1);
  for (const [name, v] of model.params) {
    const now = values(v);
    if (name.includes('.lora.')) assert.ok(maxAbsDiff(now, before.get(name)!) > 1e-4, `${name} did not train`);
    else assert.deepEqual(Buffer.from(now.buffer), Buffer.from(before.get(name)!.buffer), `${name} changed`);
  }
  const adapted = logitsOf(model);
  assert.ok(maxAbsDiff(adapted, baseLogits) > 1e-3, 'training the adapters did not change the output');

  const merged = mergeLora(model);
  assert.deepEqual([...merged.keys()], [...base.params.keys()]);
  const plain = createGlm(config, 99);
  plain.setWeights(merged, 'the merged weights');
  tf.dispose([...merged.values()]);
  assert.ok(maxAbsDiff(logitsOf(plain), adapted) <= 1e-5, `merged logits differ by ${maxAbsDiff(logitsOf(plain), adapted)}`);
  for (const m of [base, model, plain]) m.dispose();
  optimizer.dispose();
});

test('LoRA on a subset of projections leaves the others unadapted', () => {
  const model = createGlm(config, 1);
  addLora(model, { rank: 2, alpha: 2, targets: ['qkv'] }, 1);
  assert.deepEqual([...model.adapters.keys()], ['layer0.qkv', 'layer1.qkv']);
  const other = createGlm(config, 1);
  assert.throws(() => addLora(other, { rank: 0, alpha: 1, targets: ['qkv'] }, 1), /rank/);
  model.dispose();
  other.dispose();
});
