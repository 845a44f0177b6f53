/** Small pure formatters shared by the pages. */

const intFmt = new Intl.NumberFormat('en-US');

export function fmtInt(n: number): string {
  return intFmt.format(Math.round(n));
}

/** 1234 → "1.2k", 3_400_000 → "3.4M": for axis ticks where space is short. */
export function fmtCompact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${trim(n / 1e9)}G`;
  if (abs >= 1e6) return `${trim(n / 1e6)}M`;
  if (abs >= 1e4) return `${trim(n / 1e3)}k`;
  if (Number.isInteger(n)) return String(n);
  return trim(n);
}

function trim(n: number): string {
  return n.toFixed(Math.abs(n) >= 100 ? 0 : 1).replace(/\.0$/, '');
}

export function fmtPercent(fraction: number): string {
  const p = fraction * 100;
  if (p === 0) return '0%';
  if (p < 0.01) return `${p.toExponential(1)}%`;
  if (p < 1) return `${p.toFixed(3)}%`;
  return `${p.toFixed(1)}%`;
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** Interaction timestamps are Unix seconds (RecBole, MovieLens, Amazon); values past ~year 5000 in seconds are taken as milliseconds. */
export function tsToDate(ts: number): Date {
  return new Date(ts > 1e11 ? ts : ts * 1000);
}

/** ISO date and minute, in UTC so the same data reads the same everywhere: "2014-03-09 17:42". */
export function fmtTimestamp(ts: number | null): string {
  if (ts === null) return '—';
  const d = tsToDate(ts);
  if (Number.isNaN(d.getTime())) return String(ts);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

export function fmtDay(ts: number | null): string {
  if (ts === null) return '—';
  const d = tsToDate(ts);
  return Number.isNaN(d.getTime()) ? String(ts) : d.toISOString().slice(0, 10);
}

/** createdAt strings from the back end (ISO or SQLite "YYYY-MM-DD HH:MM:SS"), shown as local date and time. */
export function fmtCreated(s: string): string {
  const d = new Date(/Z|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
  if (Number.isNaN(d.getTime())) return s;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fmtDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Feature/attribute values are arbitrary JSON; show scalars as they are and the rest compactly. */
export function fmtValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(fmtValue).join(', ');
  return JSON.stringify(v);
}
