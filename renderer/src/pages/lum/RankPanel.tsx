/**
 * Step 3, knowledge utilisation: the click ranker trained with this run's LUM features, without them, and with the
 * interest vectors alone; the no-condition-tokens ablation comes from the dataset's run trained without them. AUC
 * and GAUC side by side in a table and a bar chart, then the scaling plot over the dataset's ranked runs.
 */
import { useState } from 'react';
import type { LumRanking, LumRun } from '../../../../preload/api-lum';
import { EmptyState, JobProgress } from '../../components/bits';
import { call } from '../../client';
import { useReportError } from '../../errors';
import { useElementWidth } from '../../hooks';
import { fmtInt } from '../../format';
import { jobsStore, useJob } from '../../jobs';
import { color } from '../runs/curves';
import { VARIANT_LABEL } from './lumData';
import { ScalingPanel } from './ScalingPanel';

interface Row {
  key: string;
  label: string;
  ranking: LumRanking | null;
  /** What to do to fill an empty row. */
  missing: string;
  runId?: number;
}

/** The table's rows: this run's three rankers and the newest no-condition run's full ranker. */
export function rankRows(run: LumRun, runs: readonly LumRun[]): Row[] {
  const of = (r: LumRun, v: string) => r.rankings.find((k) => k.variant === v) ?? null;
  const noCondition = run.resolved?.condition === null;
  const ablation = noCondition ? run : runs.find((r) => r.resolved?.condition === null && of(r, 'full') !== null);
  return [
    {
      key: 'full',
      label: noCondition ? `${VARIANT_LABEL.full} (this run has no condition tokens)` : VARIANT_LABEL.full,
      ranking: of(run, 'full'),
      missing: 'Train the rankers.',
    },
    { key: 'without', label: `${VARIANT_LABEL.without} (reference)`, ranking: of(run, 'without'), missing: 'Train the rankers.' },
    {
      key: 'noCond',
      label: VARIANT_LABEL.noCond,
      ranking: ablation ? of(ablation, 'full') : null,
      missing: 'Train a run with condition "none" and rank it.',
      ...(ablation && ablation.id !== run.id ? { runId: ablation.id } : {}),
    },
    { key: 'direct', label: VARIANT_LABEL.direct, ranking: of(run, 'direct'), missing: 'Train the rankers.' },
  ];
}

export function RankPanel({ run, runs }: { run: LumRun; runs: LumRun[] }) {
  const report = useReportError();
  const [starting, setStarting] = useState(false);
  const job = useJob(run.rankJobId);
  const rows = rankRows(run, runs);
  const start = async (): Promise<void> => {
    setStarting(true);
    try {
      const { jobId } = await call('lum.rank', { runId: run.id, variants: ['full', 'direct', 'without'] });
      jobsStore.track(jobId, 'lum-rank', `rankers on ${run.name}`);
    } catch (e) {
      report(e, 'Starting the rankers');
    } finally {
      setStarting(false);
    }
  };
  const busy = run.rankJobId !== null;
  const some = rows.some((r) => r.ranking !== null);
  return (
    <section className="card lum-panel" data-testid="lum-rank">
      <div className="run-chart-head">
        <h3>Rankers that use it</h3>
        <button
          type="button"
          className="button small primary"
          disabled={busy || starting || run.lastCheckpoint === null || run.status === 'running'}
          data-testid="lum-rank-start"
          title={run.lastCheckpoint === null ? 'Train the run first' : 'With LUM features, with the interest vectors only, and without'}
          onClick={() => void start()}
        >
          {busy ? 'Training rankers…' : some ? 'Train the rankers again' : 'Train the rankers'}
        </button>
      </div>
      <p className="hint">
        A click is a rating of 4 or more; lower ratings and one sampled unseen item per interaction are not. Each user's newest interactions
        are the test rows; the ranker trains on the window before them, and LUM reads only the history before each window.
      </p>
      {busy && job && !job.finished && <JobProgress info={job.info} testid="lum-rank-progress" />}
      {!some && !busy ? (
        <EmptyState title="No rankers yet" testid="lum-rank-empty">
          <p>
            {run.lastCheckpoint === null
              ? 'Train the run first; the rankers read its newest checkpoint.'
              : 'Press “Train the rankers” to compare the ranker with and without what LUM knows.'}
          </p>
        </EmptyState>
      ) : (
        <div className="lum-rank-body">
          <table className="table compact" data-testid="lum-rank-table">
            <thead>
              <tr>
                <th>ranker</th>
                <th className="num">AUC</th>
                <th className="num">GAUC</th>
                <th className="num">features</th>
                <th className="num">test rows</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} data-testid="lum-rank-row" data-variant={r.key}>
                  <td>
                    {r.label}
                    {r.runId !== undefined && <span className="muted"> · run #{r.runId}</span>}
                  </td>
                  {r.ranking ? (
                    <>
                      <td className="num" data-testid="lum-rank-auc">
                        {r.ranking.auc.toFixed(4)}
                      </td>
                      <td className="num">{r.ranking.gauc.toFixed(4)}</td>
                      <td className="num">{fmtInt(r.ranking.report.features)}</td>
                      <td className="num">{fmtInt(r.ranking.report.testRows)}</td>
                    </>
                  ) : (
                    <td colSpan={4} className="muted">
                      {r.missing}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <RankBars rows={rows.filter((r): r is Row & { ranking: LumRanking } => r.ranking !== null)} />
        </div>
      )}
      <ScalingPanel run={run} runs={runs} />
    </section>
  );
}

/** AUC and GAUC of each ranker as paired bars on an axis from 0.5 (chance), where differences of a hundredth show. */
function RankBars({ rows }: { rows: (Row & { ranking: LumRanking })[] }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(420);
  const [hover, setHover] = useState<string | null>(null);
  const height = 220;
  const m = { left: 44, right: 10, top: 10, bottom: 50 };
  const values = rows.flatMap((r) => [r.ranking.auc, r.ranking.gauc]);
  const top = Math.min(1, Math.ceil((Math.max(...values) + 0.02) * 20) / 20);
  const base = 0.5;
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const y = (v: number): number => m.top + plotH - ((Math.max(base, v) - base) / (top - base)) * plotH;
  const band = plotW / Math.max(1, rows.length);
  const bar = Math.min(28, band / 3);
  const ticks = Array.from({ length: Math.round((top - base) / 0.05) + 1 }, (_, i) => base + 0.05 * i);
  return (
    <div className="lum-bars line-chart" ref={ref} data-testid="lum-rank-bars">
      <svg width={width} height={height} role="img" aria-label="AUC and GAUC of each ranker">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={m.left} x2={width - m.right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={m.left - 6} y={y(t) + 4} textAnchor="end" className="tick">
              {t.toFixed(2)}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const x0 = m.left + i * band + band / 2 - bar;
          return (
            <g key={r.key}>
              {(
                [
                  ['AUC', r.ranking.auc, 0],
                  ['GAUC', r.ranking.gauc, 1],
                ] as const
              ).map(([what, v, k]) => (
                <rect
                  key={what}
                  x={x0 + k * bar}
                  y={y(v)}
                  width={bar - 2}
                  height={m.top + plotH - y(v)}
                  fill={color(k)}
                  data-testid="lum-rank-bar"
                  data-value={v}
                  onMouseEnter={() => setHover(`${r.label}: ${what} ${v.toFixed(4)}`)}
                  onMouseLeave={() => setHover(null)}
                />
              ))}
              <text x={m.left + i * band + band / 2} y={height - m.bottom + 16} textAnchor="middle" className="tick">
                {r.key === 'full' ? 'with LUM' : r.key === 'without' ? 'without' : r.key === 'noCond' ? 'no conditions' : 'direct only'}
              </text>
            </g>
          );
        })}
      </svg>
      <div className="legend">
        <span className="legend-item">
          <span className="legend-swatch" style={{ background: color(0) }} /> AUC
        </span>
        <span className="legend-item">
          <span className="legend-swatch" style={{ background: color(1) }} /> GAUC
        </span>
        <span className="muted">axis from 0.5 (chance)</span>
        {hover && <span className="legend-hover">{hover}</span>}
      </div>
    </div>
  );
}
