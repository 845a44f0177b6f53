/**
 * What charts do to numbers before people read them: TensorBoard's smoothing (an exponential moving average,
 * debiased so the first points are not dragged toward zero) and tick labels without floating-point noise
 * (0.15, never 0.15000000000000002). Pure.
 */

/** Debiased EMA of the y values with weight `w` in [0, 1): 0 leaves the curve as it is. */
export function smoothPoints(points: readonly { x: number; y: number }[], w: number): { x: number; y: number }[] {
  if (!(w > 0)) return points.map((p) => ({ ...p }));
  const weight = Math.min(w, 0.999);
  let last = 0;
  let n = 0;
  return points.map((p) => {
    if (!Number.isFinite(p.y)) return { ...p };
    last = last * weight + (1 - weight) * p.y;
    n++;
    return { x: p.x, y: last / (1 - weight ** n) };
  });
}

/** A tick or value label: at most `digits` significant digits, float noise gone, exponent only for extremes. */
export function tickLabel(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return v.toExponential(Math.max(0, digits - 2)).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(digits)));
}
