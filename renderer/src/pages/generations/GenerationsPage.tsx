/**
 * The Generations page of a dataset (issue #6): start a set from a run's checkpoint on the left; on the right
 * the sets of the dataset's runs (status, progress, resume, delete), then the open set's rows.
 */
import { useCallback, useMemo } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import { EmptyState, Spinner } from '../../components/bits';
import { jobsStore } from '../../jobs';
import { hrefFor, navigate, type GenerationsRoute } from '../../route';
import { useRunList } from '../runs/runsData';
import { useGenerationSets } from './genData';
import { GenerationForm } from './GenerationForm';
import { SetList } from './SetList';
import { useGenFormState } from './useGenFormState';
import { SetRows } from './SetRows';
import { PageHeader } from '../../components/PageHeader';

export function GenerationsPage({ dataset, route }: { dataset: DatasetSummary; route: GenerationsRoute }) {
  const runs = useRunList(dataset.id);
  const ready = useMemo(() => (runs ? runs.filter((r) => r.lastCheckpoint !== null) : runs), [runs]);
  const runIds = useMemo(() => (runs ? runs.map((r) => r.id) : runs), [runs]);
  const sets = useGenerationSets(runIds);
  const { form, setForm } = useGenFormState(ready, route.view === 'list' ? route.runId : null);

  const started = useCallback(
    (setId: number, jobId: string, label: string) => {
      jobsStore.track(jobId, 'generate', label);
      navigate({ page: 'generations', datasetId: dataset.id, view: 'set', setId, outcome: 'any' });
    },
    [dataset.id],
  );

  const openId = route.view === 'set' ? route.setId : null;
  const open = openId === null ? null : (sets?.find((s) => s.id === openId) ?? null);

  const setList =
    sets === undefined ? (
      <Spinner label="Loading sets…" />
    ) : sets === null ? null : sets.length === 0 ? (
      <EmptyState title="No generations yet" testid="gen-empty">
        <p>
          {ready && ready.length > 0
            ? 'Pick a run, a family and the templates on the left and press Generate: the set and its rows appear here.'
            : 'Once a run has a checkpoint, generate from it here.'}
        </p>
      </EmptyState>
    ) : (
      <SetList datasetId={dataset.id} sets={sets} runs={runs ?? []} openId={openId} />
    );

  return (
    <section className="page gen-page" data-testid="generations-page">
      <PageHeader
        title="Generations"
        sub={
          <>
            Outputs of <strong>{dataset.name}</strong>&apos;s runs over a split, one set per family and checkpoint. Item families rank the
            catalog with a beam constrained to real items; sets run in a worker and resume where they stopped.
          </>
        }
      />
      {route.view === 'set' ? (
        <>
          <div className="toolbar">
            <a
              className="button small"
              href={hrefFor({
                page: 'generations',
                datasetId: dataset.id,
                view: 'list',
                runId: form.runId === null ? (open?.runId ?? null) : null,
              })}
              data-testid="gen-new-set"
            >
              ← New set
            </a>
          </div>
          {setList}
          {open ? (
            <SetRows datasetId={dataset.id} items={dataset.items} set={open} outcome={route.outcome} />
          ) : sets === undefined ? null : (
            <EmptyState title={`Set ${route.setId} is not one of this dataset's`} testid="gen-set-missing">
              <p>It may have been deleted.</p>
            </EmptyState>
          )}
        </>
      ) : (
        <div className="run-layout">
          <aside className="run-form-col">
            {ready === undefined ? (
              <Spinner label="Loading runs…" />
            ) : ready === null ? null : ready.length === 0 ? (
              <EmptyState title="No trained run yet" testid="gen-no-runs">
                <p>
                  Generation starts from a run&apos;s checkpoint.{' '}
                  <a href={hrefFor({ page: 'runs', datasetId: dataset.id, view: 'list' })}>Train one on the Runs page</a>, then come back.
                </p>
              </EmptyState>
            ) : (
              <GenerationForm runs={ready} form={form} setForm={setForm} onStarted={started} />
            )}
          </aside>
          <div className="run-main">{setList}</div>
        </div>
      )}
    </section>
  );
}
