/**
 * Feature matrices for generalized linear models: the solvers only ever need a row's inner product with a vector
 * and "add a multiple of a row", so dense and CSR storage share that small interface and give bit-identical
 * results (both sum a row in increasing column order, and adding a stored zero never changes a float that is not -0).
 */
import { badInput } from '../errors';

export interface FeatureMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Stored entries (every entry for dense storage). */
  readonly nnz: number;
  /** a_iᵀx, summed in increasing column order. */
  dotRow(i: number, x: Float64Array): number;
  /** out += scale · a_i. */
  addScaledRow(i: number, scale: number, out: Float64Array): void;
}

/** Row-major dense storage. */
export class DenseMatrix implements FeatureMatrix {
  readonly nnz: number;

  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly data: Float64Array,
  ) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) throw badInput(`invalid matrix shape ${rows}×${cols}`);
    if (data.length !== rows * cols) throw badInput(`a ${rows}×${cols} matrix needs ${rows * cols} values, got ${data.length}`);
    this.nnz = data.length;
  }

  dotRow(i: number, x: Float64Array): number {
    const { data, cols } = this;
    const base = i * cols;
    let p = 0;
    for (let j = 0; j < cols; j++) p += data[base + j]! * x[j]!;
    return p;
  }

  addScaledRow(i: number, scale: number, out: Float64Array): void {
    const { data, cols } = this;
    const base = i * cols;
    for (let j = 0; j < cols; j++) out[j]! += scale * data[base + j]!;
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }
}

/** Compressed sparse rows; column indices strictly increase within a row (checked), which fixes the summation order. */
export class CsrMatrix implements FeatureMatrix {
  readonly nnz: number;

  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly indptr: Int32Array,
    readonly indices: Int32Array,
    readonly values: Float64Array,
  ) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) throw badInput(`invalid matrix shape ${rows}×${cols}`);
    if (indptr.length !== rows + 1 || indptr[0] !== 0) throw badInput(`CSR indptr must have ${rows + 1} entries starting at 0`);
    const nnz = indptr[rows]!;
    if (indices.length !== nnz || values.length !== nnz) throw badInput(`CSR indices and values must have ${nnz} entries`);
    for (let i = 0; i < rows; i++) {
      const lo = indptr[i]!;
      const hi = indptr[i + 1]!;
      if (hi < lo) throw badInput(`CSR indptr decreases at row ${i}`);
      for (let k = lo; k < hi; k++) {
        const j = indices[k]!;
        if (j < 0 || j >= cols) throw badInput(`CSR column index ${j} out of range at row ${i}`);
        if (k > lo && j <= indices[k - 1]!) throw badInput(`CSR column indices must strictly increase within row ${i}`);
      }
    }
    this.nnz = nnz;
  }

  dotRow(i: number, x: Float64Array): number {
    const { indptr, indices, values } = this;
    const hi = indptr[i + 1]!;
    let p = 0;
    for (let k = indptr[i]!; k < hi; k++) p += values[k]! * x[indices[k]!]!;
    return p;
  }

  addScaledRow(i: number, scale: number, out: Float64Array): void {
    const { indptr, indices, values } = this;
    const hi = indptr[i + 1]!;
    for (let k = indptr[i]!; k < hi; k++) out[indices[k]!]! += scale * values[k]!;
  }
}

function checkRows(rows: readonly ArrayLike<number>[]): number {
  const cols = rows[0]?.length ?? 0;
  rows.forEach((row, i) => {
    if (row.length !== cols) throw badInput(`row ${i} has ${row.length} values, expected ${cols}`);
    for (let j = 0; j < cols; j++) if (!Number.isFinite(row[j]!)) throw badInput(`row ${i}, column ${j}: ${row[j]} is not a finite number`);
  });
  return cols;
}

export function denseFromRows(rows: readonly ArrayLike<number>[]): DenseMatrix {
  const cols = checkRows(rows);
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => data.set(Array.from(row), i * cols));
  return new DenseMatrix(rows.length, cols, data);
}

/** Keeps only the non-zero entries. */
export function csrFromRows(rows: readonly ArrayLike<number>[], cols = checkRows(rows)): CsrMatrix {
  const indptr = new Int32Array(rows.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  rows.forEach((row, i) => {
    for (let j = 0; j < cols; j++) {
      const v = row[j]!;
      if (v !== 0) {
        indices.push(j);
        values.push(v);
      }
    }
    indptr[i + 1] = indices.length;
  });
  return new CsrMatrix(rows.length, cols, indptr, Int32Array.from(indices), Float64Array.from(values));
}

export function denseToCsr(m: DenseMatrix): CsrMatrix {
  const rows = Array.from({ length: m.rows }, (_, i) => m.data.subarray(i * m.cols, (i + 1) * m.cols));
  return csrFromRows(rows, m.cols);
}

/**
 * Rows of numbers → the storage that suits them: CSR when at most `sparseBelow` of the entries are non-zero
 * (the solvers' per-sample cost then follows the row's non-zeros, not d).
 */
export function buildFeatureMatrix(
  rows: readonly ArrayLike<number>[],
  options: { format?: 'dense' | 'csr' | 'auto'; sparseBelow?: number } = {},
): FeatureMatrix {
  const format = options.format ?? 'auto';
  if (format === 'dense') return denseFromRows(rows);
  const csr = csrFromRows(rows);
  if (format === 'csr') return csr;
  return csr.nnz <= (options.sparseBelow ?? 0.3) * csr.rows * csr.cols ? csr : denseFromRows(rows);
}

/** out = A x. */
export function matVec(a: FeatureMatrix, x: Float64Array, out = new Float64Array(a.rows)): Float64Array {
  for (let i = 0; i < a.rows; i++) out[i] = a.dotRow(i, x);
  return out;
}

/** out = Aᵀ w = Σ_i w_i a_i, accumulated in row order. */
export function matTVec(a: FeatureMatrix, w: Float64Array, out = new Float64Array(a.cols)): Float64Array {
  out.fill(0);
  for (let i = 0; i < a.rows; i++) if (w[i] !== 0) a.addScaledRow(i, w[i]!, out);
  return out;
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}
