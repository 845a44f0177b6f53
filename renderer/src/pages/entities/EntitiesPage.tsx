/**
 * The Entities page of a dataset: textualize it, then annotate its records' entity spans (record list + span
 * editor), manage labels, pre-annotate, edit the textualization profile, see agreement and adjudicate, export/import.
 */
import { useCallback, useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import type { RecordDetail } from '../../../../preload/api-entities';
import { EmptyState, Spinner } from '../../components/bits';
import { hrefFor, navigate, type EntitiesView } from '../../route';
import { AgreementView } from './AgreementView';
import { AnnotatePane } from './AnnotatePane';
import { EntitiesHeader, type Tool } from './EntitiesHeader';
import { EntitiesTabs, EntityTools, TextualizeConflict, TextualizeEmpty, TextualizeStatus } from './EntitiesParts';
import { ProfileView } from './ProfileView';
import { NO_FILTER, type ListFilter } from './listFilter';
import { recordRoute, useRecordAddress } from './recordAddress';
import { useAnnotator, useLabelSet } from './shared';
import { useEntityStats, useOpenFirstRecord } from './useEntityStats';
import { useTextualize } from './useTextualize';

const filters = new Map<number, ListFilter>();

interface EntitiesPageProps {
  dataset: DatasetSummary;
  view: EntitiesView;
  /** The record by the studio's id (older addresses), or by its user's id in the dataset (`user`). */
  recordId: number | null;
  user?: string | undefined;
}

export function EntitiesPage({ dataset, view, recordId: addressed, user }: EntitiesPageProps) {
  const datasetId = dataset.id;
  const address = useRecordAddress(datasetId, view === 'agreement' ? 'agreement' : 'annotate', addressed, user);
  const recordId = address.recordId;
  const labels = useLabelSet(datasetId);
  const annotator = useAnnotator();
  const [tool, setTool] = useState<Tool>(null);
  const { job, textualize, conflict, setConflict } = useTextualize(datasetId);
  const [filter, setFilterState] = useState<ListFilter>(() => filters.get(datasetId) ?? NO_FILTER);

  const setFilter = useCallback(
    (f: ListFilter) => {
      filters.set(datasetId, f);
      setFilterState(f);
    },
    [datasetId],
  );

  const { stats, overrides, setOverrides, reloadToken } = useEntityStats(datasetId, job?.finished);

  const open = useCallback((id: number) => navigate(recordRoute(datasetId, 'annotate', id)), [datasetId]);

  const onUpdated = useCallback((d: RecordDetail) => {
    setOverrides((m) => {
      const next = new Map(m);
      const annotators = d.annotations.map((a) => a.annotator);
      const shown = d.final ?? d.annotations.find((a) => a.annotator === '@auto')?.spans ?? [];
      next.set(d.id, { status: d.status, annotators, spans: shown.length, adjudicated: d.final !== null });
      return next;
    });
  }, []);

  useOpenFirstRecord(
    datasetId,
    view === 'annotate' && recordId === null && user === undefined && stats !== null && stats.records > 0,
    filters.get(datasetId) ?? NO_FILTER,
  );

  const running = job && !job.finished;
  const empty = stats !== null && stats.records === 0;

  return (
    <section className="page page-fill ent-page" data-testid="entities-page">
      <EntitiesHeader dataset={dataset} stats={stats} annotator={annotator} setTool={setTool} />

      <EntitiesTabs datasetId={datasetId} view={view} recordId={recordId} />

      <TextualizeStatus job={job} />

      {view === 'profile' ? (
        <ProfileView
          datasetId={datasetId}
          colours={labels.colours}
          onTextualize={(p) => void textualize(false, p)}
          running={Boolean(running)}
        />
      ) : stats === null || address.pending ? (
        <Spinner />
      ) : address.missing !== null ? (
        <EmptyState title={`No record for user ${address.missing}`} testid="ent-no-record">
          <p>
            This dataset has no text record of a user with that id (textualized before the user was imported, or a link from another
            dataset). <a href={hrefFor({ page: 'entities', datasetId, view, recordId: null })}>Open the first record</a>.
          </p>
        </EmptyState>
      ) : empty ? (
        <TextualizeEmpty dataset={dataset} running={Boolean(running)} onTextualize={() => void textualize(false)} />
      ) : view === 'agreement' ? (
        <AgreementView datasetId={datasetId} recordId={recordId} adjudicator={annotator.valid} colours={labels.colours} />
      ) : (
        <AnnotatePane
          datasetId={datasetId}
          labels={labels}
          stats={stats}
          filter={filter}
          onFilter={setFilter}
          recordId={recordId}
          onOpen={open}
          overrides={overrides}
          reloadToken={reloadToken}
          annotator={annotator.valid}
          onUpdated={onUpdated}
        />
      )}

      {conflict && (
        <TextualizeConflict
          conflict={conflict}
          onClose={() => setConflict(null)}
          onForce={() => {
            setConflict(null);
            void textualize(true, conflict.profile);
          }}
        />
      )}
      <EntityTools tool={tool} datasetId={datasetId} labels={labels} annotator={annotator} stats={stats} onClose={() => setTool(null)} />
    </section>
  );
}
