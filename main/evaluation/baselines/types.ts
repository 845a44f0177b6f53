/**
 * What every classic baseline takes and gives. Users and items are dense 0-based indices (the caller maps the
 * dataset's ids), so models hold plain typed arrays. Pure.
 */

export interface Interaction {
  user: number;
  item: number;
  /** Explicit rating, or null for implicit feedback (the ranking baselines use every interaction either way). */
  rating: number | null;
  /** Timestamp; only its order matters. */
  t: number;
}

export interface TrainData {
  users: number;
  items: number;
  train: readonly Interaction[];
}

/**
 * Scores for the candidate items of one user, higher = more likely next; index k belongs to candidates[k].
 * Any numeric array, so a tensor model's Float32Array output serves as is.
 */
export type Scorer = (user: number, candidates: ArrayLike<number>) => ArrayLike<number>;

export interface RankingModel {
  score(user: number, candidates: ArrayLike<number>): Float64Array;
}

export interface RatingModel extends RankingModel {
  /** Predicted rating, unclipped (the rating metrics clip). */
  predict(user: number, item: number): number;
}

/** Throws on indices outside the declared ranges: a silent out-of-range write into a typed array is lost. */
export function checkTrainData(data: TrainData): void {
  if (!(Number.isInteger(data.users) && data.users > 0 && Number.isInteger(data.items) && data.items > 0)) {
    throw new RangeError(`users and items are positive integers, got ${data.users} × ${data.items}`);
  }
  for (const r of data.train) {
    if (!(Number.isInteger(r.user) && r.user >= 0 && r.user < data.users))
      throw new RangeError(`user ${r.user} is outside 0..${data.users - 1}`);
    if (!(Number.isInteger(r.item) && r.item >= 0 && r.item < data.items))
      throw new RangeError(`item ${r.item} is outside 0..${data.items - 1}`);
  }
}

/** Each user's distinct items, in first-seen order. */
export function userItemSets(data: TrainData): Int32Array[] {
  const seen = Array.from({ length: data.users }, () => new Set<number>());
  for (const r of data.train) seen[r.user]?.add(r.item);
  return seen.map((s) => Int32Array.from(s));
}
