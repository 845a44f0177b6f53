/**
 * One LUM run: live progress and the back end it runs on, the InfoNCE and in-batch accuracy curves, the summary and
 * shape, its checkpoints; then querying its knowledge (step 2) and the rankers that use it (step 3).
 */
import { useMemo } from 'react';
import type { LumMetric, LumRun } from '../../../../preload/api-lum';
import { EmptyState, ProgressBar, Spinner } from '../../components/bits';
import type { Series } from '../../components/LineChart';
import { fmtBytes, fmtCompact, fmtCreated, fmtDuration, fmtInt } from '../../format';
import { useJob } from '../../jobs';
import { color, thin } from '../runs/curves';
import { RunChart } from '../runs/RunChart';
import { fmtLoss, StatusBadge } from '../runs/RunList';
import { LumActions } from './LumRuns';
import { useLumDetail, type LumDetail as Detail, type LumFields } from './lumData';
import { QueryPanel } from './QueryPanel';
import { RankPanel } from './RankPanel';
import { OwnerNote } from '../../components/JobOwner';

const series = (name: string, c: string, metrics: readonly LumMetric[], y: (m: LumMetric) => number): Series => ({
  name,
  color: c,
  points: thin(metrics).map((m) => ({ x: m.step + 1, y: y(m) })),
});

interface Props {
  runId: number;
  runs: LumRun[];
  fields: LumFields | null | undefined;
  onDeleted: (run: LumRun) => void;
}

export function LumDetail({ runId, runs, fields, onDeleted }: Props) {
  const data = useLumDetail(runId);
  if (data === undefined) return <Spinner label={`Loading LUM run ${runId}…`} />;
  if (data === null)
    return (
      <EmptyState title={`LUM run ${runId} could not be loaded`} testid="lum-missing">
        <p>It may have been deleted.</p>
      </EmptyState>
    );
  return <RunView data={data} runs={runs} fields={fields} onDeleted={onDeleted} />;
}

function RunView({ data, runs, fields, onDeleted }: { data: Detail } & Omit<Props, 'runId'>) {
  const { run, metrics, checkpoints } = data;
  const job = useJob(run.jobId);
  const live = run.status === 'running' && job && !job.finished ? job.info : null;
  const charts = useMemo(
    () => ({
      loss: [series('InfoNCE', '#111827', metrics, (m) => m.loss)],
      accuracy: [series('in-batch top-1', color(2), metrics, (m) => 100 * m.accuracy)],
      speed: [series('tokens/s', color(0), metrics.slice(1), (m) => m.tokensPerSecond)],
    }),
    [metrics],
  );
  const r = run.resolved;
  const s = run.summary;
  return (
    <section className="run-detail" data-testid="lum-detail" data-run-id={run.id} data-status={run.status}>
      <header className="run-detail-head">
        <h2>
          #{run.id} {run.name} <StatusBadge status={run.status} />
          <OwnerNote owner={run.owner} running={run.status === 'running'} />
        </h2>
        <LumActions run={run} onDeleted={onDeleted} />
      </header>

      {run.status === 'running' && (
        <div className="job-progress" data-testid="lum-live">
          <ProgressBar done={live?.done ?? run.stepsDone} total={live?.total ?? run.totalSteps} label="LUM training progress" />
          <div className="job-progress-text">
            <span className="job-phase" data-testid="lum-phase">
              {live?.phase ?? 'starting'}
            </span>
            <span>
              {fmtInt(run.stepsDone)} / {run.totalSteps === null ? '?' : fmtInt(run.totalSteps)} steps
            </span>
            <span>ETA {fmtDuration(live?.etaSeconds ?? data.etaSeconds)}</span>
          </div>
        </div>
      )}
      {run.error && (
        <div className="error-box" role="alert" data-testid="lum-error">
          <strong>The run failed:</strong> {run.error}
        </div>
      )}

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

      {s && s.steps > 0 && (
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
      )}

      {(metrics.length > 0 || run.status === 'running') && (
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
      )}

      <QueryPanel run={run} fields={fields} />
      <RankPanel run={run} runs={runs} />
    </section>
  );
}
