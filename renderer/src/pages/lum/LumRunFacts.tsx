/** What a LUM run is and did: back end, condition, shape and data; the summary figures; the curves and checkpoints. */
import { useMemo } from 'react';
import type { LumMetric, LumRun } from '../../../../preload/api-lum';
import type { Series } from '../../components/LineChart';
import { fmtBytes, fmtCompact, fmtCreated, fmtInt } from '../../format';
import { color, thin } from '../runs/curves';
import { RunChart } from '../runs/RunChart';
import { fmtLoss } from '../runs/RunList';
import type { LumDetail as Detail } from './lumData';

const series = (name: string, c: string, metrics: readonly LumMetric[], y: (m: LumMetric) => number): Series => ({
  name,
  color: c,
  points: thin(metrics).map((m) => ({ x: m.step + 1, y: y(m) })),
});

export function LumRunFacts({ run }: { run: LumRun }) {
  const r = run.resolved;
  return (
    <dl className="kv run-facts">
      <dt>Compute back end</dt>
      <dd data-testid="lum-backend-used">
        {run.backend ? <code>{run.backend}</code> : <span className="muted">not chosen yet</span>}
        {run.backendNote && <span className="hint"> — {run.backendNote}</span>}
      </dd>
      <dt>Condition</dt>
      <dd data-testid="lum-condition-used">
        {r ? (r.condition ?? 'none (no condition tokens)') : <span className="muted">resolved when it starts</span>}
      </dd>
      {r && (
        <>
          <dt>Shape</dt>
          <dd>
            {r.preset}: {r.layers} layer{r.layers === 1 ? '' : 's'} × width {r.width}, {r.heads} heads, {r.contextLength} tokens per row;{' '}
            {fmtInt(r.params)} parameters ({fmtInt(r.nonEmbeddingParams)} outside the token tables)
          </dd>
          <dt>Data</dt>
          <dd>
            {fmtInt(r.pretrainPairs)} (condition, item) pairs of {fmtInt(r.users)} users, {fmtInt(r.items)} items,{' '}
            {fmtInt(r.conditionValues)} condition values
          </dd>
        </>
      )}
      <dt>Created</dt>
      <dd>{fmtCreated(run.createdAt)}</dd>
    </dl>
  );
}

export function LumSummary({ s }: { s: NonNullable<LumRun['summary']> }) {
  return (
    <div className="card run-summary" data-testid="lum-summary">
      <div className="stat-row">
        <div className="figure">
          <div className="figure-value" data-testid="lum-summary-loss">
            {fmtLoss(s.initialLoss)} → {fmtLoss(s.finalLoss)}
          </div>
          <div className="figure-label">InfoNCE, first step → mean of the last 10</div>
        </div>
        <div className="figure">
          <div className="figure-value">{s.finalAccuracy === null ? '—' : `${(100 * s.finalAccuracy).toFixed(1)}%`}</div>
          <div className="figure-label">in-batch top-1 accuracy</div>
        </div>
        <div className="figure">
          <div className="figure-value">{fmtInt(s.tokensPerSecond)}</div>
          <div className="figure-label">tokens/s (median)</div>
        </div>
        <div className="figure">
          <div className="figure-value">{fmtCompact(s.compute)}</div>
          <div className="figure-label">training FLOPs (6 · N · tokens)</div>
        </div>
      </div>
    </div>
  );
}

export function LumCharts({ data }: { data: Detail }) {
  const { metrics, checkpoints } = data;
  const charts = useMemo(
    () => ({
      loss: [series('InfoNCE', '#111827', metrics, (m) => m.loss)],
      accuracy: [series('in-batch top-1', color(2), metrics, (m) => 100 * m.accuracy)],
      speed: [series('tokens/s', color(0), metrics.slice(1), (m) => m.tokensPerSecond)],
    }),
    [metrics],
  );
  return (
    <div className="run-charts">
      <RunChart title="InfoNCE at condition positions" series={charts.loss} yLabel="loss" testid="lum-loss-chart" logToggle />
      <RunChart title="In-batch top-1 accuracy (%)" series={charts.accuracy} yLabel="accuracy %" testid="lum-accuracy-chart" />
      <RunChart title="Tokens per second" series={charts.speed} yLabel="tokens/s" testid="lum-speed-chart" />
      <div className="card run-checkpoints" data-testid="lum-checkpoints">
        <h3>Checkpoints</h3>
        {checkpoints.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <table className="table compact">
            <tbody>
              {checkpoints.map((c) => (
                <tr key={c.step} data-testid="lum-checkpoint">
                  <td className="num">step {c.step}</td>
                  <td className="num nowrap">{fmtBytes(c.bytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
