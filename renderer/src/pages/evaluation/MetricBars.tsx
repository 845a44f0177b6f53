/**
 * HR@10 and NDCG@10 by model as horizontal grouped bars, drawn in SVG with each value written at its bar's end.
 * (components/BarChart.tsx is a histogram of counts: integer tooltips and shares of a total, wrong for rates.)
 */
import { niceTicks } from '../../components/BarChart';
import { useElementWidth } from '../../hooks';
import type { ComparisonRow } from './comparison';

const BAR_H = 11;
const GAP = 3;
const ROW_PAD = 10;
const LABEL_W = 200;
const VALUE_W = 48;
const AXIS_H = 24;
const COLORS = ['#2f5fd0', '#c4622d'];

export function MetricBars({
  rows,
  keys,
  testid,
  caption,
}: {
  rows: readonly ComparisonRow[];
  keys: readonly string[];
  testid: string;
  caption: string;
}) {
  const [ref, width] = useElementWidth<HTMLDivElement>(560);
  const max = Math.max(0, ...rows.flatMap((r) => keys.map((k) => r.metrics[k] ?? 0)));
  const ticks = niceTicks(Math.max(max, 0.05), 4);
  const top = ticks[ticks.length - 1] ?? 1;
  const plotW = Math.max(80, width - LABEL_W - VALUE_W);
  const rowH = keys.length * (BAR_H + GAP) + ROW_PAD;
  const height = rows.length * rowH + AXIS_H;
  const x = (v: number): number => (Math.max(0, v) / top) * plotW;

  return (
    <figure className="eval-bars" ref={ref} data-testid={testid}>
      <div className="legend">
        {keys.map((k, i) => (
          <span key={k} className="legend-item">
            <span className="legend-swatch" style={{ background: COLORS[i % COLORS.length] }} /> {k}
          </span>
        ))}
      </div>
      <svg width={width} height={height} role="img" aria-label={`${keys.join(' and ')} by model`}>
        <g transform={`translate(${LABEL_W},0)`}>
          {ticks.map((t) => (
            <g key={t} transform={`translate(${x(t)},0)`}>
              <line y1={0} y2={rows.length * rowH} className="eval-grid-line" />
              <text y={rows.length * rowH + 14} textAnchor="middle" className="eval-tick">
                {t}
              </text>
            </g>
          ))}
        </g>
        {rows.map((r, i) => (
          <g key={r.model} transform={`translate(0,${i * rowH + ROW_PAD / 2})`} data-testid="eval-bar-row" data-model={r.model}>
            <text
              x={LABEL_W - 8}
              y={(keys.length * (BAR_H + GAP)) / 2}
              dy="0.32em"
              textAnchor="end"
              className={r.studio ? 'eval-bar-label studio' : 'eval-bar-label'}
            >
              {r.model.length > 30 ? `${r.model.slice(0, 29)}…` : r.model}
              <title>{r.model}</title>
            </text>
            {keys.map((k, j) => {
              const v = r.metrics[k];
              const y = j * (BAR_H + GAP);
              return (
                <g key={k}>
                  <rect
                    x={LABEL_W}
                    y={y}
                    width={v === undefined ? 0 : x(v)}
                    height={BAR_H}
                    fill={COLORS[j % COLORS.length]}
                    data-metric={k}
                    data-value={v}
                  >
                    <title>
                      {r.model} · {k}: {v === undefined ? 'not measured' : v.toFixed(4)}
                    </title>
                  </rect>
                  <text x={LABEL_W + (v === undefined ? 0 : x(v)) + 4} y={y + BAR_H / 2} dy="0.32em" className="eval-bar-value">
                    {v === undefined ? '—' : v.toFixed(3)}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <figcaption className="hint">{caption}</figcaption>
    </figure>
  );
}
