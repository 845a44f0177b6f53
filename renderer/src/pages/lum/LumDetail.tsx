/**
 * One LUM run: live progress and the back end it runs on, the InfoNCE and in-batch accuracy curves, the summary and
 * shape, its checkpoints; then querying its knowledge (step 2) and the rankers that use it (step 3).
 */
import type { LumRun } from '../../../../preload/api-lum';
import { EmptyState, Spinner } from '../../components/bits';
import { OwnerNote } from '../../components/JobOwner';
import { LiveProgress } from '../../components/LiveProgress';
import { fmtDuration, fmtInt } from '../../format';
import { useJob } from '../../jobs';
import { StatusBadge } from '../runs/RunList';
import { useLumDetail, type LumDetail as Detail, type LumFields } from './lumData';
import { LumCharts, LumRunFacts, LumSummary } from './LumRunFacts';
import { LumActions } from './LumRuns';
import { QueryPanel } from './QueryPanel';
import { RankPanel } from './RankPanel';

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
  const { run, metrics } = data;
  const job = useJob(run.jobId);
  const live = run.status === 'running' && job && !job.finished ? job.info : null;
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
        <LiveProgress
          testid="lum-live"
          done={live?.done ?? run.stepsDone}
          total={live?.total ?? run.totalSteps}
          label="LUM training progress"
          phase={live?.phase ?? 'starting'}
          phaseTestid="lum-phase"
        >
          <span>
            {fmtInt(run.stepsDone)} / {run.totalSteps === null ? '?' : fmtInt(run.totalSteps)} steps
          </span>
          <span>ETA {fmtDuration(live?.etaSeconds ?? data.etaSeconds)}</span>
        </LiveProgress>
      )}
      {run.error && (
        <div className="error-box" role="alert" data-testid="lum-error">
          <strong>The run failed:</strong> {run.error}
        </div>
      )}

      <LumRunFacts run={run} />

      {s && s.steps > 0 && <LumSummary s={s} />}

      {(metrics.length > 0 || run.status === 'running') && <LumCharts data={data} />}

      <QueryPanel run={run} fields={fields} />
      <RankPanel run={run} runs={runs} />
    </section>
  );
}
