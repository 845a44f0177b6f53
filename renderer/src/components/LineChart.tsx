/** Several series on one plot, with an optional log-scale y axis (FW gaps span many decades). Hand-written SVG. */
import { useState } from 'react';
import { tickLabel } from './smoothing';
import { linearTicks, logTicks, yRange } from './lineChart/axis';

export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
  /** Drawn thin and pale, out of the legend: the raw curve behind a smoothed one. */
  faint?: boolean;
}

interface LineChartProps {
  series: Series[];
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  /** A dot on every point (the default); long curves turn them off, where they would only blur the line. */
  dots?: boolean;
  height?: number;
  width?: number;
  testid?: string;
}

const PAD = { left: 64, right: 16, top: 12, bottom: 40 };

const fmt = (v: number): string => tickLabel(v, 3);

export function LineChart({ series, xLabel, yLabel, logY = false, dots = true, height = 260, width = 560, testid }: LineChartProps) {
  const [hover, setHover] = useState<{ s: string; x: number; y: number } | null>(null);
  const pts = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.y) && (!logY || p.y > 0));
  if (pts.length === 0)
    return (
      <div className="chart-empty" data-testid={testid}>
        No points to plot yet.
      </div>
    );
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = yRange(ys, logY);
  const iw = width - PAD.left - PAD.right;
  const ih = height - PAD.top - PAD.bottom;
  const sx = (x: number): number => PAD.left + (x1 === x0 ? iw / 2 : ((x - x0) / (x1 - x0)) * iw);
  const sy = (y: number): number =>
    PAD.top + ih - (logY ? ((Math.log10(y) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0))) * ih : ((y - y0) / (y1 - y0)) * ih);
  const yTicks = logY ? logTicks(y0, y1) : linearTicks(y0, y1);
  const xTicks = linearTicks(x0, x1, 8).filter((t) => Number.isInteger(t));
  return (
    <figure className="line-chart" data-testid={testid}>
      <svg width={width} height={height} role="img" aria-label={`${yLabel} by ${xLabel}`}>
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={PAD.left} x2={width - PAD.right} y1={sy(t)} y2={sy(t)} className="grid" />
            <text x={PAD.left - 6} y={sy(t) + 4} textAnchor="end" className="tick">
              {fmt(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} x={sx(t)} y={height - PAD.bottom + 16} textAnchor="middle" className="tick">
            {tickLabel(t, 6)}
          </text>
        ))}
        <text x={PAD.left + iw / 2} y={height - 6} textAnchor="middle" className="axis-label">
          {xLabel}
        </text>
        <text transform={`translate(14 ${PAD.top + ih / 2}) rotate(-90)`} textAnchor="middle" className="axis-label">
          {yLabel}
          {logY ? ' (log)' : ''}
        </text>
        {series.map((s) => {
          const ok = s.points.filter((p) => Number.isFinite(p.y) && (!logY || p.y > 0));
          return (
            <g key={s.name} data-series={s.name} data-points={ok.length} data-faint={s.faint ? '' : undefined}>
              <polyline
                fill="none"
                stroke={s.color}
                strokeWidth={s.faint ? 1 : 2}
                strokeOpacity={s.faint ? 0.3 : 1}
                strokeDasharray={s.dashed ? '5 4' : undefined}
                points={ok.map((p) => `${sx(p.x)},${sy(p.y)}`).join(' ')}
              />
              {dots &&
                !s.faint &&
                ok.map((p) => (
                  <circle
                    key={p.x}
                    cx={sx(p.x)}
                    cy={sy(p.y)}
                    r={3}
                    fill={s.color}
                    onMouseEnter={() => setHover({ s: s.name, ...p })}
                    onMouseLeave={() => setHover(null)}
                  />
                ))}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {series
          .filter((s) => !s.faint)
          .map((s) => (
            <span key={s.name} className="legend-item">
              <span className="legend-swatch" style={{ background: s.color }} /> {s.name}
            </span>
          ))}
        {hover && (
          <span className="legend-hover" data-testid={testid ? `${testid}-hover` : undefined}>
            {hover.s}: {xLabel} {tickLabel(hover.x, 6)} → {tickLabel(hover.y, 4)}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
