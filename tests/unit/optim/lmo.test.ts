import { test } from 'node:test';
import assert from 'node:assert/strict';
import { box, frankWolfeGap, l1Ball, l2Ball, nuclearBall, simplex, topSingularPair, denseOperator, type Constraint } from '../../../main/optim';
import { gaussian, jacobiSigmaMax, makeRng } from './reference';

const rng = makeRng(2024);
const randomVector = (d: number) => Float64Array.from({ length: d }, () => gaussian(rng));
const inner = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
};

/** Checks lmo and minInner against the minimum of ⟨g, v⟩ over an explicit list of candidate points. */
function checkAgainst(c: Constraint, g: Float64Array, candidates: number[][]): void {
  const s = new Float64Array(g.length);
  const value = c.lmo(g, s);
  const best = Math.min(...candidates.map((v) => inner(g, v)));
  assert.ok(Math.abs(value - best) <= 1e-12 * (1 + Math.abs(best)), `${c.name}: lmo value ${value}, brute force ${best}`);
  assert.ok(Math.abs(inner(g, s) - value) <= 1e-12 * (1 + Math.abs(value)), `${c.name}: ⟨g, s⟩ differs from the returned value`);
  assert.ok(Math.abs(c.minInner(g) - best) <= 1e-12 * (1 + Math.abs(best)));
}

const l1Vertices = (d: number, r: number) => Array.from({ length: 2 * d }, (_, k) => Array.from({ length: d }, (_, j) => (j === k >> 1 ? (k & 1 ? -r : r) : 0)));
const boxVertices = (d: number, r: number) => Array.from({ length: 2 ** d }, (_, m) => Array.from({ length: d }, (_, j) => ((m >> j) & 1 ? r : -r)));
const simplexVertices = (d: number, r: number) => Array.from({ length: d }, (_, k) => Array.from({ length: d }, (_, j) => (j === k ? r : 0)));

test('ℓ1, box and simplex oracles match vertex enumeration', () => {
  for (let trial = 0; trial < 200; trial++) {
    const d = 1 + (trial % 7);
    const r = 0.5 + 3 * rng();
    const g = randomVector(d);
    checkAgainst(l1Ball(r), g, l1Vertices(d, r));
    checkAgainst(box(r), g, boxVertices(d, r));
    checkAgainst(simplex(r), g, simplexVertices(d, r));
  }
});

test('the oracles return points of their sets (vertices where the set has them)', () => {
  const g = Float64Array.from([0.3, -2, 1.5, 0, -0.1]);
  const s = new Float64Array(5);
  l1Ball(2).lmo(g, s);
  assert.deepEqual([...s], [0, 2, 0, 0, 0]);
  box(2).lmo(g, s);
  assert.deepEqual([...s], [-2, 2, -2, 0, 2]);
  simplex(3).lmo(g, s);
  assert.deepEqual([...s], [0, 3, 0, 0, 0]);
  l2Ball(2).lmo(g, s);
  assert.ok(Math.abs(Math.hypot(...s) - 2) < 1e-12);
});

test('ties go to the first index (numpy argmax, as copt), and a zero direction gives s = 0 for ℓ1', () => {
  const s = new Float64Array(4);
  l1Ball(1).lmo(Float64Array.from([1, -3, 3, 2]), s);
  assert.deepEqual([...s], [0, 1, 0, 0]);
  simplex(1).lmo(Float64Array.from([2, -1, -1, 0]), s);
  assert.deepEqual([...s], [0, 1, 0, 0]);
  assert.equal(l1Ball(1).lmo(new Float64Array(4), s), 0);
  assert.deepEqual([...s], [0, 0, 0, 0]);
});

test('the ℓ2 oracle is never beaten by random points of the ball', () => {
  for (let trial = 0; trial < 20; trial++) {
    const d = 2 + (trial % 6);
    const r = 0.5 + 2 * rng();
    const g = randomVector(d);
    const s = new Float64Array(d);
    const value = l2Ball(r).lmo(g, s);
    assert.ok(Math.abs(value + r * Math.hypot(...g)) < 1e-12);
    for (let k = 0; k < 2000; k++) {
      const v = randomVector(d);
      const scale = (r * Math.sqrt(rng())) / Math.hypot(...v);
      assert.ok(inner(g, v) * scale >= value - 1e-12, 'a random point beat the LMO');
    }
  }
});

test('the nuclear-norm oracle attains −R·σ_max from a Jacobi SVD, and random feasible matrices never beat it', () => {
  const shapes = [
    [3, 4],
    [5, 2],
    [4, 4],
    [1, 6],
    [6, 1],
  ] as const;
  for (const [method, [rows, cols]] of shapes.flatMap((shape) => [['lanczos', shape] as const, ['power', shape] as const])) {
    for (let trial = 0; trial < 5; trial++) {
      const r = 0.5 + 2 * rng();
      const g = randomVector(rows * cols);
      const matrix = Array.from({ length: rows }, (_, i) => Array.from(g.subarray(i * cols, (i + 1) * cols)));
      const sigma = jacobiSigmaMax(matrix);
      const c = nuclearBall(r, rows, cols, { method });
      const s = new Float64Array(rows * cols);
      const value = c.lmo(g, s);
      assert.ok(Math.abs(value + r * sigma) <= 1e-9 * r * sigma, `${rows}×${cols}: ${value} vs −R·σ_max ${-r * sigma}`);
      assert.ok(Math.abs(inner(g, s) - value) <= 1e-9 * r * sigma, '⟨G, S⟩ matches the returned value');
      assert.ok(Math.abs(Math.hypot(...s) - r) <= 1e-9 * r, 'S is rank one with ‖S‖_F = ‖S‖_* = R');
      assert.ok(Math.abs(c.minInner(g) + r * sigma) <= 1e-9 * r * sigma);
      // Random points of the ball: convex combinations of rank-1 atoms R·a bᵀ with unit a, b.
      for (let k = 0; k < 300; k++) {
        const point = new Float64Array(rows * cols);
        const weights = [rng(), rng(), rng()];
        const total = weights.reduce((p, q) => p + q, 0);
        for (const w of weights) {
          const a = randomVector(rows);
          const b = randomVector(cols);
          const scale = (r * w) / total / (Math.hypot(...a) * Math.hypot(...b));
          for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) point[i * cols + j]! += scale * a[i]! * b[j]!;
        }
        assert.ok(inner(g, point) >= value - 1e-9, 'a feasible matrix beat the LMO');
      }
    }
  }
});

for (const method of ['power', 'lanczos'] as const) {
  test(`${method}: σ_max of a known spectrum, a random matrix against Jacobi, and the zero matrix`, () => {
    const m = Float64Array.from([3, 0, 0, 0, 2, 0, 0, 0, 1]);
    const pair = topSingularPair(denseOperator(m, 3, 3), { method });
    assert.ok(Math.abs(pair.sigma - 3) < 1e-9);
    assert.ok(Math.abs(Math.abs(pair.u[0]!) - 1) < 1e-6 && Math.abs(Math.abs(pair.v[0]!) - 1) < 1e-6);
    const g = randomVector(7 * 5);
    const sigma = jacobiSigmaMax(Array.from({ length: 7 }, (_, i) => Array.from(g.subarray(i * 5, (i + 1) * 5))));
    const found = topSingularPair(denseOperator(g, 7, 5), { method });
    assert.ok(Math.abs(found.sigma - sigma) <= 1e-9 * sigma, `${found.sigma} vs ${sigma}`);
    // the returned pair attains the returned σ: uᵀ G v = σ
    let utgv = 0;
    for (let i = 0; i < 7; i++) for (let j = 0; j < 5; j++) utgv += found.u[i]! * g[i * 5 + j]! * found.v[j]!;
    assert.ok(Math.abs(utgv - found.sigma) <= 1e-12 * sigma);
    const zero = topSingularPair(denseOperator(new Float64Array(6), 2, 3), { method });
    assert.equal(zero.sigma, 0);
    const s = new Float64Array(6);
    assert.equal(nuclearBall(1, 2, 3, { method }).lmo(new Float64Array(6), s), 0);
    assert.deepEqual([...s], [0, 0, 0, 0, 0, 0]);
  });
}

test('Lanczos resolves a clustered spectrum (σ₁/σ₂ = 1.0001) to 1e-12 in far fewer products than power iteration', () => {
  // U diag(σ) Vᵀ with orthogonal U, V from Householder reflections of random vectors.
  const n = 40;
  const householder = (h: Float64Array) => {
    const q = new Float64Array(n * n);
    const hh = inner(h, h);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q[i * n + j] = (i === j ? 1 : 0) - (2 * h[i]! * h[j]!) / hh;
    return q;
  };
  const u = householder(randomVector(n));
  const v = householder(randomVector(n));
  const sigmas = Array.from({ length: n }, (_, k) => (k === 0 ? 1.0001 : k === 1 ? 1 : 0.9 * rng()));
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) g[i * n + j]! += u[i * n + k]! * sigmas[k]! * v[j * n + k]!;
  const lanczos = topSingularPair(denseOperator(g, n, n), { method: 'lanczos', tol: 1e-10 });
  assert.ok(Math.abs(lanczos.sigma - 1.0001) < 1e-12, `Lanczos σ ${lanczos.sigma}`);
  const power = topSingularPair(denseOperator(g, n, n), { method: 'power', tol: 1e-14, maxIter: lanczos.iterations });
  assert.ok(1.0001 - power.sigma > 1e-9, `power iteration with the same budget (${lanczos.iterations} products) is still off: ${power.sigma}`);
});

test('the Frank-Wolfe gap is non-negative at feasible points and zero at a vertex minimizing a linear function', () => {
  for (let trial = 0; trial < 100; trial++) {
    const d = 2 + (trial % 5);
    const g = randomVector(d);
    const x = new Float64Array(d);
    for (const c of [l1Ball(1.5), l2Ball(1.5), box(1.5), simplex(1.5)]) {
      // A random feasible point: a convex combination of two LMO vertices.
      const s1 = new Float64Array(d);
      const s2 = new Float64Array(d);
      c.lmo(randomVector(d), s1);
      c.lmo(randomVector(d), s2);
      const t = rng();
      for (let j = 0; j < d; j++) x[j] = t * s1[j]! + (1 - t) * s2[j]!;
      assert.ok(frankWolfeGap(g, x, c) >= -1e-12, `${c.name}: negative gap`);
      c.lmo(g, x);
      assert.ok(Math.abs(frankWolfeGap(g, x, c)) < 1e-12, `${c.name}: gap at the minimizer`);
    }
  }
});
