/**
 * The identifier builders' algorithms (docs/algorithms.md §3, §6.2 item 8): k-means, residual quantization
 * whose error falls level by level (and a random-code fake's does not), codes that depend on the input, the
 * collision digit, spectral clustering and the content / co-occurrence embeddings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kmeans } from '../../../main/itemids/kmeans';
import { appendCollisionDigit, rqKMeans } from '../../../main/itemids/residual-quantize';
import {
  coOccurrence,
  contentEmbedding,
  contentTerms,
  collaborativeEmbedding,
  combineEmbeddings,
  ppmi,
} from '../../../main/itemids/embeddings';
import { randomizedSvd, csrOperator, csrFromMaps, ridge } from '../../../main/itemids/linalg';
import { symmetricEigen } from '../../../main/optim/eigen';
import { spectralCodes } from '../../../main/itemids/spectral';
import { mulberry32, randomNormal } from '../../../main/random';

/** n points around `clusters` centres in d dimensions. */
function blobs(n: number, d: number, clusters: number, seed: number, spread = 0.1): { x: Float64Array; label: Int32Array } {
  const rng = mulberry32(seed);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: d }, () => 3 * randomNormal(rng)));
  const x = new Float64Array(n * d);
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    label[i] = c;
    for (let j = 0; j < d; j++) x[i * d + j] = centres[c]![j]! + spread * randomNormal(rng);
  }
  return { x, label };
}

test('k-means finds well-separated clusters, and balanced k-means caps every cluster', () => {
  const { x, label } = blobs(300, 4, 5, 1);
  const km = kmeans(x, 300, 4, 5, { seed: 2 });
  // Each true cluster maps to exactly one k-means cluster.
  for (let c = 0; c < 5; c++) {
    const got = new Set<number>();
    for (let i = 0; i < 300; i++) if (label[i] === c) got.add(km.assign[i]!);
    assert.equal(got.size, 1, `cluster ${c} was split`);
  }
  assert.ok(km.inertia < 0.1, `inertia ${km.inertia}`);
  const skewed = blobs(300, 4, 2, 3);
  const balanced = kmeans(skewed.x, 300, 4, 6, { seed: 4, balance: { slack: 0 } });
  const counts = new Array<number>(6).fill(0);
  for (const a of balanced.assign) counts[a]!++;
  assert.ok(Math.max(...counts) <= 50, `cluster sizes ${counts}`);
  assert.equal(kmeans(x, 3, 4, 10, { seed: 1 }).k, 3, 'k is capped at the number of points');
});

test('residual quantization: the residual falls level by level, a random-code fake does not, and codes follow the input', () => {
  const n = 2000;
  const d = 32;
  const rng = mulberry32(7);
  const z = Float64Array.from({ length: n * d }, () => randomNormal(rng));
  const rq = rqKMeans(z, n, d, { sizes: [16, 16, 16, 16], seed: 3 });
  const errors = [rq.inputNorm, ...rq.levels.map((l) => l.residual)];
  for (let l = 1; l < errors.length; l++) assert.ok(errors[l]! < errors[l - 1]!, `level ${l}: ${errors[l]} ≥ ${errors[l - 1]}`);
  // The fake: the same codebooks, codes drawn at random. Its residual does not fall.
  const fakeRng = mulberry32(9);
  const r = Float64Array.from(z);
  const fake: number[] = [];
  rq.levels.forEach((level) => {
    for (let i = 0; i < n; i++) {
      const c = Math.floor(fakeRng() * level.size);
      for (let j = 0; j < d; j++) r[i * d + j]! -= level.codebook[c * d + j]!;
    }
    let s = 0;
    for (const v of r) s += v * v;
    fake.push(s / n);
  });
  assert.ok(fake.at(-1)! > rq.inputNorm, `random codes reduced the residual: ${fake.at(-1)} vs ${rq.inputNorm}`);
  // Nearest neighbours share their first code far more often than random pairs.
  let nnShare = 0;
  let randShare = 0;
  for (let i = 0; i < 300; i++) {
    let best = -1;
    let dist = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let k = 0; k < d; k++) s += (z[i * d + k]! - z[j * d + k]!) ** 2;
      if (s < dist) {
        dist = s;
        best = j;
      }
    }
    if (rq.codes[i * 4] === rq.codes[best * 4]) nnShare++;
    if (rq.codes[i * 4] === rq.codes[((i * 7919) % n) * 4]) randShare++;
  }
  assert.ok(nnShare > 3 * randShare, `neighbours share a first code ${nnShare} times, random pairs ${randShare}`);
});

test('the collision digit makes every tuple unique and is 0 for items without a twin', () => {
  const codes = Int32Array.from([1, 2, 1, 2, 3, 4, 1, 2, 5, 5]);
  const out = appendCollisionDigit(codes, 5, 2);
  assert.deepEqual(Array.from(out.codes), [1, 2, 0, 1, 2, 1, 3, 4, 0, 1, 2, 2, 5, 5, 0]);
  assert.equal(out.collisions, 2);
  assert.equal(out.largestGroup, 3);
  const tuples = new Set(Array.from({ length: 5 }, (_, i) => Array.from(out.codes.subarray(i * 3, i * 3 + 3)).join()));
  assert.equal(tuples.size, 5);
});

test('randomized SVD recovers the top singular values of a low-rank matrix; Jacobi and ridge solve small problems', () => {
  const rng = mulberry32(5);
  const n = 60;
  const m = 40;
  const rows = Array.from({ length: n }, () => new Map<number, number>());
  const u = Array.from({ length: n }, () => [randomNormal(rng), randomNormal(rng)]);
  const v = Array.from({ length: m }, () => [randomNormal(rng), randomNormal(rng)]);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) rows[i]!.set(j, 5 * u[i]![0]! * v[j]![0]! + 2 * u[i]![1]! * v[j]![1]!);
  const svd = randomizedSvd(csrOperator(csrFromMaps(rows, m)), 3, { seed: 2 });
  assert.ok(svd.singular[2]! < 1e-6 * svd.singular[0]!, 'a rank-2 matrix has no third singular value');
  // ‖A‖_F² = Σσ²
  let frob = 0;
  for (const r of rows) for (const x of r.values()) frob += x * x;
  assert.ok(Math.abs(svd.singular[0]! ** 2 + svd.singular[1]! ** 2 - frob) < 1e-6 * frob);
  const eig = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
  assert.ok(Math.abs(eig.values[0]! - 3) < 1e-12 && Math.abs(eig.values[1]! - 1) < 1e-12);
  // y = 2·x0 − x1 exactly: ridge with a tiny λ recovers the weights.
  const x = Float64Array.from({ length: 200 }, () => randomNormal(rng));
  const y = Float64Array.from({ length: 100 }, (_, i) => 2 * x[2 * i]! - x[2 * i + 1]!);
  const w = ridge(x, y, 100, 2, 1, 1e-9);
  assert.ok(Math.abs(w[0]! - 2) < 1e-6 && Math.abs(w[1]! + 1) < 1e-6, `weights ${w}`);
});

test('spectral clustering separates two communities and numbers leaves within their cluster', () => {
  // Items 0..39 co-occur among themselves, 40..79 among themselves; one weak bridge.
  const sequences: number[][] = [];
  const rng = mulberry32(3);
  for (let u = 0; u < 200; u++) {
    const base = u % 2 === 0 ? 0 : 40;
    sequences.push(Array.from({ length: 8 }, () => base + Math.floor(rng() * 40)));
  }
  sequences.push([0, 79]);
  const codes = spectralCodes(coOccurrence(sequences, 80, 100, 'flat'), { clusters: 2, leafSize: 50, seed: 1 });
  const firstOf = (range: number[]): Set<number> => new Set(range.map((i) => codes[i]![0]!));
  const a = firstOf(Array.from({ length: 40 }, (_, i) => i));
  const b = firstOf(Array.from({ length: 40 }, (_, i) => 40 + i));
  assert.equal(a.size, 1);
  assert.equal(b.size, 1);
  assert.notDeepEqual([...a], [...b]);
  assert.equal(new Set(codes.map((c) => c.join())).size, 80, 'every item has its own path');
});

test('content and co-occurrence embeddings: similar items are near, cold items are placed from their content', () => {
  const items = [
    { title: 'Star Wars', attrs: { class: ['Action', 'Sci-Fi'], release_year: '1977' } },
    { title: 'Star Trek', attrs: { class: ['Action', 'Sci-Fi'], release_year: '1979' } },
    { title: 'Sense and Sensibility', attrs: { class: ['Drama', 'Romance'], release_year: '1995' } },
    { title: 'Emma', attrs: { class: ['Drama', 'Romance'], release_year: '1996' } },
  ];
  assert.deepEqual(contentTerms(items[0]!), ['w:star', 'w:wars', 'class=action', 'class=sci-fi', 'release_year=1977', 'release_year~1970']);
  const content = contentEmbedding(items, 3, 1);
  const cos = (e: Float64Array, d: number, i: number, j: number): number => {
    let s = 0;
    for (let k = 0; k < d; k++) s += e[i * d + k]! * e[j * d + k]!;
    return s;
  };
  assert.ok(cos(content.values, 3, 0, 1) > cos(content.values, 3, 0, 2) + 0.5);
  assert.ok(cos(content.values, 3, 2, 3) > cos(content.values, 3, 1, 3) + 0.1);
  // Items 0 and 2 follow each other in training; 1 and 3 never appear (cold).
  const collab = collaborativeEmbedding(
    [
      [0, 2],
      [2, 0],
      [0, 2],
    ],
    4,
    2,
    1,
  );
  assert.equal(cos(collab.values, 2, 1, 1), 0, 'a cold item has no co-occurrence row');
  const combined = combineEmbeddings(content, collab, { contentWeight: 0.3, warm: [true, false, true, false] });
  const d = combined.dim;
  // The cold item's collaborative part came from its content: Star Trek lands nearer Star Wars than Emma does.
  assert.ok(cos(combined.values, d, 1, 0) > cos(combined.values, d, 3, 0));
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(cos(combined.values, d, i, i) - 1) < 1e-9, 'rows are unit length');
  const p = ppmi(coOccurrence([[0, 1, 2]], 3, 5));
  assert.ok(
    p.every((m) => [...m.values()].every((v) => v > 0)),
    'PPMI keeps positive values only',
  );
});
