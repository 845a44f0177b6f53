/**
 * The little dense linear algebra item identifiers need (pure): a randomized truncated SVD for embeddings of
 * large sparse matrices (Halko, Martinsson & Tropp), from products with A and Aᵀ only, and the Jacobi
 * eigen-solver it uses on its small projected matrix. Matrices are row-major Float64Arrays.
 */
import { symmetricEigen } from '../optim/eigen';
import { mulberry32, randomNormal } from '../random';

/** A matrix known through block products: out (rows × k) = A · x (cols × k), out (cols × k) = Aᵀ · y (rows × k). */
export interface BlockOperator {
  readonly rows: number;
  readonly cols: number;
  mul(x: Float64Array, k: number): Float64Array;
  mulT(y: Float64Array, k: number): Float64Array;
}

/** Orthonormalizes the k columns of a (n × k) in place (modified Gram-Schmidt, twice for stability); returns the rank kept. */
export function orthonormalizeColumns(a: Float64Array, n: number, k: number): number {
  let rank = 0;
  for (let j = 0; j < k; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += a[i * k + p]! * a[i * k + j]!;
        for (let i = 0; i < n; i++) a[i * k + j]! -= dot * a[i * k + p]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += a[i * k + j]! ** 2;
    norm = Math.sqrt(norm);
    if (norm < 1e-12) {
      for (let i = 0; i < n; i++) a[i * k + j] = 0;
      continue;
    }
    for (let i = 0; i < n; i++) a[i * k + j]! /= norm;
    rank++;
  }
  return rank;
}

export interface TruncatedSvd {
  /** Left singular vectors scaled by their singular values (rows × k): the row embedding A ≈ U Σ Vᵀ gives. */
  embedding: Float64Array;
  singular: Float64Array;
  k: number;
}

/**
 * The top-k singular triplets of A by randomized subspace iteration: Q = orth(A Ω), `iterations` rounds of
 * Q = orth(A Aᵀ Q), then the small problem B Bᵀ with B = Qᵀ A. Accurate to the gap after the k-th value.
 */
export function randomizedSvd(
  a: BlockOperator,
  k: number,
  opts: { iterations?: number; oversample?: number; seed?: number } = {},
): TruncatedSvd {
  const kk = Math.max(1, Math.min(k, a.rows, a.cols));
  const m = Math.min(kk + (opts.oversample ?? 8), a.rows, a.cols);
  const rng = mulberry32(opts.seed ?? 1);
  const omega = new Float64Array(a.cols * m);
  for (let i = 0; i < omega.length; i++) omega[i] = randomNormal(rng);
  let q = a.mul(omega, m);
  orthonormalizeColumns(q, a.rows, m);
  for (let it = 0; it < (opts.iterations ?? 4); it++) {
    const z = a.mulT(q, m);
    orthonormalizeColumns(z, a.cols, m);
    q = a.mul(z, m);
    orthonormalizeColumns(q, a.rows, m);
  }
  // Bᵀ = Aᵀ Q (cols × m); B Bᵀ (m × m) = (Aᵀ Q)ᵀ (Aᵀ Q).
  const bt = a.mulT(q, m);
  const gram = new Float64Array(m * m);
  for (let r = 0; r < a.cols; r++) {
    for (let i = 0; i < m; i++) {
      const x = bt[r * m + i]!;
      if (x === 0) continue;
      for (let j = 0; j < m; j++) gram[i * m + j]! += x * bt[r * m + j]!;
    }
  }
  const { values, vectors } = symmetricEigen(gram, m);
  // U Σ = Q · W Σ, where W are B Bᵀ's eigenvectors and Σ = √λ: Q W has unit columns, Σ scales them.
  const embedding = new Float64Array(a.rows * kk);
  const singular = new Float64Array(kk);
  for (let j = 0; j < kk; j++) singular[j] = Math.sqrt(Math.max(0, values[j]!));
  for (let r = 0; r < a.rows; r++) {
    for (let j = 0; j < kk; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += q[r * m + i]! * vectors[i * m + j]!;
      embedding[r * kk + j] = s * singular[j]!;
    }
  }
  return { embedding, singular, k: kk };
}

/** A dense row-major matrix as a BlockOperator. */
export function denseOperator(a: Float64Array, rows: number, cols: number): BlockOperator {
  return {
    rows,
    cols,
    mul(x, k) {
      const out = new Float64Array(rows * k);
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) {
          const v = a[r * cols + c]!;
          if (v !== 0) for (let j = 0; j < k; j++) out[r * k + j]! += v * x[c * k + j]!;
        }
      return out;
    },
    mulT(y, k) {
      const out = new Float64Array(cols * k);
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) {
          const v = a[r * cols + c]!;
          if (v !== 0) for (let j = 0; j < k; j++) out[c * k + j]! += v * y[r * k + j]!;
        }
      return out;
    },
  };
}

/** A CSR sparse matrix as a BlockOperator. */
export interface Csr {
  rows: number;
  cols: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
  values: Float64Array;
}

export function csrOperator(c: Csr): BlockOperator {
  return {
    rows: c.rows,
    cols: c.cols,
    mul(x, k) {
      const out = new Float64Array(c.rows * k);
      for (let r = 0; r < c.rows; r++) {
        for (let p = c.rowPtr[r]!; p < c.rowPtr[r + 1]!; p++) {
          const v = c.values[p]!;
          const off = c.colIdx[p]! * k;
          for (let j = 0; j < k; j++) out[r * k + j]! += v * x[off + j]!;
        }
      }
      return out;
    },
    mulT(y, k) {
      const out = new Float64Array(c.cols * k);
      for (let r = 0; r < c.rows; r++) {
        for (let p = c.rowPtr[r]!; p < c.rowPtr[r + 1]!; p++) {
          const v = c.values[p]!;
          const off = c.colIdx[p]! * k;
          for (let j = 0; j < k; j++) out[off + j]! += v * y[r * k + j]!;
        }
      }
      return out;
    },
  };
}

/** CSR from per-row maps of column → value (columns sorted). */
export function csrFromMaps(rows: readonly ReadonlyMap<number, number>[], cols: number): Csr {
  const rowPtr = new Int32Array(rows.length + 1);
  rows.forEach((m, r) => (rowPtr[r + 1] = rowPtr[r]! + m.size));
  const colIdx = new Int32Array(rowPtr[rows.length]!);
  const values = new Float64Array(colIdx.length);
  rows.forEach((m, r) => {
    let p = rowPtr[r]!;
    for (const [c, v] of [...m].sort((x, y) => x[0] - y[0])) {
      colIdx[p] = c;
      values[p++] = v;
    }
  });
  return { rows: rows.length, cols, rowPtr, colIdx, values };
}

/** Scales each row of x (n × d) to unit length (zero rows stay zero), in place. */
export function normalizeRows(x: Float64Array | Float32Array, n: number, d: number): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j]! ** 2;
    if (s === 0) continue;
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < d; j++) x[i * d + j]! *= inv;
  }
}

/**
 * Ridge regression W = (XᵀX + λI)⁻¹ XᵀY for X (n × p), Y (n × q), solved by Cholesky; returns W (p × q).
 * Used to carry cold items from their content into the collaborative space.
 */
export function ridge(x: Float64Array, y: Float64Array, n: number, p: number, q: number, lambda: number): Float64Array {
  const a = new Float64Array(p * p);
  const b = new Float64Array(p * q);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < p; i++) {
      const xi = x[r * p + i]!;
      if (xi === 0) continue;
      for (let j = 0; j < p; j++) a[i * p + j]! += xi * x[r * p + j]!;
      for (let j = 0; j < q; j++) b[i * q + j]! += xi * y[r * q + j]!;
    }
  }
  for (let i = 0; i < p; i++) a[i * p + i]! += lambda;
  // Cholesky a = L Lᵀ (in place, lower triangle).
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j]!;
    for (let k = 0; k < j; k++) d -= a[j * p + k]! ** 2;
    const l = Math.sqrt(Math.max(d, 1e-12));
    a[j * p + j] = l;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= a[i * p + k]! * a[j * p + k]!;
      a[i * p + j] = s / l;
    }
  }
  const w = new Float64Array(p * q);
  for (let c = 0; c < q; c++) {
    const z = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      let s = b[i * q + c]!;
      for (let k = 0; k < i; k++) s -= a[i * p + k]! * z[k]!;
      z[i] = s / a[i * p + i]!;
    }
    for (let i = p - 1; i >= 0; i--) {
      let s = z[i]!;
      for (let k = i + 1; k < p; k++) s -= a[k * p + i]! * w[k * q + c]!;
      w[i * q + c] = s / a[i * p + i]!;
    }
  }
  return w;
}
