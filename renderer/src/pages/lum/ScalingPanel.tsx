/**
 * The scaling plot (the LUM paper's scaling figure, small): test AUC of the ranker with LUM features against each
 * run's non-embedding parameters and its training compute, on log axes, for the dataset's ranked runs that share
 * this run's condition field.
 */
import { useState } from 'react';
import type { LumRun } from '../../../../preload/api-lum';
import { EmptyState } from '../../components/bits';
import { fmtCompact } from '../../format';
import { useElementWidth } from '../../hooks';
import { color } from '../runs/curves';

export interface ScalePoint {
  runId: number;
  label: string;
  params: number;
  compute: number;
  auc: number;
}

/** Ranked runs with this run's condition field (runs without condition tokens are an ablation, not a size). */
export function scalePoints(run: LumRun, runs: readonly LumRun[]): ScalePoint[] {
  const field = run.resolved?.condition;
  if (field === undefined || field === null) return [];
  return runs
    .filter((r) => r.resolved?.condition === field && r.summary && r.rankings.some((k) => k.variant === 'full'))
    .map((r) => ({
      runId: r.id,
      label: `#${r.id} ${r.resolved!.preset}`,
      params: r.resolved!.nonEmbeddingParams,
      compute: r.summary!.compute,
      auc: r.rankings.find((k) => k.variant === 'full')!.auc,
    }))
    .sort((a, b) => a.params - b.params || a.compute - b.compute);
}

export function ScalingPanel({ run, runs }: { run: LumRun; runs: readonly LumRun[] }) {
  const points = scalePoints(run, runs);
  return (
    <div className="lum-scaling" data-testid="lum-scaling">
      <h4>Scaling: test AUC against size</h4>
      {points.length < 2 ? (
        <EmptyState title="Rank runs of several sizes to see AUC against size" testid="lum-scaling-empty">
          <p>
            Train and rank runs with the same condition field ({run.resolved?.condition ?? 'a field, not “none”'}) at sizes tiny, small and
            base; {points.length === 1 ? 'one is ranked so far.' : 'none is ranked so far.'}
          </p>
        </EmptyState>
      ) : (
        <div className="lum-scaling-plots">
          <LogXPlot points={points} x={(p) => p.params} xLabel="non-embedding parameters (log)" testid="lum-scaling-params" />
          <LogXPlot points={points} x={(p) => p.compute} xLabel="training compute, FLOPs (log)" testid="lum-scaling-compute" />
        </div>
      )}
    </div>
  );
}

function LogXPlot({ points, x, xLabel, testid }: { points: ScalePoint[]; x: (p: ScalePoint) => number; xLabel: string; testid: string }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(320);
  const [hover, setHover] = useState<string | null>(null);
  const height = 200;
  const m = { left: 52, right: 24, top: 10, bottom: 40 };
  const xs = points.map((p) => Math.log10(Math.max(1, x(p))));
  const ys = points.map((p) => p.auc);
  const [x0, x1] = [Math.floor(Math.min(...xs) * 2) / 2, Math.ceil(Math.max(...xs) * 2) / 2 || 1];
  const pad = Math.max(0.005, (Math.max(...ys) - Math.min(...ys)) * 0.15);
  const [y0, y1] = [Math.min(...ys) - pad, Math.max(...ys) + pad];
  const sx = (v: number): number => m.left + ((v - x0) / (x1 - x0 || 1)) * (width - m.left - m.right);
  const sy = (v: number): number => m.top + (1 - (v - y0) / (y1 - y0 || 1)) * (height - m.top - m.bottom);
  const order = points.map((p, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const xTicks = Array.from({ length: Math.round((x1 - x0) * 2) + 1 }, (_, i) => x0 + i / 2).filter(
    (t) => Number.isInteger(t) || x1 - x0 <= 2,
  );
  const yTicks = Array.from({ length: 5 }, (_, i) => y0 + ((y1 - y0) * i) / 4);
  return (
    <div className="lum-logx line-chart" ref={ref} data-testid={testid}>
      <svg width={width} height={height} role="img" aria-label={`test AUC by ${xLabel}`}>
        {yTicks.map((t) => (
          <g key={t}>
            <line x1={m.left} x2={width - m.right} y1={sy(t)} y2={sy(t)} className="grid" />
            <text x={m.left - 6} y={sy(t) + 4} textAnchor="end" className="tick">
              {t.toFixed(3)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={t} x={sx(t)} y={height - m.bottom + 16} textAnchor="middle" className="tick">
            {fmtCompact(10 ** t)}
          </text>
        ))}
        <polyline fill="none" stroke={color(0)} strokeWidth={2} points={order.map((i) => `${sx(xs[i]!)},${sy(ys[i]!)}`).join(' ')} />
        {points.map((p, i) => (
          <circle
            key={p.runId}
            cx={sx(xs[i]!)}
            cy={sy(ys[i]!)}
            r={4}
            fill={color(0)}
            data-testid="lum-scaling-point"
            onMouseEnter={() => setHover(`${p.label}: ${fmtCompact(x(p))} → AUC ${p.auc.toFixed(4)}`)}
            onMouseLeave={() => setHover(null)}
          />
        ))}
        <text x={(m.left + width - m.right) / 2} y={height - 6} textAnchor="middle" className="axis-label">
          {xLabel}
        </text>
        <text transform={`translate(12 ${(m.top + height - m.bottom) / 2}) rotate(-90)`} textAnchor="middle" className="axis-label">
          test AUC
        </text>
      </svg>
      {hover && <div className="legend-hover">{hover}</div>}
    </div>
  );
}
