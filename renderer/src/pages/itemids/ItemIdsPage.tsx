/**
 * The Item IDs page of a dataset (issue #10): build identifier sets on the left; on the right the dataset's sets,
 * then one of them (its build's progress, figures, codebook usage, residuals, map and prefix browser); below,
 * every run trained on the dataset compared by the set it used.
 */
import { useCallback, useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import type { ItemIdSet } from '../../../../preload/api-itemids';
import { call } from '../../client';
import { EmptyState, Spinner } from '../../components/bits';
import { useReportError } from '../../errors';
import { jobsStore } from '../../jobs';
import { navigate, type ItemIdsRoute } from '../../route';
import { identifierSetOf } from '../runs/resolvedFacts';
import { useRunList } from '../runs/runsData';
import { BuildForm } from './BuildForm';
import { defaultBuildForm, RECOMMENDED_SCHEME, type BuildForm as BuildFormState } from './buildForm';
import { CompareRuns } from './CompareRuns';
import { IdSetList } from './IdSetList';
import { useComparison, useItemIdSets } from './itemIdsData';
import { SetDetail } from './SetDetail';
import { PageHeader } from '../../components/PageHeader';

/** The set the page shows: the one in the address, else the newest. */
const openSet = (sets: ItemIdSet[], id: number | null): ItemIdSet | null =>
  id === null
    ? sets.reduce<ItemIdSet | null>((a, s) => (a === null || s.id > a.id ? s : a), null)
    : (sets.find((s) => s.id === id) ?? null);

export function ItemIdsPage({ dataset, route }: { dataset: DatasetSummary; route: ItemIdsRoute }) {
  const report = useReportError();
  const sets = useItemIdSets(dataset.id);
  const runs = useRunList(dataset.id);
  const comparison = useComparison(dataset.id);
  const [form, setFormState] = useState<BuildFormState>(() => defaultBuildForm());
  const [build, setBuild] = useState<{ setId: number; jobId: string } | null>(null);
  const [asking, setAsking] = useState(false);
  const open = sets ? openSet(sets, route.setId) : null;

  const setForm = useCallback((change: (f: BuildFormState) => BuildFormState) => setFormState(change), []);
  const started = useCallback(
    (setId: number, jobId: string, label: string) => {
      jobsStore.track(jobId, 'itemids', label);
      setBuild({ setId, jobId });
      navigate({ page: 'itemids', datasetId: dataset.id, setId });
    },
    [dataset.id],
  );
  const buildRecommended = async (): Promise<void> => {
    setAsking(true);
    try {
      const r = await call('itemids.build', { datasetId: dataset.id, scheme: RECOMMENDED_SCHEME });
      started(r.setId, r.jobId, `identifiers ${RECOMMENDED_SCHEME}`);
    } catch (e) {
      report(e, 'Building the recommended identifier set');
    } finally {
      setAsking(false);
    }
  };
  const usedBy = (setId: number): string[] => (runs ?? []).filter((r) => identifierSetOf(r)?.id === setId).map((r) => `#${r.id} ${r.name}`);
  const deleting = (s: ItemIdSet): void => {
    if (route.setId === s.id) navigate({ page: 'itemids', datasetId: dataset.id, setId: null });
  };

  return (
    <section className="page run-page ids-page" data-testid="itemids-page">
      <PageHeader
        title="Item IDs"
        sub={
          <>
            How the items of <strong>{dataset.name}</strong> are written when a model reads and generates them. A run picks a set with “Item
            identifiers” on the Runs page; its codes join the vocabulary and the constrained beam walks them.
          </>
        }
      />
      <div className="run-layout">
        <aside className="run-form-col">
          <BuildForm datasetId={dataset.id} items={dataset.items} form={form} setForm={setForm} onStarted={started} />
        </aside>
        <div className="run-main">
          {sets === undefined ? (
            <Spinner label="Loading identifier sets…" />
          ) : sets === null ? null : sets.length === 0 ? (
            <EmptyState title="No identifier sets yet" testid="ids-empty">
              <p>
                Runs write each item as its title unless they are given a set. Titles are long and say nothing of what an item is bought
                with; a set gives every item a short code instead. Semantic IDs quantize what is known of each item (its text and the items
                it is consumed with) level by level, so similar items share their first codes and the model learns them together — the
                recommended start. Other schemes are on the left.
              </p>
              <button
                type="button"
                className="button primary"
                disabled={asking}
                data-testid="ids-build-recommended"
                onClick={() => void buildRecommended()}
              >
                {asking ? 'Starting…' : 'Build semantic IDs'}
              </button>
            </EmptyState>
          ) : (
            <>
              <IdSetList datasetId={dataset.id} sets={sets} openId={open?.id ?? null} usedBy={usedBy} onDeleting={deleting} />
              {open ? (
                <SetDetail key={open.id} dataset={dataset} set={open} jobId={build?.setId === open.id ? build.jobId : null} />
              ) : (
                <EmptyState title={`Identifier set ${route.setId ?? ''} is not here`} testid="ids-missing">
                  <p>It may have been deleted. Pick one in the list above.</p>
                </EmptyState>
              )}
            </>
          )}
        </div>
      </div>
      <CompareRuns datasetId={dataset.id} rows={comparison} />
    </section>
  );
}
