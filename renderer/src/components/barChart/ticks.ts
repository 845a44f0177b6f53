/** The bar chart's data and its pure helpers: round ticks, and zero bars in the gaps of integer x values. */
export interface Bar {
  x: number;
  count: number;
  /** The most the count could be; drawn as an outline behind the bar. */
  of?: number;
}

/** Round tick values covering [0, max]: 1, 2 or 5 times a power of ten apart. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = 0; t <= max + step * 1e-9; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
  if ((ticks[ticks.length - 1] as number) < max) ticks.push(Math.round(((ticks[ticks.length - 1] as number) + step) * 1e6) / 1e6);
  return ticks.map((t) => (Number.isInteger(step) ? Math.round(t) : t));
}

/** Integer values with gaps (no user has exactly 17 interactions) get zero bars, so the x axis stays even. */
export function fillGaps(data: readonly Bar[]): readonly Bar[] {
  if (data.length < 2 || !data.every((d) => Number.isInteger(d.x))) return data;
  const min = (data[0] as Bar).x;
  const max = (data[data.length - 1] as Bar).x;
  if (max - min > 300 || max - min + 1 === data.length) return data;
  const at = new Map(data.map((d) => [d.x, d.count]));
  return Array.from({ length: max - min + 1 }, (_, k) => ({ x: min + k, count: at.get(min + k) ?? 0 }));
}
