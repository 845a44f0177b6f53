/** The Evaluation page's parts: the run and split pickers, and the report of the picked run (or what to do first). */
import type { DatasetSummary } from '../../../../preload/api';
import type { ExampleSplit } from '../../../../preload/api-templates';
import type { Run } from '../../../../preload/api-training';
import { EmptyState, Spinner } from '../../components/bits';
import { hrefFor, type EvaluationRoute } from '../../route';
import { SPLITS } from '../generations/genForm';
import { familyCaption } from './captions';
import { Failures } from './Failures';
import { ReportView } from './ReportView';
import type { EvaluationState } from './useEvaluation';

interface PickerProps {
  ready: Run[];
  run: Run | null;
  route: EvaluationRoute;
  go: (runId: number, split: ExampleSplit) => void;
}

export function EvalPickers({ ready, run, route, go }: PickerProps) {
  return (
    <div className="toolbar eval-pickers">
      <label className="gen-filter">
        Run
        <select value={run?.id ?? ''} data-testid="eval-run" onChange={(e) => go(Number(e.target.value), route.split)}>
          {run === null && <option value="">pick a run</option>}
          {ready.map((r) => (
            <option key={r.id} value={r.id}>
              #{r.id} {r.name}
            </option>
          ))}
        </select>
      </label>
      <label className="gen-filter">
        Split
        <select
          value={route.split}
          data-testid="eval-split"
          disabled={!run}
          onChange={(e) => run && go(run.id, e.target.value as ExampleSplit)}
        >
          {SPLITS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The picked run's report: metrics per family with captions, notes, and example failures of the sequential family. */
export function EvalReport({ dataset, route, e }: { dataset: DatasetSummary; route: EvaluationRoute; e: EvaluationState & { run: Run } }) {
  const { report, run, seed, failureSet, limitOf, decodingOf } = e;
  return (
    <>
      {report === undefined ? (
        <Spinner label="Scoring…" />
      ) : report === null ? null : report.families.length === 0 ? (
        <EmptyState title={`No generations of run #${run.id} on ${route.split} yet`} testid="eval-empty">
          <p>
            <a href={hrefFor({ page: 'generations', datasetId: dataset.id, view: 'list', runId: run.id })} data-testid="eval-generate-link">
              Generate from it on the Generations page
            </a>{' '}
            (the sequential family for next-item metrics, rating for RMSE), then its metrics appear here.
          </p>
        </EmptyState>
      ) : (
        <>
          <ReportView report={report} caption={(f) => familyCaption(f.family, report.split, seed, limitOf(f.sets), decodingOf(f.sets))} />
          {report.notes.length > 0 && (
            <ul className="eval-notes-list" data-testid="eval-notes">
              {report.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {failureSet && <Failures datasetId={dataset.id} items={dataset.items} setId={failureSet.id} total={failureSet.total} />}
        </>
      )}
    </>
  );
}
