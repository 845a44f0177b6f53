/**
 * The top singular pair of a linear operator, from products with A and Aᵀ only, so the same code serves a dense
 * gradient matrix and a sparse one supported on the observed ratings. Two methods:
 * - power iteration on AᵀA: cheap per step and excellent with a warm start, but slow when σ₁ ≈ σ₂;
 * - Lanczos on AᵀA with full reorthogonalization and explicit restarts: converges with the square root of the
 *   power method's step count on clustered spectra, which is what certifying a Frank-Wolfe gap needs (the gap is
 *   ⟨G, X⟩ + R·σ_max(G), two nearly cancelling terms near the optimum, so σ must be accurate).
 * Both finish with one power step, so the returned (u, v) attain the returned σ exactly: uᵀAv = σ ≤ σ_max.
 */
import { symmetricEigen } from './eigen';
import { mulberry32 } from '../random';

export interface LinearOperator {
  readonly rows: number;
  readonly cols: number;
  /** out (rows) = A v (cols). */
  mul(v: Float64Array, out: Float64Array): void;
  /** out (cols) = Aᵀ u (rows). */
  mulT(u: Float64Array, out: Float64Array): void;
}

export interface SingularPair {
  /** σ = uᵀ A v exactly as returned (the value the LMO reports), ≤ σ_max and close to it. */
  sigma: number;
  /** Unit vectors; both zero when A = 0. */
  u: Float64Array;
  v: Float64Array;
  /** Products with AᵀA spent. */
  iterations: number;
}

export interface SingularOptions {
  method?: 'power' | 'lanczos';
  /** A warm start for v (e.g. the previous LMO's v): consecutive Frank-Wolfe gradients differ little. */
  start?: Float64Array;
  /**
   * Relative accuracy: power stops when σ changes by ≤ tol·σ in a step; Lanczos when the Ritz residual
   * ‖AᵀAv − θv‖ ≤ tol·θ (then θ = σ² is accurate to about tol², relative to the spectral gap).
   */
  tol?: number;
  /** Most products with AᵀA. */
  maxIter?: number;
  /** Lanczos basis size before a restart. */
  krylov?: number;
}

function norm(x: Float64Array): number {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += x[j]! * x[j]!;
  return Math.sqrt(s);
}

function dotv(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

function scale(x: Float64Array, c: number): void {
  for (let j = 0; j < x.length; j++) x[j]! *= c;
}

/** A fixed pseudo-random start: never orthogonal to v₁ except by a measure-zero accident, and the same every run. */
function defaultStart(cols: number): Float64Array {
  const rng = mulberry32(0x5f3759df);
  return Float64Array.from({ length: cols }, () => rng() - 0.5);
}

/** Largest eigenpair of a small symmetric matrix (row-major k×k), by cyclic Jacobi rotations. */
function topEigen(m: Float64Array, k: number): { value: number; vector: Float64Array } {
  const { values, vectors } = symmetricEigen(m, k);
  return { value: values[0]!, vector: Float64Array.from({ length: k }, (_, r) => vectors[r * k]!) };
}

/** Power iteration on AᵀA from v (unit); returns the last v and how many products it took. */
function powerSteps(a: LinearOperator, v: Float64Array, tol: number, maxIter: number): { v: Float64Array; iterations: number } {
  const u = new Float64Array(a.rows);
  const w = new Float64Array(a.cols);
  let sigma = 0;
  let iterations = 0;
  while (iterations < maxIter) {
    iterations++;
    a.mul(v, u);
    const nu = norm(u);
    if (nu === 0) break;
    scale(u, 1 / nu);
    a.mulT(u, w);
    const next = norm(w);
    if (next === 0) break;
    for (let j = 0; j < w.length; j++) v[j] = w[j]! / next;
    const previous = sigma;
    sigma = next;
    if (Math.abs(sigma - previous) <= tol * sigma) break;
  }
  return { v, iterations };
}

/** Restarted Lanczos on AᵀA from v (unit); returns the top Ritz vector and how many products it took. */
function lanczosSteps(
  a: LinearOperator,
  v: Float64Array,
  tol: number,
  maxIter: number,
  krylov: number,
): { v: Float64Array; iterations: number } {
  const n = a.cols;
  const k = Math.max(1, Math.min(krylov, n));
  const tmp = new Float64Array(a.rows);
  let iterations = 0;
  let start = v;
  for (;;) {
    const basis: Float64Array[] = [];
    const alphas: number[] = [];
    const betas: number[] = [];
    let q = start;
    let residualScale = 0;
    for (let j = 0; j < k && iterations < maxIter; j++) {
      basis.push(q);
      const w = new Float64Array(n);
      a.mul(q, tmp);
      a.mulT(tmp, w);
      iterations++;
      alphas.push(dotv(w, q));
      // Full reorthogonalization, twice ("twice is enough"): the basis is small and the loss of orthogonality
      // of plain Lanczos would produce spurious copies of σ₁.
      for (let pass = 0; pass < 2; pass++) {
        for (const b of basis) {
          const c = dotv(w, b);
          for (let i = 0; i < n; i++) w[i]! -= c * b[i]!;
        }
      }
      const beta = norm(w);
      residualScale = beta;
      if (beta <= 1e-13 * Math.max(Math.abs(alphas[0]!), Math.abs(alphas[j]!)) || beta === 0) {
        residualScale = 0; // an invariant subspace: the Ritz pairs are exact
        break;
      }
      if (j + 1 < k) betas.push(beta);
      q = w;
      scale(q, 1 / beta);
    }
    const m = basis.length;
    const t = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      t[i * m + i] = alphas[i]!;
      if (i + 1 < m) t[i * m + i + 1] = t[(i + 1) * m + i] = betas[i]!;
    }
    const { value: theta, vector: y } = topEigen(t, m);
    const ritz = new Float64Array(n);
    for (let i = 0; i < m; i++) for (let r = 0; r < n; r++) ritz[r]! += y[i]! * basis[i]![r]!;
    const nr = norm(ritz);
    if (nr > 0) scale(ritz, 1 / nr);
    const residual = residualScale * Math.abs(y[m - 1]!);
    if (theta <= 0 || residual <= tol * theta || iterations >= maxIter) return { v: ritz, iterations };
    start = ritz;
  }
}

export function topSingularPair(a: LinearOperator, options: SingularOptions = {}): SingularPair {
  const method = options.method ?? 'lanczos';
  const tol = options.tol ?? (method === 'lanczos' ? 1e-8 : 1e-12);
  const maxIter = options.maxIter ?? 1000;
  const u = new Float64Array(a.rows);
  const w = new Float64Array(a.cols);
  const starts =
    options.start && norm(options.start) > 0 ? [Float64Array.from(options.start), defaultStart(a.cols)] : [defaultStart(a.cols)];
  let iterations = 0;
  for (const v0 of starts) {
    scale(v0, 1 / norm(v0));
    const run = method === 'lanczos' ? lanczosSteps(a, v0, tol, maxIter, options.krylov ?? 24) : powerSteps(a, v0, tol, maxIter);
    iterations += run.iterations;
    // The closing power step: (u, w/‖w‖) attains ‖Aᵀu‖ exactly, so the reported σ is one the LMO really achieves.
    a.mul(run.v, u);
    const nu = norm(u);
    if (nu > 0) {
      scale(u, 1 / nu);
      a.mulT(u, w);
      const sigma = norm(w);
      if (sigma > 0) {
        scale(w, 1 / sigma);
        return { sigma, u, v: w, iterations };
      }
    }
    // A start orthogonal to A's row space (e.g. the v of an all-zero gradient) says nothing; retry from scratch.
  }
  return { sigma: 0, u: new Float64Array(a.rows), v: new Float64Array(a.cols), iterations };
}

/** A dense row-major matrix (a vector reshaped rows×cols) as an operator, without copying it. */
export function denseOperator(data: Float64Array, rows: number, cols: number): LinearOperator {
  return {
    rows,
    cols,
    mul(v, out) {
      for (let i = 0; i < rows; i++) {
        let s = 0;
        const base = i * cols;
        for (let j = 0; j < cols; j++) s += data[base + j]! * v[j]!;
        out[i] = s;
      }
    },
    mulT(u, out) {
      out.fill(0);
      for (let i = 0; i < rows; i++) {
        const ui = u[i]!;
        if (ui === 0) continue;
        const base = i * cols;
        for (let j = 0; j < cols; j++) out[j]! += ui * data[base + j]!;
      }
    },
  };
}

/** A sparse matrix given as (row, col, value) triplets; duplicates add up, as in the sum they stand for. */
export function tripletOperator(rowIdx: Int32Array, colIdx: Int32Array, values: Float64Array, rows: number, cols: number): LinearOperator {
  return {
    rows,
    cols,
    mul(v, out) {
      out.fill(0);
      for (let k = 0; k < values.length; k++) out[rowIdx[k]!]! += values[k]! * v[colIdx[k]!]!;
    },
    mulT(u, out) {
      out.fill(0);
      for (let k = 0; k < values.length; k++) out[colIdx[k]!]! += values[k]! * u[rowIdx[k]!]!;
    },
  };
}
