/**
 * Rate and ETA from a stream of (done, total) readings, smoothed over a sliding window so a burst
 * does not make the ETA jump. Pure apart from the clock it is given.
 */
export class RateMeter {
  private readonly samples: { t: number; done: number }[] = [];

  constructor(
    private readonly windowMs = 3000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(done: number, total: number | null): { rate: number; etaSeconds: number | null } {
    const t = this.now();
    this.samples.push({ t, done });
    while (this.samples.length > 2 && t - (this.samples[0] as { t: number }).t > this.windowMs) this.samples.shift();
    const first = this.samples[0] as { t: number; done: number };
    const dt = (t - first.t) / 1000;
    const rate = dt > 0 ? (done - first.done) / dt : 0;
    const etaSeconds = total !== null && rate > 0 ? Math.max(0, (total - done) / rate) : null;
    return { rate, etaSeconds };
  }
}

/** "12,345 rows · 48,210 rows/s · ETA 3s" for the CLI's stderr. */
export function formatProgress(done: number, total: number | null, rate: number, etaSeconds: number | null, unit: string): string {
  const pct = total ? ` ${((100 * done) / total).toFixed(0).padStart(3)}%` : '';
  const bar = total ? ` [${'#'.repeat(Math.round((20 * done) / total)).padEnd(20, '.')}]` : '';
  const eta = etaSeconds === null ? '' : ` · ETA ${formatSeconds(etaSeconds)}`;
  return `${bar}${pct} ${done.toLocaleString('en-US')} ${unit} · ${Math.round(rate).toLocaleString('en-US')} ${unit}/s${eta}`.trim();
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.ceil(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
