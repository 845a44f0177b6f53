/**
 * A bar chart drawn in SVG by hand: a histogram of counts per x (a value, or a bin's lower edge),
 * with axes, ticks, axis labels, a linear or log count scale, and a tooltip with the exact count
 * on hover or on ←/→ when the chart has focus. A bar with a capacity (`of`: codes used of a codebook's
 * size) is drawn inside an outline of that height, and its tooltip gives the share of the capacity.
 */
import { useState, type KeyboardEvent } from 'react';
import { fmtCompact } from '../format';
import { useElementWidth } from '../hooks';
import { Axes, BarTooltip, Bars, countScale, M, YGrid } from './barChart/BarParts';
import { fillGaps, type Bar } from './barChart/ticks';

export { fillGaps, niceTicks, type Bar } from './barChart/ticks';

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

  const { y, ticks: yTicks } = countScale(maxCount, plotH, logScale);

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
          <YGrid yTicks={yTicks} y={y} plotW={plotW} />
          <Bars data={data} y={y} plotH={plotH} band={band} barW={barW} hover={hover} onHover={setHover} />
          <Axes
            data={data}
            plotW={plotW}
            plotH={plotH}
            band={band}
            labelStep={labelStep}
            fx={fx}
            xLabel={xLabel}
            yLabel={yLabel}
            logScale={logScale}
          />
        </g>
      </svg>
      {hovered && (
        <BarTooltip
          bar={hovered}
          range={rangeText(hover as number)}
          left={tipLeft}
          top={M.top + Math.max(0, y(hovered.count) - 8)}
          xLabel={xLabel}
          yLabel={yLabel}
          sum={sum}
        />
      )}
    </div>
  );
}
