import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../main/model/backend';
import { KIND, packRows, positionsOf, queryRows, type Segment } from '../../../main/lum/batches';
import { batchItems, infoNce, LumModel } from '../../../main/lum/model';
import { maxAbsDiff, randomFeatures, randomSegment, rowsOf, scramble, SHAPE } from './helpers';

before(async () => {
  await initBackend({ prefer: 'cpu' });
});

const d = SHAPE.width;
const hiddenOf = (model: LumModel, segments: Segment[][], f = randomFeatures(SHAPE, 1), length?: number): Float32Array => {
  const h = model.forward(packRows(segments, length), f);
  const out = h.dataSync() as Float32Array;
  h.dispose();
  return out.slice();
};

test('causality: perturbing the tokens after position t leaves every output up to t unchanged', () => {
  const model = new LumModel(SHAPE, 1);
  scramble(model, 2);
  const f = randomFeatures(SHAPE, 3);
  const seg = randomSegment(SHAPE, 8, 4);
  const base = hiddenOf(model, [[seg]], f);
  for (let l = 0; l < 8; l++) {
    // i_l and everything after it change; the output at c_l (position 2l), where the loss reads, must not.
    const other = randomSegment(SHAPE, 8, 100 + l);
    const items = seg.items.slice();
    const conds = seg.conds.slice();
    for (let k = l; k < 8; k++) {
      items[k] = 1 + ((seg.items[k]! + other.items[k]!) % (SHAPE.items - 1));
      if (k > l) conds[k] = (seg.conds[k]! + 1 + other.conds[k]!) % SHAPE.conditions;
    }
    const changed = hiddenOf(model, [[{ conds, items }]], f);
    assert.ok(maxAbsDiff(rowsOf(base, d, 0, 2 * l + 1), rowsOf(changed, d, 0, 2 * l + 1)) < 1e-6, `outputs up to c_${l} moved`);
    assert.ok(maxAbsDiff(rowsOf(base, d, 2 * l + 1, 16), rowsOf(changed, d, 2 * l + 1, 16)) > 1e-3, `the change at i_${l} did nothing`);
  }
  model.dispose();
});

test('group query: perturbing one query leaves every other query vector identical, and each equals a separate pass', () => {
  const model = new LumModel(SHAPE, 5);
  scramble(model, 6);
  const f = randomFeatures(SHAPE, 7);
  const history = randomSegment(SHAPE, 6, 8);
  const queries = [1, 2, 3, 4];
  const vectors = (qs: number[]): Float32Array => {
    const v = model.queryVectors(queryRows([history], [qs]), f);
    const out = (v.dataSync() as Float32Array).slice();
    v.dispose();
    return out;
  };
  const base = vectors(queries);
  for (let q = 0; q < queries.length; q++) {
    const changed = vectors(queries.map((c, k) => (k === q ? (c + 2) % SHAPE.conditions : c)));
    for (let k = 0; k < queries.length; k++) {
      const diff = maxAbsDiff(rowsOf(base, d, k, k + 1), rowsOf(changed, d, k, k + 1));
      if (k === q) assert.ok(diff > 1e-3, `changing query ${q} did not change its own vector`);
      else assert.ok(diff < 1e-6, `query ${k} saw query ${q} (moved ${diff})`);
    }
  }
  // The shared prefix is computed once, yet every vector is what one query alone after the history gives.
  queries.forEach((c, k) => {
    const alone = vectors([c]);
    assert.ok(maxAbsDiff(rowsOf(base, d, k, k + 1), alone) < 1e-5, `query ${k} differs from its own pass`);
  });
  model.dispose();
});

test('InfoNCE equals the hand-computed value on a small batch', () => {
  // o₁ = (1, 0) with its positive e₁ = (1, 0); o₂ = (0, 2) with its positive e₂ = (0, 1); e₃ = (−1, 0) a negative of both.
  // Row 1: logits (1, 0, −1): −log(e¹ / (e¹ + e⁰ + e⁻¹)) = log(1 + e⁻¹ + e⁻²) = 0.4076059…
  // Row 2: logits (0, 2, 0): −log(e² / (e⁰ + e² + e⁰)) = log(1 + 2e⁻²) = 0.2395447…
  const o = tf.tensor2d([1, 0, 0, 2], [2, 2]);
  const e = tf.tensor2d([1, 0, 0, 1, -1, 0], [3, 2]);
  const labels = Int32Array.from([0, 1]);
  const at1 = infoNce(o, e, labels, 1).loss.dataSync()[0]!;
  assert.ok(Math.abs(at1 - (0.4076059 + 0.2395447) / 2) < 1e-6, `τ = 1: ${at1}`);
  // τ = 0.5 doubles every logit: log(1 + e⁻² + e⁻⁴) = 0.1429317…, log(1 + 2e⁻⁴) = 0.0359770…
  const at05 = infoNce(o, e, labels, 0.5).loss.dataSync()[0]!;
  assert.ok(Math.abs(at05 - (0.1429317 + 0.035977) / 2) < 1e-6, `τ = 0.5: ${at05}`);
  tf.dispose([o, e]);
});

test('with identical item embeddings the loss is log(K + 1) for K in-batch negatives, whatever the outputs', () => {
  const model = new LumModel(SHAPE, 9);
  scramble(model, 10);
  // Every item-specific input to the item encoder zeroed: each item's embedding is the projection's bias alone.
  for (const name of ['item.id', 'item.title', 'item.attr', 'item.proj.stats.w']) model.param(name).assign(tf.zerosLike(model.param(name)));
  const f = randomFeatures(SHAPE, 11);
  const b = packRows([[randomSegment(SHAPE, 7, 12)], [randomSegment(SHAPE, 5, 13)]]);
  const distinct = batchItems(b).items.length;
  const out = model.loss(b, f, { training: false });
  assert.ok(distinct >= 4, 'the batch should hold several distinct items');
  assert.ok(Math.abs(out.loss.dataSync()[0]! - Math.log(distinct)) < 1e-5, `${out.loss.dataSync()[0]} vs log ${distinct}`);
  tf.dispose([out.loss, out.accuracy]);
  model.dispose();
});

test('the loss sits at the condition positions only: it is InfoNCE of those outputs against the batch items', () => {
  const model = new LumModel(SHAPE, 14);
  scramble(model, 15);
  const f = randomFeatures(SHAPE, 16);
  const b = packRows([[randomSegment(SHAPE, 5, 17), randomSegment(SHAPE, 3, 18)], [randomSegment(SHAPE, 6, 19)]], 16);
  const conds = positionsOf(b, KIND.cond);
  assert.deepEqual([...conds], [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26]);
  const { items, column } = batchItems(b);
  const expected = tf.tidy(() => {
    const e = model.itemEmbeddings(f, items);
    const h = model.hidden(b, e, column, { training: false });
    return infoNce(
      tf.gather(h, tf.tensor1d(conds, 'int32')) as tf.Tensor2D,
      e,
      conds.map((t) => column.get(b.target[t]!)!),
      1,
    ).loss;
  });
  const got = model.loss(b, f, { training: false });
  assert.ok(Math.abs(got.loss.dataSync()[0]! - expected.dataSync()[0]!) < 1e-6);
  assert.equal(got.positions, conds.length);
  tf.dispose([expected, got.loss, got.accuracy]);
  model.dispose();
});

test('packing several users into one row gives the same outputs and the same loss as unpacked rows', () => {
  const model = new LumModel(SHAPE, 20);
  scramble(model, 21);
  const f = randomFeatures(SHAPE, 22);
  const segs = [randomSegment(SHAPE, 3, 23), randomSegment(SHAPE, 5, 24), randomSegment(SHAPE, 2, 25)];
  const packed = packRows([segs], 24);
  const unpacked = packRows(
    segs.map((s) => [s]),
    10,
  );
  const lossOf = (b: ReturnType<typeof packRows>): number => {
    const out = model.loss(b, f, { training: false });
    const v = out.loss.dataSync()[0]!;
    tf.dispose([out.loss, out.accuracy]);
    return v;
  };
  const a = lossOf(packed);
  const u = lossOf(unpacked);
  assert.ok(Math.abs(a - u) < 1e-5, `packed ${a} vs unpacked ${u}`);
  // Token by token, too: segment k of the packed row against row k of the unpacked batch.
  const hp = hiddenOf(model, [segs], f, 24);
  const hu = hiddenOf(
    model,
    segs.map((s) => [s]),
    f,
    10,
  );
  let at = 0;
  segs.forEach((s, k) => {
    const n = 2 * s.items.length;
    assert.ok(maxAbsDiff(rowsOf(hp, d, at, at + n), rowsOf(hu, d, 10 * k, 10 * k + n)) < 1e-5, `segment ${k}`);
    at += n;
  });
  model.dispose();
});

test('gradients match central finite differences (every token table and projection, a block, the positions)', () => {
  const model = new LumModel({ ...SHAPE, layers: 1 }, 30);
  scramble(model, 31);
  const f = randomFeatures(SHAPE, 32);
  const b = packRows([[randomSegment(SHAPE, 4, 33), randomSegment(SHAPE, 3, 34)]]);
  const names = [
    'item.id',
    'item.title',
    'item.attr',
    'item.proj.stats.w',
    'item.proj.b',
    'cond.table',
    'cond.proj.w',
    'pos',
    'layer0.qkv.w',
    'final.ln.gamma',
  ];
  const vars = names.map((n) => model.param(n));
  const lossOf = (): number =>
    tf.tidy(() => {
      const out = model.loss(b, f, { training: false });
      return out.loss.dataSync()[0]!;
    });
  const { grads } = tf.variableGrads(() => model.loss(b, f, { training: false }).loss, vars);
  const eps = 1e-2;
  names.forEach((name, k) => {
    const v = vars[k]!;
    const g = (grads[v.name]!.dataSync() as Float32Array).slice();
    const order = [...g.keys()].sort((x, y) => Math.abs(g[y]!) - Math.abs(g[x]!));
    const w = (v.dataSync() as Float32Array).slice();
    for (const i of order.slice(0, 3)) {
      const at = (delta: number): number => {
        const p = w.slice();
        p[i]! += delta;
        v.assign(tf.tensor(p, v.shape));
        return lossOf();
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      v.assign(tf.tensor(w, v.shape));
      const scale = Math.max(Math.abs(g[i]!), Math.abs(numeric), 1e-3);
      assert.ok(Math.abs(g[i]! - numeric) / scale < 3e-2, `${name}[${i}]: analytic ${g[i]} vs numeric ${numeric}`);
    }
    assert.ok(Math.abs(g[order[0]!]!) > 1e-4, `${name}: no gradient`);
  });
  tf.dispose(Object.values(grads));
  model.dispose();
});
