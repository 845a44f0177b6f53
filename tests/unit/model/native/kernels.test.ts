/**
 * The native back end's kernels against TensorFlow.js's reference cpu kernels on random shapes: odd sizes,
 * transposed operands, broadcast batches, every rank the movers handle. float32 relative error ≤ 1e-5; data
 * movers must be exact.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32, randomInt, randomNormal, type Rng } from '../../../../main/random';
import { assertClose, on, relative, SKIP } from './support';

const normals = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => randomNormal(rng));
const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * op(a)·op(b) for random a [...batchA, m, k] and b [...batchB, k, n] (stored transposed where asked) on native
 * and cpu, within 1e-5 of each output's Σ_k |a_ik||b_kj|: the float32 rounding bound of the sum itself.
 */
async function checkMatMul(
  rng: Rng,
  batchA: number[],
  batchB: number[],
  [m, k, n]: number[],
  ta: boolean,
  tb: boolean,
  what: string,
): Promise<void> {
  const aShape = [...batchA, ...(ta ? [k!, m!] : [m!, k!])];
  const bShape = [...batchB, ...(tb ? [n!, k!] : [k!, n!])];
  const a = normals(rng, size(aShape));
  const b = normals(rng, size(bShape));
  const product = (x: number[], y: number[]) => (): tf.Tensor => tf.matMul(tf.tensor(x, aShape), tf.tensor(y, bShape), ta, tb);
  const [ref] = await on('cpu', product(a, b));
  const [got] = await on('native', product(a, b));
  const [scale] = await on('cpu', product(a.map(Math.abs), b.map(Math.abs)));
  assertClose(got!, ref!, (i) => scale!.values[i]! + 1e-30, 1e-5, `${what} m${m} k${k} n${n} ta${ta} tb${tb}`);
}

test('BatchMatMul: all four transposes, odd sizes, broadcast and equal batches, within 1e-5 of Σ|a||b|', { skip: SKIP }, async () => {
  const rng = mulberry32(11);
  for (let trial = 0; trial < 40; trial++) {
    const mkn = [1 + randomInt(rng, 70), 1 + randomInt(rng, 70), 1 + randomInt(rng, 70)];
    // batches: none (2-D), equal, a shared by all, b shared by all
    const mode = (trial >> 2) % 4;
    const batch = mode === 0 ? [] : [1 + randomInt(rng, 3), 1 + randomInt(rng, 3)];
    const batchA = mode === 2 ? batch.map(() => 1) : batch;
    const batchB = mode === 3 ? batch.map(() => 1) : batch;
    await checkMatMul(rng, batchA, batchB, mkn, trial % 2 === 1, (trial >> 1) % 2 === 1, `trial ${trial} mode ${mode}`);
  }
});

test('BatchMatMul on shapes large enough to be split across threads: by rows, by columns and by batch', { skip: SKIP }, async () => {
  const rng = mulberry32(16);
  const cases: [number[], number, number, number][] = [
    [[], 300, 200, 150],
    [[], 1, 257, 513],
    [[], 513, 64, 3],
    [[3], 130, 70, 90],
  ];
  for (const [batch, m, k, n] of cases) {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      await checkMatMul(rng, batch, batch, [m, k, n], ta, tb, `[${batch}]`);
    }
  }
});

test(
  '_FusedMatMul with a bias matches the cpu kernel; an activation goes to the wasm kernel and still matches',
  { skip: SKIP },
  async () => {
    const rng = mulberry32(12);
    for (const activation of ['linear', 'relu'] as const) {
      for (let trial = 0; trial < 6; trial++) {
        const [m, k, n] = [1 + randomInt(rng, 40), 1 + randomInt(rng, 40), 1 + randomInt(rng, 40)];
        const a = normals(rng, m * k);
        const b = normals(rng, k * n);
        const bias = normals(rng, n);
        const f = (): tf.Tensor =>
          tf.fused.matMul({ a: tf.tensor2d(a, [m, k]), b: tf.tensor2d(b, [k, n]), bias: tf.tensor1d(bias), activation });
        const [ref] = await on('cpu', f);
        const [got] = await on('native', f);
        assertClose(got!, ref!, (i) => Math.max(Math.abs(ref!.values[i]!), 1) * k, 1e-5, `${activation} ${m}×${k}×${n}`);
      }
    }
  },
);

test('Transpose: ranks 1–6, random permutations, float32 and int32, exactly', { skip: SKIP }, async () => {
  const rng = mulberry32(13);
  for (let trial = 0; trial < 40; trial++) {
    const rank = 1 + (trial % 6);
    const shape = Array.from({ length: rank }, () => 1 + randomInt(rng, 6));
    const perm = shape.map((_, i) => i);
    for (let i = rank - 1; i > 0; i--) {
      const j = randomInt(rng, i + 1);
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const dtype = trial % 3 === 2 ? 'int32' : 'float32';
    const x = Array.from({ length: size(shape) }, (_, i) => (dtype === 'int32' ? i - 7 : randomNormal(rng)));
    const f = (): tf.Tensor => tf.transpose(tf.tensor(x, shape, dtype), perm);
    const [ref] = await on('cpu', f);
    const [got] = await on('native', f);
    assert.deepEqual(got, ref, `shape [${shape}] perm [${perm}] ${dtype}`);
  }
});

test('Slice, split and concat along every axis, float32 and int32, exactly', { skip: SKIP }, async () => {
  const rng = mulberry32(14);
  for (let trial = 0; trial < 30; trial++) {
    const rank = 1 + (trial % 4);
    const shape = Array.from({ length: rank }, () => 2 + randomInt(rng, 6));
    const axis = randomInt(rng, rank);
    const dtype = trial % 2 === 1 ? 'int32' : 'float32';
    const x = Array.from({ length: size(shape) }, (_, i) => (dtype === 'int32' ? 3 * i + 1 : randomNormal(rng)));
    const begin = shape.map((d) => randomInt(rng, d));
    const extent = shape.map((d, i) => 1 + randomInt(rng, d - begin[i]!));
    const first = 1 + randomInt(rng, shape[axis]! - 1);
    const f = (): tf.Tensor[] => {
      const t = tf.tensor(x, shape, dtype);
      const parts = tf.split(t, [first, shape[axis]! - first], axis);
      return [tf.slice(t, begin, extent), ...parts, tf.concat([parts[1]!, t, parts[0]!], axis)];
    };
    const ref = await on('cpu', f);
    const got = await on('native', f);
    assert.deepEqual(got, ref, `shape [${shape}] axis ${axis} ${dtype}`);
  }
});

test('Identity shares memory: a clone outlives its source with the same values', { skip: SKIP }, async () => {
  const [got] = await on('native', () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const y = tf.clone(x);
    x.dispose();
    return tf.add(y, 1);
  });
  assert.deepEqual(got!.values, [2, 3, 4, 5]);
});

test('Softmax over the last axis, large and tiny logits included, within 1e-5 relative', { skip: SKIP }, async () => {
  const rng = mulberry32(15);
  for (let trial = 0; trial < 12; trial++) {
    const shape = [1 + randomInt(rng, 9), 1 + randomInt(rng, 5), 1 + randomInt(rng, 90)];
    const spread = [1, 10, 80][trial % 3]!;
    const x = normals(rng, size(shape)).map((v) => v * spread);
    const f = (): tf.Tensor => tf.softmax(tf.tensor(x, shape));
    const [ref] = await on('cpu', f);
    const [got] = await on('native', f);
    assertClose(got!, ref!, relative(ref!, 1e-30), 1e-5, `shape [${shape}] spread ${spread}`);
  }
});

test('the addon refuses arrays shorter than the shapes say, naming the argument', { skip: SKIP }, async () => {
  const { loadNativeAddon } = await import('../../../../main/model/native/addon');
  const k = loadNativeAddon();
  const a = new Float32Array(6);
  assert.throws(
    () => k.gemm(1, 2, 3, 3, false, false, a, 0, new Float32Array(9), 0, new Float32Array(5), null),
    /gemm: argument 10 must be an array of at least 6 elements/,
  );
  assert.throws(() => k.transpose(a, a, Int32Array.from([2, 3]), Int32Array.from([0, 0])), /permutation/);
  assert.throws(() => k.layerNorm(a, a, a, 2, 4, 1e-5, a, a, a), /layerNorm: argument 0 must be an array of at least 8 elements/);
});

test(
  'embedding rows: GatherV2 along axis 0 and UnsortedSegmentSum (dropped and repeated ids) match the cpu kernels',
  { skip: SKIP },
  async () => {
    const rng = mulberry32(17);
    for (let trial = 0; trial < 16; trial++) {
      const rows = 1 + randomInt(rng, 50);
      const inner = [1 + randomInt(rng, 70), ...(trial % 3 === 0 ? [2] : [])];
      const n = 1 + randomInt(rng, 90);
      const table = normals(rng, rows * size(inner));
      const idx = Array.from({ length: n }, () => randomInt(rng, rows));
      const ids = Array.from({ length: n }, () => randomInt(rng, rows + 1) - 1); // −1 is dropped
      const grad = normals(rng, n * size(inner));
      const f = (): tf.Tensor[] => [
        tf.gather(tf.tensor(table, [rows, ...inner]), tf.tensor1d(idx, 'int32')),
        tf.unsortedSegmentSum(tf.tensor(grad, [n, ...inner]), tf.tensor1d(ids, 'int32'), rows),
      ];
      const [gRef, sRef] = await on('cpu', f);
      const [gGot, sGot] = await on('native', f);
      assert.deepEqual(gGot, gRef, `gather trial ${trial}`);
      assertClose(sGot!, sRef!, (i) => Math.max(1, Math.abs(sRef!.values[i]!)), 1e-5, `segment sum trial ${trial}`);
    }
    await assert.rejects(
      on('native', () => tf.gather(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor1d([0, 2], 'int32'))),
      /the index value 2 is not in \[0, 1\]/,
    );
    await assert.rejects(
      on('native', () => tf.unsortedSegmentSum(tf.tensor1d([1, 2]), tf.tensor1d([0, 3], 'int32'), 3)),
      /segment id 3 is not below numSegments 3/,
    );
  },
);

test('Add, Sub and Multiply: equal shapes, scalars, bias rows, and broadcasts left to the wasm kernels', { skip: SKIP }, async () => {
  const rng = mulberry32(18);
  const pairs: [number[], number[]][] = [
    [
      [37, 29],
      [37, 29],
    ],
    [[300, 257], []],
    [[], [5, 7]],
    [[4, 33, 17], [17]],
    [
      [33, 17],
      [4, 33, 17],
    ],
    [
      [6, 1, 5, 5],
      [6, 3, 5, 5],
    ], // a broadcast in the middle: the wasm kernel's
    [
      [3, 1],
      [1, 4],
    ],
    [
      [64, 4096],
      [64, 4096],
    ],
  ];
  for (const [sa, sb] of pairs) {
    const a = normals(rng, size(sa));
    const b = normals(rng, size(sb));
    const f = (): tf.Tensor[] => {
      const ta = tf.tensor(a, sa);
      const tb = tf.tensor(b, sb);
      return [tf.add(ta, tb), tf.sub(ta, tb), tf.mul(ta, tb), tf.sub(tb, ta)];
    };
    const ref = await on('cpu', f);
    const got = await on('native', f);
    assert.deepEqual(got, ref, `[${sa}] with [${sb}]`);
  }
});
