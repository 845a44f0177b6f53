/**
 * A bar chart drawn in SVG by hand: a histogram of counts per x (a value, or a bin's lower edge),
 * with axes, ticks, axis labels, a linear or log count scale, and a tooltip with the exact count
 * on hover or on ←/→ when the chart has focus. A bar with a capacity (`of`: codes used of a codebook's
 * size) is drawn inside an outline of that height, and its tooltip gives the share of the capacity.
 */
import { useState, type KeyboardEvent } from 'react';
import { fmtCompact, fmtInt } from '../format';
import { useElementWidth } from '../hooks';

export interface Bar {
  x: number;
  count: number;
  /** The most the count could be; drawn as an outline behind the bar. */
  of?: number;
}

interface BarChartProps {
  data: readonly Bar[];
  /** What x is: "rating", "interactions per user". */
  xLabel: string;
  /** What is counted: "interactions", "users". */
  yLabel: string;
  testid: string;
  height?: number;
  logScale?: boolean;
  /** x values are the lower edges of bins (each bar covers [x, next x)). */
  binned?: boolean;
  formatX?: (x: number) => string;
}

const M = { top: 14, right: 16, bottom: 46, left: 58 };

/** Round tick values covering [0, max]: 1, 2 or 5 times a power of ten apart. */
export function niceTicks(max: number, count = 5): number[] {
  if (max <= 0) return [0, 1];
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

/** Log ticks: powers of ten, with 2 and 5 between them when the range spans few decades. */
function logTicks(topExp: number): number[] {
  const ticks: number[] = [];
  for (let k = 0; k <= topExp; k++) {
    const p = Math.pow(10, k);
    ticks.push(p);
    if (topExp <= 2 && k < topExp) ticks.push(2 * p, 5 * p);
  }
  return ticks;
}

export function BarChart({ data: raw, xLabel, yLabel, testid, height = 240, logScale = false, binned = false, formatX }: BarChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(480);
  const [hover, setHover] = useState<number | null>(null);
  const fx = formatX ?? ((x: number) => fmtCompact(x));
  const data = binned ? raw : fillGaps(raw);

  if (data.length === 0) {
    return (
      <div className="chart chart-empty" ref={ref} data-testid={testid} data-bars={0}>
        No data to plot.
      </div>
    );
  }

  const plotW = Math.max(40, width - M.left - M.right);
  const plotH = height - M.top - M.bottom;
  const maxCount = Math.max(...data.map((d) => Math.max(d.count, d.of ?? 0)), 1);
  const sum = data.reduce((a, d) => a + d.count, 0);

  // y scale
  let yTicks: number[];
  let y: (c: number) => number;
  if (logScale) {
    const topExp = Math.max(1, Math.ceil(Math.log10(maxCount)));
    const lo = Math.log10(0.5);
    const hi = topExp;
    y = (c) => (c <= 0 ? plotH : plotH - ((Math.log10(c) - lo) / (hi - lo)) * plotH);
    yTicks = logTicks(topExp);
  } else {
    yTicks = niceTicks(maxCount);
    const top = yTicks[yTicks.length - 1] as number;
    y = (c) => plotH - (c / top) * plotH;
  }

  // x: one band per bar
  const band = plotW / data.length;
  const barW = Math.max(1, band * (data.length > 60 ? 1 : 0.82));
  const maxLabels = Math.max(2, Math.floor(plotW / 52));
  const labelStep = Math.ceil(data.length / maxLabels);

  const rangeText = (i: number): string => {
    const d = data[i] as Bar;
    if (!binned) return fx(d.x);
    const next = data[i + 1];
    return next ? `${fx(d.x)} – <${fx(next.x)}` : `≥ ${fx(d.x)}`;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowRight') setHover((h) => Math.min(data.length - 1, (h ?? -1) + 1));
    else if (e.key === 'ArrowLeft') setHover((h) => Math.max(0, (h ?? data.length) - 1));
    else if (e.key === 'Escape') setHover(null);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const hovered = hover === null ? undefined : data[hover];
  const tipLeft = hover === null ? 0 : M.left + (hover + 0.5) * band;

  return (
    <div className="chart" ref={ref} data-testid={testid} data-bars={data.length}>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`${yLabel} by ${xLabel}, ${data.length} bars${logScale ? ', log scale' : ''}`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onBlur={() => setHover(null)}
        onMouseLeave={() => setHover(null)}
      >
        <g transform={`translate(${M.left},${M.top})`}>
          {yTicks.map((t) => (
            <g key={t} transform={`translate(0,${y(t)})`} className="tick">
              <line x1={0} x2={plotW} className="grid-line" />
              <text x={-8} dy="0.32em" textAnchor="end">
                {fmtCompact(t)}
              </text>
            </g>
          ))}
          {data.map((d, i) => {
            const top = y(d.count);
            return (
              <g key={i}>
                {d.of !== undefined && (
                  <rect
                    className="bar-capacity"
                    x={i * band + (band - barW) / 2}
                    y={y(d.of)}
                    width={barW}
                    height={Math.max(0, plotH - y(d.of))}
                    data-testid="chart-bar-capacity"
                  />
                )}
                <rect
                  className={`bar${hover === i ? ' bar-hover' : ''}`}
                  x={i * band + (band - barW) / 2}
                  y={top}
                  width={barW}
                  height={Math.max(0, plotH - top)}
                  data-testid="chart-bar"
                  data-x={d.x}
                  data-count={d.count}
                />
                <rect className="bar-hit" x={i * band} y={0} width={band} height={plotH} onMouseEnter={() => setHover(i)} />
              </g>
            );
          })}
          <line className="axis-line" x1={0} x2={plotW} y1={plotH} y2={plotH} />
          <line className="axis-line" x1={0} x2={0} y1={0} y2={plotH} />
          {data.map((d, i) =>
            i % labelStep === 0 ? (
              <g key={`l${i}`} className="tick" transform={`translate(${(i + 0.5) * band},${plotH})`}>
                <line y2={5} className="axis-line" />
                <text y={17} textAnchor="middle">
                  {fx(d.x)}
                </text>
              </g>
            ) : null,
          )}
          <text className="axis-label" x={plotW / 2} y={plotH + 38} textAnchor="middle">
            {xLabel}
          </text>
          <text className="axis-label" transform={`translate(${-44},${plotH / 2}) rotate(-90)`} textAnchor="middle">
            {yLabel}
            {logScale ? ' (log)' : ''}
          </text>
        </g>
      </svg>
      {hovered && (
        <div
          className="chart-tooltip"
          role="status"
          data-testid="chart-tooltip"
          style={{ left: tipLeft, top: M.top + Math.max(0, y(hovered.count) - 8) }}
        >
          <div className="chart-tooltip-x">
            {xLabel}: {rangeText(hover as number)}
          </div>
          <div>
            <strong>{fmtInt(hovered.count)}</strong>
            {hovered.of !== undefined ? ` of ${fmtInt(hovered.of)} ` : ' '}
            {yLabel}
            {hovered.of !== undefined
              ? hovered.of > 0 && <span className="muted"> ({((hovered.count / hovered.of) * 100).toFixed(1)}%)</span>
              : sum > 0 && <span className="muted"> ({((hovered.count / sum) * 100).toFixed(1)}%)</span>}
          </div>
        </div>
      )}
    </div>
  );
}
