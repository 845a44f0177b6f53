import { useState } from 'react';
import type { LumQueryResult } from '../../../../preload/api-lum';
import { useElementWidth } from '../../hooks';
import { color } from '../runs/curves';

/** Per condition: its top items' scores as dots, over the catalog's mean ± one standard deviation. */
export function ScorePlot({ result }: { result: LumQueryResult['users'][number]['results'] }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(520);
  const [hover, setHover] = useState<string | null>(null);
  const rowH = 26;
  const left = 150;
  const right = 16;
  const height = result.length * rowH + 36;
  const lo = Math.min(...result.map((r) => r.mean - r.sd));
  const hi = Math.max(...result.flatMap((r) => r.top.map((t) => t.score)), ...result.map((r) => r.mean + r.sd));
  const x = (v: number): number => left + ((v - lo) / (hi - lo || 1)) * (width - left - right);
  return (
    <div className="lum-score-plot line-chart" ref={ref} data-testid="lum-score-plot">
      <svg width={width} height={height} role="img" aria-label="Scores of each condition's nearest items against the catalog's spread">
        {result.map((r, q) => {
          const y = 14 + q * rowH;
          return (
            <g key={r.condition} data-condition={r.condition}>
              <text x={left - 8} y={y + 4} textAnchor="end" className="tick">
                {r.condition.length > 22 ? `${r.condition.slice(0, 21)}…` : r.condition}
              </text>
              <rect
                x={x(r.mean - r.sd)}
                y={y - 6}
                width={Math.max(1, x(r.mean + r.sd) - x(r.mean - r.sd))}
                height={12}
                className="lum-spread"
              />
              <line x1={x(r.mean)} x2={x(r.mean)} y1={y - 8} y2={y + 8} stroke="#9aa3b1" />
              {r.top.map((t) => (
                <circle
                  key={t.extId}
                  cx={x(t.score)}
                  cy={y}
                  r={4}
                  fill={color(q)}
                  data-testid="lum-score-dot"
                  onMouseEnter={() => setHover(`${r.condition}: ${t.title ?? t.extId} ${t.score.toFixed(3)}`)}
                  onMouseLeave={() => setHover(null)}
                />
              ))}
            </g>
          );
        })}
        <text x={(left + width - right) / 2} y={height - 6} textAnchor="middle" className="axis-label">
          score (grey: catalog mean ± 1 sd; dots: the nearest items)
        </text>
      </svg>
      {hover && <div className="legend-hover">{hover}</div>}
    </div>
  );
}
