/**
 * The Evaluation page of a dataset (issue #6): a run's metrics per family on a split, seen and unseen templates
 * apart and per template, with example failures; beside it the dataset's classic baselines on the same splits.
 */
import type { DatasetSummary } from '../../../../preload/api';
import type { ExampleSplit } from '../../../../preload/api-templates';
import { EmptyState, Spinner } from '../../components/bits';
import { hrefFor, navigate, type EvaluationRoute } from '../../route';
import { runFacts, SPLITS } from '../generations/genForm';
import { useGenerationSets } from '../generations/genData';
import { describeDecoding } from '../generations/SetList';
import { useRunList } from '../runs/runsData';
import { BaselinesPanel } from './BaselinesPanel';
import { familyCaption } from './captions';
import { useReport } from './evalData';
import { Failures } from './Failures';
import { ReportView } from './ReportView';

export function EvaluationPage({ dataset, route }: { dataset: DatasetSummary; route: EvaluationRoute }) {
  const runs = useRunList(dataset.id);
  const ready = runs ? runs.filter((r) => r.lastCheckpoint !== null) : runs;
  const allSets = useGenerationSets(ready ? ready.map((r) => r.id) : ready);
  // Without a run in the address, open the run generated from last (its newest set), not merely the newest run.
  const pickId = route.runId ?? (allSets === undefined ? undefined : (allSets?.[0]?.runId ?? ready?.[0]?.id ?? null));
  const run = ready && pickId !== undefined ? (ready.find((r) => r.id === pickId) ?? null) : null;
  const report = useReport(run?.id ?? null, route.split);
  const sets = allSets ? allSets.filter((s) => s.runId === run?.id) : allSets;
  const seed = run ? runFacts(run).splitSeed : 1;
  const runLabel = run ? `run #${run.id}` : 'run';
  const go = (runId: number, split: ExampleSplit): void => navigate({ page: 'evaluation', datasetId: dataset.id, runId, split });

  const sequential = report?.families.find((f) => f.family === 'sequential') ?? null;
  const failureSet = sequential ? (sets?.find((s) => s.id === sequential.sets[0]) ?? null) : null;
  const limitOf = (setIds: readonly number[]): number | null => {
    const limits = (sets ?? []).filter((s) => setIds.includes(s.id) && s.limit !== null).map((s) => s.limit as number);
    return limits.length ? Math.max(...limits) : null;
  };
  const decodingOf = (setIds: readonly number[]): string =>
    (sets ?? [])
      .filter((s) => setIds.includes(s.id))
      .map((s) => `set #${s.id} ${describeDecoding(s)}`)
      .join('; ');

  return (
    <section className="page eval-page" data-testid="evaluation-page">
      <header className="page-header">
        <div>
          <h1>Evaluation</h1>
          <p className="page-sub">
            A run&apos;s generations on <strong>{dataset.name}</strong> scored as P5 and RecSysLLM report them, beside classic baselines
            computed inside the studio on the same splits.
          </p>
        </div>
        {ready && ready.length > 0 && (
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
        )}
      </header>

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
            {report === undefined ? (
              <Spinner label="Scoring…" />
            ) : report === null ? null : report.families.length === 0 ? (
              <EmptyState title={`No generations of run #${run.id} on ${route.split} yet`} testid="eval-empty">
                <p>
                  <a
                    href={hrefFor({ page: 'generations', datasetId: dataset.id, view: 'list', runId: run.id })}
                    data-testid="eval-generate-link"
                  >
                    Generate from it on the Generations page
                  </a>{' '}
                  (the sequential family for next-item metrics, rating for RMSE), then its metrics appear here.
                </p>
              </EmptyState>
            ) : (
              <>
                <ReportView
                  report={report}
                  caption={(f) => familyCaption(f.family, report.split, seed, limitOf(f.sets), decodingOf(f.sets))}
                />
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
          </div>
          <div className="eval-side">
            <BaselinesPanel datasetId={dataset.id} report={report ?? null} runLabel={runLabel} seed={seed} split={route.split} />
          </div>
        </div>
      )}
    </section>
  );
}
