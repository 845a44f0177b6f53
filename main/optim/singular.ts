/**
 * The top singular pair of a linear operator by power iteration on AᵀA. It needs only products with A and Aᵀ, so
 * the same code serves a dense gradient matrix and a sparse one supported on the observed ratings.
 */
import { mulberry32 } from './random';

export interface LinearOperator {
  readonly rows: number;
  readonly cols: number;
  /** out (rows) = A v (cols). */
  mul(v: Float64Array, out: Float64Array): void;
  /** out (cols) = Aᵀ u (rows). */
  mulT(u: Float64Array, out: Float64Array): void;
}

export interface SingularPair {
  /** σ = uᵀ A v exactly as returned (the value the LMO reports), ≈ σ_max. */
  sigma: number;
  /** Unit vectors; both zero when A = 0. */
  u: Float64Array;
  v: Float64Array;
  iterations: number;
}

export interface PowerOptions {
  /** A warm start for v (e.g. the previous LMO's v): consecutive Frank-Wolfe gradients differ little. */
  start?: Float64Array;
  /** Stop when σ changes by at most tol·σ between iterations. */
  tol?: number;
  maxIter?: number;
}

function norm(x: Float64Array): number {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += x[j]! * x[j]!;
  return Math.sqrt(s);
}

function scale(x: Float64Array, c: number): void {
  for (let j = 0; j < x.length; j++) x[j]! *= c;
}

/** A fixed pseudo-random start: never orthogonal to v₁ except by a measure-zero accident, and the same every run. */
function defaultStart(cols: number): Float64Array {
  const rng = mulberry32(0x5f3759df);
  return Float64Array.from({ length: cols }, () => rng() - 0.5);
}

export function topSingularPair(a: LinearOperator, options: PowerOptions = {}): SingularPair {
  const tol = options.tol ?? 1e-12;
  const maxIter = options.maxIter ?? 1000;
  const u = new Float64Array(a.rows);
  let v = options.start && norm(options.start) > 0 ? Float64Array.from(options.start) : defaultStart(a.cols);
  const w = new Float64Array(a.cols);
  let sigma = 0;
  let iterations = 0;
  for (let attempt = 0; attempt < 2; attempt++) {
    scale(v, 1 / norm(v));
    sigma = 0;
    for (iterations = 1; iterations <= maxIter; iterations++) {
      a.mul(v, u);
      const nu = norm(u);
      if (nu === 0) break;
      scale(u, 1 / nu);
      a.mulT(u, w);
      const next = norm(w);
      if (next === 0) break;
      // uᵀA(w/‖w‖) = ‖Aᵀu‖, so (u, w/‖w‖) attains exactly the σ we report.
      for (let j = 0; j < w.length; j++) v[j] = w[j]! / next;
      const previous = sigma;
      sigma = next;
      if (Math.abs(sigma - previous) <= tol * sigma) break;
    }
    if (sigma > 0) return { sigma, u, v, iterations };
    // A warm start orthogonal to A's row space (e.g. the v of an all-zero gradient) says nothing; retry from scratch.
    if (!options.start) break;
    v = defaultStart(a.cols);
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
