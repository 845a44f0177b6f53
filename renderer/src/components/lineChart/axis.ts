/**
 * A line chart's axis ranges and ticks. Pure. Ranges narrower than floating-point can tell apart are flat: on a
 * run's first point the overall loss and its one family's loss are the same number a few ulps apart, and stepping
 * through such a range by a tick smaller than an ulp never ends (the page froze, then threw "Invalid array length").
 */

/** Below this relative width two ends are the same number that rounding pulled apart. */
const FLAT = 1e-9;
/** No axis needs more ticks than this; a bound on the loop whatever the numbers. */
const MAX_TICKS = 50;

const isFlat = (lo: number, hi: number): boolean => hi - lo <= FLAT * Math.max(Math.abs(lo), Math.abs(hi));

/** The y range to draw: whole decades on a log axis; a flat range widened around its value. */
export function yRange(ys: readonly number[], logY: boolean): [number, number] {
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  if (logY) {
    lo = 10 ** Math.floor(Math.log10(lo));
    hi = 10 ** Math.ceil(Math.log10(hi));
    return lo === hi ? [lo / 10, hi * 10] : [lo, hi];
  }
  if (!isFlat(lo, hi)) return [lo, hi];
  const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
  return [lo - pad, hi + pad];
}

/** Round ticks inside [lo, hi], 1, 2 or 5 times a power of ten apart, at most about `count` of them. */
export function linearTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi <= lo || isFlat(lo, hi)) return [lo];
  const span = hi - lo;
  const step = 10 ** Math.floor(Math.log10(span / count));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => span / s <= count) ?? step * 10;
  const first = Math.ceil(lo / nice) * nice;
  const n = Math.min(MAX_TICKS, Math.floor((hi - first) / nice + 1e-9) + 1);
  return Array.from({ length: Math.max(0, n) }, (_, i) => Number((first + i * nice).toPrecision(12)));
}

/** One tick per decade from `lo` to `hi` (both powers of ten, as `yRange` gives them); doubles span ~650 decades. */
export function logTicks(lo: number, hi: number): number[] {
  const from = Math.floor(Math.log10(lo));
  const to = Math.ceil(Math.log10(hi));
  if (!Number.isFinite(from) || !Number.isFinite(to)) return [];
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => 10 ** (from + i));
}
