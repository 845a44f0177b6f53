/**
 * The Evaluation page of a dataset (issue #6): a run's metrics per family on a split, seen and unseen templates
 * apart and per template, with example failures; beside it the dataset's classic baselines on the same splits.
 */
import type { DatasetSummary } from '../../../../preload/api';
import { EmptyState, Spinner } from '../../components/bits';
import { hrefFor, type EvaluationRoute } from '../../route';
import { BaselinesPanel } from './BaselinesPanel';
import { EvalPickers, EvalReport } from './EvalParts';
import { useEvaluation } from './useEvaluation';
import { PageHeader } from '../../components/PageHeader';

export function EvaluationPage({ dataset, route }: { dataset: DatasetSummary; route: EvaluationRoute }) {
  const e = useEvaluation(dataset, route);
  const { ready, pickId, run, report, seed, runLabel, go } = e;
  return (
    <section className="page eval-page" data-testid="evaluation-page">
      <PageHeader
        title="Evaluation"
        sub={
          <>
            A run&apos;s generations on <strong>{dataset.name}</strong> scored as P5 and RecSysLLM report them, beside classic baselines
            computed inside the studio on the same splits.
          </>
        }
      >
        {ready && ready.length > 0 && <EvalPickers ready={ready} run={run} route={route} go={go} />}
      </PageHeader>

      {ready === undefined || (ready && ready.length > 0 && pickId === undefined) ? (
        <Spinner label="Loading runs…" />
      ) : ready === null ? null : ready.length === 0 ? (
        <EmptyState title="No trained run yet" testid="eval-no-runs">
          <p>
            Evaluation scores a run&apos;s generations.{' '}
            <a href={hrefFor({ page: 'runs', datasetId: dataset.id, view: 'list' })}>Train one on the Runs page</a>, generate from it, then
            come back.
          </p>
        </EmptyState>
      ) : run === null ? (
        <EmptyState title={`Run ${route.runId ?? ''} has no checkpoint here`} testid="eval-run-missing">
          <p>Pick another run above; it may have been deleted or not have trained a step yet.</p>
        </EmptyState>
      ) : (
        <div className="eval-layout">
          <div className="eval-main">
            <EvalReport dataset={dataset} route={route} e={{ ...e, run }} />
          </div>
          <div className="eval-side">
            <BaselinesPanel datasetId={dataset.id} report={report ?? null} runLabel={runLabel} seed={seed} split={route.split} />
          </div>
        </div>
      )}
    </section>
  );
}
