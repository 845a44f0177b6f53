import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { attentionMask, MASKED } from '../../../main/model/attention';
import { initBackend } from '../../../main/model/backend';
import { createGlm, lossPositions, type Glm } from '../../../main/model/glm';
import { addLora } from '../../../main/model/lora';
import { AdamW } from '../../../main/model/optimizer';
import { trainStep } from '../../../main/model/train-step';
import { collate, type Batch } from '../../../main/model/types';
import { mulberry32, randomNormal } from '../../../main/random';
import { example, maxAbsDiff, randomBatch, TINY, values } from './helpers';

before(async () => {
  await initBackend({ prefer: 'cpu' });
});

/** Every variable redrawn at a scale where gradients are large and the network far from linear. */
function scramble(model: Glm, seed: number): void {
  const rng = mulberry32(seed);
  for (const [name, v] of model.params) {
    const base = name.endsWith('.gamma') ? 1 : 0;
    v.assign(
      tf.tensor(
        Float32Array.from({ length: v.size }, () => base + 0.4 * randomNormal(rng)),
        v.shape,
      ),
    );
  }
}

/**
 * Central differences at the three coordinates where the analytic gradient is largest and at a middling one.
 * With `dropoutSeed`, dropout is on with fixed masks, so its backward is checked too.
 */
function checkGradients(model: Glm, batch: Batch, names: string[], dropoutSeed?: number): void {
  const opts = dropoutSeed === undefined ? { training: false } : { training: true, seed: dropoutSeed };
  const lossOf = (): number => tf.tidy(() => model.loss(batch, opts).loss.dataSync()[0]!);
  const vars = names.map((n) => model.param(n));
  const { grads } = tf.variableGrads(() => model.loss(batch, opts).loss, vars);
  const eps = 1e-2;
  for (const [k, name] of names.entries()) {
    const v = vars[k]!;
    const g = values(grads[v.name]!);
    const order = [...g.keys()].sort((a, b) => Math.abs(g[b]!) - Math.abs(g[a]!));
    const coords = [...order.slice(0, 3), order[Math.floor(order.length / 2)]!];
    const w = values(v);
    for (const i of coords) {
      const at = (delta: number): number => {
        const p = w.slice();
        p[i]! += delta;
        v.assign(tf.tensor(p, v.shape));
        return lossOf();
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      v.assign(tf.tensor(w, v.shape));
      const analytic = g[i]!;
      const scale = Math.max(Math.abs(analytic), Math.abs(numeric), 1e-3);
      assert.ok(Math.abs(analytic - numeric) / scale < 2e-2, `${name}[${i}]: analytic ${analytic} vs numeric ${numeric}`);
    }
    assert.ok(Math.abs(g[order[0]!]!) > 1e-3, `${name}: gradient too small to test (${g[order[0]!]})`);
  }
  tf.dispose(Object.values(grads));
}

test('gradients match central finite differences (embeddings, both position tables, every block part, dropout on)', () => {
  const model = createGlm({ ...TINY, dropout: 0.2 }, 1);
  scramble(model, 2);
  const batch = randomBatch(3, 3, TINY);
  checkGradients(
    model,
    batch,
    [
      'embed.word',
      'embed.inter',
      'embed.intra',
      'layer0.ln1.gamma',
      'layer0.qkv.w',
      'layer0.qkv.b',
      'layer0.attnOut.w',
      'layer1.ln2.beta',
      'layer1.ffnUp.w',
      'layer1.ffnDown.w',
      'layer1.ffnDown.b',
      'final.ln.gamma',
    ],
    77,
  );
  model.dispose();
});

test('gradients of LoRA A and B match finite differences', () => {
  const model = createGlm(TINY, 4);
  scramble(model, 5);
  addLora(model, { rank: 2, alpha: 4, targets: ['qkv', 'attnOut', 'ffnUp', 'ffnDown'] }, 6);
  // B starts at zero, where A's gradient vanishes: draw B too.
  const rng = mulberry32(7);
  for (const [name, v] of model.params)
    if (name.endsWith('.lora.b'))
      v.assign(
        tf.tensor(
          Float32Array.from({ length: v.size }, () => 0.3 * randomNormal(rng)),
          v.shape,
        ),
      );
  checkGradients(model, randomBatch(8, 3, TINY), [
    'layer0.qkv.lora.a',
    'layer0.qkv.lora.b',
    'layer1.ffnDown.lora.a',
    'layer1.attnOut.lora.b',
  ]);
  model.dispose();
});

test('the attention mask: Part A bidirectional, Part B causal, padding never seen by a real token', () => {
  const batch = collate([example(mulberry32(1), 23, 3, [2]), example(mulberry32(2), 23, 4, [1])]);
  const T = batch.length;
  const m = tf.tidy(() => values(attentionMask(batch)));
  for (let r = 0; r < 2; r++) {
    for (let i = 0; i < T; i++) {
      for (let j = 0; j < T; j++) {
        const allowed = j < batch.sep[r]! || j <= i;
        assert.equal(m[(r * T + i) * T + j], allowed ? 0 : MASKED, `row ${r} query ${i} key ${j}`);
      }
    }
  }
});

test('attention isolation: Part B never reaches Part A, Part B is causal, Part A reaches Part B', () => {
  const model = createGlm(TINY, 9);
  scramble(model, 10);
  const rng = mulberry32(11);
  const base = collate([example(rng, 23, 5, [2, 2]), example(rng, 23, 4, [3])]);
  const T = base.length;
  const sep = base.sep[0]!;
  const hidden = (b: Batch): Float32Array => tf.tidy(() => values(model.forward(b, { training: false })));
  const h0 = hidden(base);
  const d = TINY.width;
  const rowsOf = (h: Float32Array, r: number, from: number, to: number): Float32Array => h.slice((r * T + from) * d, (r * T + to) * d);
  const partBEnd = sep + 6;
  for (let j = sep; j < partBEnd; j++) {
    const b = { ...base, tokens: base.tokens.slice() };
    b.tokens[j] = b.tokens[j] === 7 ? 8 : 7;
    const h = hidden(b);
    assert.ok(maxAbsDiff(rowsOf(h, 0, 0, sep), rowsOf(h0, 0, 0, sep)) <= 1e-6, `Part A changed when Part B token ${j} changed`);
    assert.ok(maxAbsDiff(rowsOf(h, 0, sep, j), rowsOf(h0, 0, sep, j)) <= 1e-6, `Part B before ${j} changed`);
    assert.ok(maxAbsDiff(rowsOf(h, 0, j, j + 1), rowsOf(h0, 0, j, j + 1)) > 1e-4, `position ${j} itself did not change`);
    assert.ok(maxAbsDiff(rowsOf(h, 1, 0, T), rowsOf(h0, 1, 0, T)) <= 1e-6, 'another row changed');
    // The same through the tied output layer, at the Part B positions before j.
    const before = Int32Array.from({ length: j - sep }, (_, k) => sep + k);
    if (before.length > 0) {
      const [l0, l1] = tf.tidy(() => [
        values(model.logits(model.forward(base, { training: false }), before)),
        values(model.logits(model.forward(b, { training: false }), before)),
      ]);
      assert.ok(maxAbsDiff(l0!, l1!) <= 1e-6, `logits before ${j} changed`);
    }
  }
  const a = { ...base, tokens: base.tokens.slice() };
  a.tokens[0] = a.tokens[0] === 7 ? 8 : 7;
  const ha = hidden(a);
  assert.ok(maxAbsDiff(rowsOf(ha, 0, sep, partBEnd), rowsOf(h0, 0, sep, partBEnd)) > 1e-4, 'Part B did not see Part A');
  model.dispose();
});

test('a tiny model overfits a tiny dataset', () => {
  const config = TINY;
  const model = createGlm(config, 12);
  const batch = randomBatch(13, 4, config);
  const optimizer = new AdamW(model.trainable(), { lr: 2e-2, warmupSteps: 5, totalSteps: 45 });
  const first = trainStep(model, batch, optimizer, 0, 1).loss;
  let last = first;
  for (let s = 1; s < 45; s++) last = trainStep(model, batch, optimizer, s, 1).loss;
  assert.ok(first > 2.5, `initial loss ${first} should be near ln(23) ≈ 3.1`);
  assert.ok(last < 0.05, `loss fell only from ${first} to ${last}`);
  model.dispose();
  optimizer.dispose();
});

test('same seed and back end give identical losses (with dropout); another seed does not', () => {
  const config = { ...TINY, dropout: 0.1 };
  const run = (seed: number): number[] => {
    const model = createGlm(config, seed);
    const optimizer = new AdamW(model.trainable(), { lr: 3e-3, warmupSteps: 2, totalSteps: 10 });
    const losses = Array.from({ length: 5 }, (_, s) => trainStep(model, randomBatch(100 + s, 3, config), optimizer, s, seed).loss);
    model.dispose();
    optimizer.dispose();
    return losses;
  };
  const a = run(21);
  assert.deepEqual(run(21), a);
  assert.notDeepEqual(run(22), a);
});

test('no tensor leaks: the tensor count is steady over many steps and returns to its start', () => {
  const start = tf.memory().numTensors;
  const config = { ...TINY, dropout: 0.1 };
  const model = createGlm(config, 31);
  addLora(model, { rank: 2, alpha: 2, targets: ['qkv', 'ffnDown'] }, 1);
  const optimizer = new AdamW(model.trainable(), { lr: 1e-3, warmupSteps: 2, totalSteps: 40 });
  const counts: number[] = [];
  for (let s = 0; s < 40; s++) {
    trainStep(model, randomBatch(200 + s, 3, config), optimizer, s, 1);
    tf.dispose(tf.tidy(() => model.logits(model.forward(randomBatch(s, 2, config), { training: false }), Int32Array.of(0, 1))));
    counts.push(tf.memory().numTensors);
  }
  assert.deepEqual(new Set(counts.slice(2)).size, 1, `tensor counts drift: ${counts.join(' ')}`);
  model.dispose();
  optimizer.dispose();
  assert.equal(tf.memory().numTensors, start);
});

test('loss positions: flat indices, labels and rows of the lossMask-1 positions', () => {
  const batch = collate([example(mulberry32(3), 23, 3, [1]), example(mulberry32(4), 23, 4, [2])]);
  const at = lossPositions(batch);
  const T = batch.length;
  assert.deepEqual([...at.positions], [3, 4, T + 4, T + 5, T + 6]);
  assert.deepEqual([...at.rows], [0, 0, 1, 1, 1]);
  assert.deepEqual([...at.counts], [2, 3]);
  assert.deepEqual(
    [...at.labels],
    [...at.positions].map((p) => batch.labels[p]),
  );
  assert.throws(() => createGlm({ ...TINY, heads: 3 }, 1), /not divisible/);
});
