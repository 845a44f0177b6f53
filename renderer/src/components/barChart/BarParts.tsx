/** The bar chart's parts: its count scale (linear or log), the bars, the axes with their labels, and the tooltip. */
import { fmtCompact, fmtInt } from '../../format';
import { niceTicks, type Bar } from './ticks';

export const M = { top: 14, right: 16, bottom: 46, left: 58 };

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

/** The count axis: where a count is drawn (px from the top of the plot) and its ticks. */
export function countScale(maxCount: number, plotH: number, logScale: boolean): { y: (c: number) => number; ticks: number[] } {
  if (logScale) {
    const topExp = Math.max(1, Math.ceil(Math.log10(maxCount)));
    const lo = Math.log10(0.5);
    const hi = topExp;
    return { y: (c) => (c <= 0 ? plotH : plotH - ((Math.log10(c) - lo) / (hi - lo)) * plotH), ticks: logTicks(topExp) };
  }
  const ticks = niceTicks(maxCount);
  const top = ticks[ticks.length - 1] as number;
  return { y: (c) => plotH - (c / top) * plotH, ticks };
}

interface BarsProps {
  data: readonly Bar[];
  y: (c: number) => number;
  plotH: number;
  band: number;
  barW: number;
  hover: number | null;
  onHover: (i: number) => void;
}

/** One band per bar: the capacity outline (if any), the bar, and a hit area as wide as the band. */
export function Bars({ data, y, plotH, band, barW, hover, onHover }: BarsProps) {
  return (
    <>
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
            <rect className="bar-hit" x={i * band} y={0} width={band} height={plotH} onMouseEnter={() => onHover(i)} />
          </g>
        );
      })}
    </>
  );
}

interface AxesProps {
  data: readonly Bar[];
  y: (c: number) => number;
  yTicks: number[];
  plotW: number;
  plotH: number;
  band: number;
  labelStep: number;
  fx: (x: number) => string;
  xLabel: string;
  yLabel: string;
  logScale: boolean;
}

export function YGrid({ yTicks, y, plotW }: Pick<AxesProps, 'yTicks' | 'y' | 'plotW'>) {
  return (
    <>
      {yTicks.map((t) => (
        <g key={t} transform={`translate(0,${y(t)})`} className="tick">
          <line x1={0} x2={plotW} className="grid-line" />
          <text x={-8} dy="0.32em" textAnchor="end">
            {fmtCompact(t)}
          </text>
        </g>
      ))}
    </>
  );
}

/** Both axis lines, every `labelStep`-th x label, and the axis titles. */
export function Axes({ data, plotW, plotH, band, labelStep, fx, xLabel, yLabel, logScale }: Omit<AxesProps, 'y' | 'yTicks'>) {
  return (
    <>
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
    </>
  );
}

interface TooltipProps {
  bar: Bar;
  range: string;
  left: number;
  top: number;
  xLabel: string;
  yLabel: string;
  /** All counts together, for the share of a bar without a capacity. */
  sum: number;
}

/** The exact count of the bar under the pointer (or ←/→), and its share of the capacity or of all bars. */
export function BarTooltip({ bar, range, left, top, xLabel, yLabel, sum }: TooltipProps) {
  return (
    <div className="chart-tooltip" role="status" data-testid="chart-tooltip" style={{ left, top }}>
      <div className="chart-tooltip-x">
        {xLabel}: {range}
      </div>
      <div>
        <strong>{fmtInt(bar.count)}</strong>
        {bar.of !== undefined ? ` of ${fmtInt(bar.of)} ` : ' '}
        {yLabel}
        {bar.of !== undefined
          ? bar.of > 0 && <span className="muted"> ({((bar.count / bar.of) * 100).toFixed(1)}%)</span>
          : sum > 0 && <span className="muted"> ({((bar.count / sum) * 100).toFixed(1)}%)</span>}
      </div>
    </div>
  );
}
