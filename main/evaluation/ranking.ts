/**
 * Top-k metrics for next-item and direct recommendation with one ground-truth item per case (P5, RecSysLLM):
 * HR@k and NDCG@k from the 1-based rank of that item, where null means it was not ranked at all (e.g. a beam
 * that never produced it). Pure.
 */

export const DEFAULT_KS = [1, 5, 10] as const;

export type RankingKey = `HR@${number}` | `NDCG@${number}`;

/**
 * Means over the cases; `null` when there are no cases (nothing to average, and 0 would read as a result).
 * HR@k for every k; NDCG@k for every k > 1, since NDCG@1 equals HR@1 with one ground truth.
 */
export type RankingSummary = { [key: RankingKey]: number | null } & { count: number };

function checkRank(rank: number | null): void {
  if (rank !== null && !(Number.isInteger(rank) && rank >= 1)) throw new RangeError(`a rank is a positive integer or null, got ${rank}`);
}

function checkK(k: number): void {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`k is a positive integer, got ${k}`);
}

/** 1 when the ground truth is within the top k, else 0. */
export function hitRate(rank: number | null, k: number): number {
  checkRank(rank);
  checkK(k);
  return rank !== null && rank <= k ? 1 : 0;
}

/** With a single relevant item the ideal DCG is 1, so NDCG@k = 1/log2(rank + 1) inside the top k and 0 outside. */
export function ndcg(rank: number | null, k: number): number {
  checkRank(rank);
  checkK(k);
  return rank !== null && rank <= k ? 1 / Math.log2(rank + 1) : 0;
}

/** HR@k and NDCG@k averaged over cases, keyed as P5 reports them ('HR@10', 'NDCG@10'). */
export function rankingSummary(ranks: readonly (number | null)[], ks: readonly number[] = DEFAULT_KS): RankingSummary {
  for (const r of ranks) checkRank(r);
  for (const k of ks) checkK(k);
  const n = ranks.length;
  const mean = (f: (rank: number | null) => number): number | null => (n === 0 ? null : ranks.reduce<number>((s, r) => s + f(r), 0) / n);
  const out: RankingSummary = { count: n };
  for (const k of ks) out[`HR@${k}`] = mean((r) => hitRate(r, k));
  for (const k of ks) if (k > 1) out[`NDCG@${k}`] = mean((r) => ndcg(r, k));
  return out;
}

/**
 * 1-based rank of candidate `target` by descending score. Ties count against the target (rank = 1 + number of
 * other candidates scoring ≥ it): a scorer that gives many items the same score, as popularity and item-kNN do
 * for unseen items, must not be rewarded for the tie. NaN scores rank below every number.
 */
export function rankOf(scores: ArrayLike<number>, target: number): number {
  if (!(Number.isInteger(target) && target >= 0 && target < scores.length))
    throw new RangeError(`target ${target} is not a candidate index`);
  const clean = (x: number): number => (Number.isNaN(x) ? Number.NEGATIVE_INFINITY : x);
  const s = clean(scores[target] as number);
  let rank = 1;
  for (let i = 0; i < scores.length; i++) if (i !== target && clean(scores[i] as number) >= s) rank++;
  return rank;
}
