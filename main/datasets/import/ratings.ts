/**
 * The range of ratings an import accepts. The user can see it (the import preview shows it) and set it (the dialog,
 * `--rating-range lo,hi`); by default it is inferred from the first ratings of the data: the narrowest usual scale
 * (0–1, 0–5, 0–10, 0–100, or their signed forms) that holds at least 99% of them, so that a stray 1e308 or a 55 among
 * stars is refused with its file and line while every real rating passes. Data on no usual scale (play counts,
 * prices) is bounded only by RATING_LIMIT. Pure: no I/O.
 */
import type { RatingRange } from '../../../preload/api';
import { RATING_LIMIT } from '../../../preload/import-limits';
import { badInput } from '../../errors';

/** How many ratings the preview (and an import given no range) reads from the start of the data. */
export const RATING_SAMPLE = 10_000;

/** Share of the sampled ratings a usual scale must hold to be taken as the data's scale. */
export const SCALE_SHARE = 0.99;

const SCALES: readonly RatingRange[] = [
  [0, 1],
  [0, 5],
  [0, 10],
  [0, 100],
  [-1, 1],
  [-5, 5],
  [-10, 10],
  [-100, 100],
];

export interface RatingSummary {
  count: number;
  min: number;
  max: number;
  range: RatingRange;
  /** Share of the sampled ratings inside `range`. */
  inside: number;
}

const share = (values: readonly number[], [lo, hi]: RatingRange): number =>
  values.reduce((n, v) => n + (v >= lo && v <= hi ? 1 : 0), 0) / values.length;

/** The accepted range for these ratings (see the module comment); null when there are none. */
export function inferRatingRange(values: readonly number[]): RatingSummary | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const v of finite) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = SCALES.find((s) => share(finite, s) >= SCALE_SHARE);
  const range: RatingRange = scale ?? [min < 0 ? -RATING_LIMIT : 0, RATING_LIMIT];
  return { count: finite.length, min, max, range, inside: share(finite, range) };
}

/** `--rating-range lo,hi` (also `lo:hi`). */
export function parseRatingRange(text: string): RatingRange {
  const parts = text.split(/[,:]/).map((p) => p.trim());
  const [lo, hi] = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || !Number.isFinite(lo) || !Number.isFinite(hi))
    throw badInput(`--rating-range "${text}": expected lo,hi such as 1,5`);
  if (lo! >= hi!) throw badInput(`--rating-range "${text}": lo must be below hi`);
  if (Math.abs(lo!) > RATING_LIMIT || Math.abs(hi!) > RATING_LIMIT)
    throw badInput(`--rating-range "${text}": ratings must lie within ±${RATING_LIMIT.toExponential()}`);
  return [lo!, hi!];
}

export const formatRange = ([lo, hi]: RatingRange): string => {
  const f = (x: number): string => (Math.abs(x) >= RATING_LIMIT ? x.toExponential() : String(x));
  return `${f(lo)} to ${f(hi)}`;
};
