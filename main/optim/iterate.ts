/**
 * How the stochastic Frank-Wolfe loop holds its iterate x and aggregate r. The plain form stores x densely and
 * costs O(d) per iteration for the LMO and the update. The scaled ℓ1 form (sfw.md §2, implementation hint) stores
 * x = c·y and tracks argmax_j |r_j| as r changes, so an iteration on CSR rows costs about O(nnz of the batch):
 * the ℓ1 vertex is 1-sparse, so (1−γ)x + γs is c ← (1−γ)c, y_j* += γ s_j* / c. Both forms take the same LMO
 * decisions (first index on ties) and agree to rounding.
 */
import type { Constraint } from './lmo';
import { CsrMatrix, type FeatureMatrix } from './matrix';

export interface IterateForm {
  /** a_iᵀx at the current iterate. */
  predict(i: number): number;
  /** r += delta · a_i (the batch's terms may be held apart until `step`). */
  accumulate(i: number, delta: number): void;
  /** s = LMO(r); x ← x + γ(s − x). */
  step(gamma: number): void;
  /** The current x as a dense vector; valid until the next `step`. */
  current(): Float64Array;
  /** The aggregate r (up to date after `step`). */
  readonly aggregate: Float64Array;
}

/** Dense x; with B > 1 the batch's Σ Δ_i a_i is summed apart and then added to r, as copt does (sfw.md §7). */
export function plainIterate(a: FeatureMatrix, constraint: Constraint, x0: Float64Array, batchSize: number): IterateForm {
  const d = a.cols;
  const x = Float64Array.from(x0);
  const r = new Float64Array(d);
  const s = new Float64Array(d);
  const batchSum = batchSize > 1 ? new Float64Array(d) : r;
  return {
    aggregate: r,
    predict: (i) => a.dotRow(i, x),
    accumulate: (i, delta) => a.addScaledRow(i, delta, batchSum),
    step(gamma) {
      if (batchSum !== r) {
        for (let j = 0; j < d; j++) r[j]! += batchSum[j]!;
        batchSum.fill(0);
      }
      constraint.lmo(r, s);
      for (let j = 0; j < d; j++) x[j]! += gamma * (s[j]! - x[j]!);
    },
    current: () => x,
  };
}

/**
 * The scaled form needs the ℓ1 ball (a 1-sparse vertex) and CSR rows. It pays off only while a batch touches a
 * small share of the coordinates (scaledL1PaysOff): a batch that touches most of them moves the leading |r_j|
 * almost every iteration, and the rescans then cost the O(d) the plain form spends anyway, plus bookkeeping.
 */
export function canScaleL1(a: FeatureMatrix, constraint: Constraint): a is CsrMatrix {
  return a instanceof CsrMatrix && constraint.name === 'l1';
}

export function scaledL1PaysOff(a: CsrMatrix, batchSize: number): boolean {
  return (batchSize * a.nnz) / Math.max(1, a.rows) <= a.cols / 4;
}

/**
 * x = c·y, with j* = argmax_j |r_j| (first index on ties) maintained as r changes: a touched coordinate that
 * overtakes the leader becomes the leader; only when the leader itself shrinks is a full O(d) rescan needed, which
 * happens on a small fraction of iterations when rows are sparse.
 */
export function scaledL1Iterate(a: CsrMatrix, radius: number, x0: Float64Array): IterateForm {
  const d = a.cols;
  const { indptr, indices, values } = a;
  const y = Float64Array.from(x0);
  let c = 1;
  const r = new Float64Array(d);
  const x = new Float64Array(d);
  let leader = 0;
  let lead = 0;
  let stale = false;
  const rescan = (): void => {
    leader = 0;
    lead = -1;
    for (let j = 0; j < d; j++) {
      const v = Math.abs(r[j]!);
      if (v > lead) {
        lead = v;
        leader = j;
      }
    }
    stale = false;
  };

  return {
    aggregate: r,
    predict(i) {
      const hi = indptr[i + 1]!;
      let p = 0;
      for (let k = indptr[i]!; k < hi; k++) p += values[k]! * y[indices[k]!]!;
      return c * p;
    },
    accumulate(i, delta) {
      const hi = indptr[i + 1]!;
      for (let k = indptr[i]!; k < hi; k++) {
        const j = indices[k]!;
        r[j]! += delta * values[k]!;
        if (stale) continue;
        const v = Math.abs(r[j]!);
        if (j === leader) {
          // Every other |r_q| ≤ the old lead, so a leader that did not shrink still leads (and still first on ties).
          if (v >= lead) lead = v;
          else stale = true;
        } else if (v > lead || (v === lead && j < leader)) {
          leader = j;
          lead = v;
        }
      }
    },
    step(gamma) {
      if (stale) rescan();
      const j = d > 0 ? leader : -1;
      const sj = j >= 0 ? -radius * Math.sign(r[j]!) : 0;
      if (gamma === 1) {
        // x = s exactly; (1−γ)c would be 0 and y undefined.
        y.fill(0);
        if (j >= 0) y[j] = sj;
        c = 1;
        return;
      }
      c *= 1 - gamma;
      if (j >= 0) y[j]! += (gamma * sj) / c;
      // c shrinks like 2/t²; fold it into y long before it could underflow.
      if (c < 1e-100) {
        for (let q = 0; q < d; q++) y[q]! *= c;
        c = 1;
      }
    },
    current() {
      for (let q = 0; q < d; q++) x[q] = c * y[q]!;
      return x;
    },
  };
}
