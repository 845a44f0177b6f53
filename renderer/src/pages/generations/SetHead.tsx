/** An open set's heading: what it generated and how, its live progress while it runs, its failure. */
import type { GenerationSet } from '../../../../preload/api-generation';
import { OwnerNote } from '../../components/JobOwner';
import { LiveProgress } from '../../components/LiveProgress';
import { fmtInt } from '../../format';
import { useJob } from '../../jobs';
import { hrefFor } from '../../route';
import { describeDecoding, describeSet, describeSpeed, SetStatus } from './setDescriptions';

export function SetHead({ datasetId, set, itemFamily }: { datasetId: number; set: GenerationSet; itemFamily: boolean }) {
  const job = useJob(set.jobId);
  return (
    <>
      <header className="gen-set-head">
        <h2>
          Set #{set.id} <SetStatus status={set.status} />
          <OwnerNote owner={set.owner} running={set.status === 'running'} />
        </h2>
        <span className="muted">
          {describeSet(set)} · run #{set.runId} at step {set.checkpoint} · {describeDecoding(set)}
          {itemFamily && (set.excludeHistory ? ' · history excluded' : ' · history allowed')}
          {describeSpeed(set) && ` · ${describeSpeed(set)}`}
        </span>
        <a
          className="button small"
          href={hrefFor({ page: 'evaluation', datasetId, runId: set.runId, split: set.split })}
          data-testid="gen-set-evaluate"
        >
          Evaluate run #{set.runId}
        </a>
      </header>
      {set.status === 'running' && (
        <LiveProgress
          testid="gen-set-live"
          done={set.done}
          total={set.total}
          label={`set ${set.id} progress`}
          phase={job?.info.phase ?? 'starting'}
        >
          <span>
            {fmtInt(set.done)} / {set.total === null ? '?' : fmtInt(set.total)} examples
          </span>
        </LiveProgress>
      )}
      {set.error && (
        <div className="error-box" role="alert">
          <strong>The set failed:</strong> {set.error}
        </div>
      )}
    </>
  );
}
