/**
 * Rating-prediction metrics as P5 reports them: RMSE and MAE with predictions clipped to the rating scale
 * ([1, 5] by default, notebooks/evaluate/utils.py). Generated text is parsed into a number first.
 *
 * Unparsable outputs are never dropped silently. P5's notebooks keep only outputs whose string is one of
 * "1.0".."4.9", which hides failures; here every output is counted:
 * - `RMSE` / `MAE` score the parsable outputs only (comparable with P5's tables, which score what parsed);
 * - `unparsable` says how many were left out of them;
 * - `RMSE_all` / `MAE_all` score every output, an unparsable one as if it had predicted `fallback` (pass the
 *   training-set mean rating; without it, the middle of the scale), so a model cannot improve by refusing.
 * Pure.
 */

export interface RatingScale {
  min: number;
  max: number;
}

export const STAR_SCALE: RatingScale = { min: 1, max: 5 };

export interface RatingPair {
  /** The model's output: generated text, or a number from a model that predicts one. */
  predicted: string | number;
  truth: number;
}

export interface RatingSummary {
  /** Over the parsable outputs; null when none parsed. */
  RMSE: number | null;
  MAE: number | null;
  /** Over all outputs, unparsable ones scored as `fallback`; null when there are no pairs. */
  RMSE_all: number | null;
  MAE_all: number | null;
  /** Every pair given. */
  count: number;
  /** Pairs whose output held no single number (left out of RMSE/MAE, scored as `fallback` in the _all figures). */
  unparsable: number;
  fallback: number;
}

export function clipRating(x: number, scale: RatingScale = STAR_SCALE): number {
  return Math.min(scale.max, Math.max(scale.min, x));
}

function checkLengths(predicted: ArrayLike<number>, truth: ArrayLike<number>): void {
  if (predicted.length !== truth.length) throw new RangeError(`${predicted.length} predictions for ${truth.length} ratings`);
}

/** Root mean squared error of clipped predictions; null for no pairs. */
export function rmse(predicted: ArrayLike<number>, truth: ArrayLike<number>, scale: RatingScale = STAR_SCALE): number | null {
  checkLengths(predicted, truth);
  if (truth.length === 0) return null;
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (clipRating(predicted[i] as number, scale) - (truth[i] as number)) ** 2;
  return Math.sqrt(s / truth.length);
}

/** Mean absolute error of clipped predictions; null for no pairs. */
export function mae(predicted: ArrayLike<number>, truth: ArrayLike<number>, scale: RatingScale = STAR_SCALE): number | null {
  checkLengths(predicted, truth);
  if (truth.length === 0) return null;
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += Math.abs(clipRating(predicted[i] as number, scale) - (truth[i] as number));
  return s / truth.length;
}

// A sign only where it cannot be a hyphen inside a word ("item-4" is not −4).
const NUMBER = /(?:(?<![\w.])[-+])?(?:\d+(?:\.\d+)?|\.\d+)/g;

/**
 * The rating a generated text states: the one number in it ("4.3", " 4 ", "4 stars", "Rating: 3.5").
 * Null when it holds no number or more than one ("4/5", "between 3 and 4"): guessing which was meant would
 * score a malformed output as a good one. Out-of-scale numbers parse; the metrics clip them.
 */
export function parseRating(text: string): number | null {
  const found = text.match(NUMBER);
  if (!found || found.length !== 1) return null;
  const x = Number(found[0]);
  return Number.isFinite(x) ? x : null;
}

function toRating(predicted: string | number): number | null {
  if (typeof predicted === 'number') return Number.isFinite(predicted) ? predicted : null;
  return parseRating(predicted);
}

export function ratingSummary(pairs: readonly RatingPair[], options: { fallback?: number; scale?: RatingScale } = {}): RatingSummary {
  const scale = options.scale ?? STAR_SCALE;
  const fallback = options.fallback ?? (scale.min + scale.max) / 2;
  if (!Number.isFinite(fallback)) throw new RangeError(`the fallback rating must be a number, got ${fallback}`);
  const parsedPred: number[] = [];
  const parsedTruth: number[] = [];
  const allPred: number[] = [];
  const allTruth: number[] = [];
  for (const { predicted, truth } of pairs) {
    if (!Number.isFinite(truth)) throw new RangeError(`a true rating must be a number, got ${truth}`);
    const x = toRating(predicted);
    if (x !== null) {
      parsedPred.push(x);
      parsedTruth.push(truth);
    }
    allPred.push(x ?? fallback);
    allTruth.push(truth);
  }
  return {
    RMSE: rmse(parsedPred, parsedTruth, scale),
    MAE: mae(parsedPred, parsedTruth, scale),
    RMSE_all: rmse(allPred, allTruth, scale),
    MAE_all: mae(allPred, allTruth, scale),
    count: pairs.length,
    unparsable: pairs.length - parsedPred.length,
    fallback,
  };
}
