/** Annotating: the filtered record list beside the span editor, whose j/k follow the list as filtered (issue #13). */
import { useMemo } from 'react';
import type { EntityStats, RecordDetail, RecordSummary } from '../../../../preload/api-entities';
import { call } from '../../client';
import { filteredNeighbour, filterQuery, sameFilter } from './neighbours';
import { NO_FILTER, type ListFilter } from './listFilter';
import { RecordList } from './RecordList';
import type { useLabelSet } from './shared';
import { SpanEditor } from './SpanEditor';

interface AnnotatePaneProps {
  datasetId: number;
  labels: ReturnType<typeof useLabelSet>;
  stats: EntityStats;
  filter: ListFilter;
  onFilter: (f: ListFilter) => void;
  recordId: number | null;
  onOpen: (id: number) => void;
  overrides: ReadonlyMap<number, Partial<RecordSummary>>;
  reloadToken: number;
  annotator: string;
  onUpdated: (d: RecordDetail) => void;
}

export function AnnotatePane({
  datasetId,
  labels,
  stats,
  filter,
  onFilter,
  recordId,
  onOpen,
  overrides,
  reloadToken,
  annotator,
  onUpdated,
}: AnnotatePaneProps) {
  const neighbour = useMemo(() => {
    if (sameFilter(filter, NO_FILTER)) return undefined;
    const query = filterQuery(filter);
    return (from: number, dir: 1 | -1) =>
      filteredNeighbour((offset, limit) => call('entities.records.list', { datasetId, offset, limit, filter: query }), from, dir);
  }, [filter, datasetId]);

  return (
    <div className="ent-annotate">
      <RecordList
        datasetId={datasetId}
        labels={labels.set}
        stats={stats}
        filter={filter}
        onFilter={onFilter}
        currentId={recordId}
        onOpen={onOpen}
        overrides={overrides}
        reloadToken={reloadToken}
      />
      <div className="ent-editor-pane card">
        {recordId === null ? (
          <p className="muted">Choose a record on the left.</p>
        ) : (
          <SpanEditor
            key={`${recordId}|${annotator}`}
            recordId={recordId}
            annotator={annotator}
            labels={labels.set}
            colours={labels.colours}
            onNavigate={onOpen}
            onUpdated={onUpdated}
            {...(neighbour ? { neighbour } : {})}
          />
        )}
      </div>
    </div>
  );
}
