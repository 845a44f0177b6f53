/**
 * The results page's small plots, drawn by hand: a stacked share bar (A / tie / B) and a dot-and-whisker plot of
 * estimates with their 95% intervals on a fixed scale, with an optional reference line (50%, say).
 */
import { useElementWidth } from '../../hooks';

export const pct = (x: number | null, digits = 1): string => (x === null ? '—' : `${(x * 100).toFixed(digits)}%`);

/** Shares of A, tie and B as one bar; each part says its share on hover and, when wide enough, inside. */
export function ShareBar({
  a,
  tie,
  b,
  labels,
  testid,
}: {
  a: number;
  tie: number;
  b: number;
  labels: { a: string; b: string };
  testid?: string;
}) {
  const parts = [
    { key: 'a', share: a, label: labels.a },
    { key: 'tie', share: tie, label: 'tie' },
    { key: 'b', share: b, label: labels.b },
  ];
  return (
    <div className="rev-sharebar" data-testid={testid} role="img" aria-label={parts.map((p) => `${p.label} ${pct(p.share)}`).join(', ')}>
      {parts.map((p) =>
        p.share > 0 ? (
          <div
            key={p.key}
            className={`rev-share rev-share-${p.key}`}
            style={{ width: `${p.share * 100}%` }}
            title={`${p.label}: ${pct(p.share)}`}
          >
            {p.share >= 0.12 ? pct(p.share, 0) : ''}
          </div>
        ) : null,
      )}
    </div>
  );
}

export interface IntervalRow {
  key: string;
  /** Beside the row (may be empty when the row above names a group). */
  label: string;
  /** The tooltip's name of the estimate (default: the label). */
  title?: string;
  value: number | null;
  low: number | null;
  high: number | null;
  tone: 'a' | 'b' | 'neutral';
}

const M = { left: 150, right: 16, top: 6, bottom: 24 };
const ROW_H = 22;

/** Estimates with their intervals on [lo, hi]; a row without an estimate says so instead of a dot. */
export function IntervalPlot({
  rows,
  domain,
  ticks,
  format,
  reference,
  label,
  testid,
}: {
  rows: IntervalRow[];
  domain: [number, number];
  ticks: number[];
  format: (x: number) => string;
  reference?: number;
  label: string;
  testid?: string;
}) {
  const [ref, width] = useElementWidth<HTMLDivElement>(420);
  const plotW = Math.max(60, width - M.left - M.right);
  const height = M.top + rows.length * ROW_H + M.bottom;
  const [lo, hi] = domain;
  const x = (v: number): number => M.left + ((Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo)) * plotW;
  return (
    <div className="rev-interval-plot" ref={ref} data-testid={testid}>
      <svg width={width} height={height} role="img" aria-label={label}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={M.top} y2={height - M.bottom} className="rev-grid" />
            <text x={x(t)} y={height - 8} textAnchor="middle" className="rev-tick">
              {format(t)}
            </text>
          </g>
        ))}
        {reference !== undefined && (
          <line x1={x(reference)} x2={x(reference)} y1={M.top} y2={height - M.bottom} className="rev-reference-line" />
        )}
        {rows.map((r, k) => {
          const y = M.top + k * ROW_H + ROW_H / 2;
          return (
            <g key={r.key} className={`rev-tone-${r.tone}`}>
              <text x={M.left - 8} y={y} dy="0.32em" textAnchor="end" className="rev-plot-label">
                {r.label.length > 22 ? `${r.label.slice(0, 21)}…` : r.label}
              </text>
              {r.low !== null && r.high !== null && (
                <>
                  <line x1={x(r.low)} x2={x(r.high)} y1={y} y2={y} className="rev-whisker" />
                  <line x1={x(r.low)} x2={x(r.low)} y1={y - 4} y2={y + 4} className="rev-whisker" />
                  <line x1={x(r.high)} x2={x(r.high)} y1={y - 4} y2={y + 4} className="rev-whisker" />
                </>
              )}
              {r.value === null ? (
                <text x={M.left + 4} y={y} dy="0.32em" className="rev-tick">
                  no data
                </text>
              ) : (
                <circle cx={x(r.value)} cy={y} r={4.5} className="rev-dot">
                  <title>
                    {r.title ?? r.label}: {format(r.value)}
                    {r.low !== null && r.high !== null ? ` (95% interval ${format(r.low)}–${format(r.high)})` : ''}
                  </title>
                </circle>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
