/**
 * How the stochastic Frank-Wolfe loop holds its iterate x and aggregate r. The plain form stores x densely and
 * costs O(d) per iteration for the LMO and the update. The scaled ℓ1 form (sfw.md §2, implementation hint) stores
 * x = c·y and keeps argmax_j |r_j| in a tournament tree, so an iteration on CSR rows costs O(nnz of the batch ·
 * log d): the ℓ1 vertex is 1-sparse, so (1−γ)x + γs is c ← (1−γ)c, y_j* += γ s_j* / c. Both forms take the same
 * LMO decisions (first index on ties) and agree to rounding.
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

/** The scaled form is worth it only where rows are sparse and the LMO's vertex is 1-sparse. */
export function canScaleL1(a: FeatureMatrix, constraint: Constraint): a is CsrMatrix {
  return a instanceof CsrMatrix && constraint.name === 'l1';
}

/** c·y with argmax|r| maintained incrementally; r is updated in place, the argmax tree once per step. */
export function scaledL1Iterate(a: CsrMatrix, radius: number, x0: Float64Array): IterateForm {
  const d = a.cols;
  const { indptr, indices, values } = a;
  const y = Float64Array.from(x0);
  let c = 1;
  const r = new Float64Array(d);
  const x = new Float64Array(d);
  // A tournament tree over |r|: node k holds the winning coordinate of its subtree and its |r|. The left child
  // wins ties, so the winner is the lowest index among the largest |r_j|, as a left-to-right argmax picks.
  let leaves = 1;
  let depth = 0;
  while (leaves < d) {
    leaves *= 2;
    depth++;
  }
  const winner = new Int32Array(2 * leaves).fill(-1);
  const score = new Float64Array(2 * leaves).fill(-1);
  /** Replays node's match; false when its result did not change, so nothing above it can change through it. */
  const play = (node: number): boolean => {
    const l = 2 * node;
    const w = score[l + 1]! > score[l]! ? l + 1 : l;
    if (winner[node] === winner[w] && score[node] === score[w]) return false;
    winner[node] = winner[w]!;
    score[node] = score[w]!;
    return true;
  };
  const rebuild = (): void => {
    for (let node = leaves - 1; node >= 1; node--) play(node);
  };
  for (let j = 0; j < d; j++) {
    winner[leaves + j] = j;
    score[leaves + j] = 0;
  }
  rebuild();
  // Coordinates of r changed since the last step. Large batches touch so many that one O(d) rebuild beats a
  // log d path per coordinate; the cheaper of the two is chosen at each step.
  const touched = new Int32Array(d);
  const isTouched = new Uint8Array(d);
  let touchedCount = 0;
  const refreshTree = (): void => {
    for (let k = 0; k < touchedCount; k++) score[leaves + touched[k]!] = Math.abs(r[touched[k]!]!);
    if (touchedCount * depth > leaves) rebuild();
    else {
      for (let k = 0; k < touchedCount; k++) for (let node = (leaves + touched[k]!) >> 1; node >= 1 && play(node); node >>= 1);
    }
    for (let k = 0; k < touchedCount; k++) isTouched[touched[k]!] = 0;
    touchedCount = 0;
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
        if (isTouched[j] === 0) {
          isTouched[j] = 1;
          touched[touchedCount++] = j;
        }
      }
    },
    step(gamma) {
      refreshTree();
      const j = d > 0 ? winner[1]! : -1;
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
