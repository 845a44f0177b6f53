/** The virtualized record list with its filters: status, label, annotator, text; counts per status. */
import { useCallback, useMemo, useState } from 'react';
import type { PageOf } from '../../../../preload/api';
import type { EntityStats, LabelSet, RecordSummary } from '../../../../preload/api-entities';
import { call } from '../../client';
import { VirtualTable, type PageQuery } from '../../components/VirtualTable';
import { useReportError } from '../../errors';
import { useDebounced } from '../../hooks';
import type { ListFilter } from './listFilter';
import { recordColumns } from './recordColumns';
import { RecordFilters } from './RecordFilters';
import { rememberRecord } from './recordAddress';

interface RecordListProps {
  datasetId: number;
  labels: LabelSet | null;
  stats: EntityStats | null;
  filter: ListFilter;
  onFilter: (f: ListFilter) => void;
  currentId: number | null;
  onOpen: (recordId: number) => void;
  /** Rows the editor changed since the list was fetched. */
  overrides: ReadonlyMap<number, Partial<RecordSummary>>;
  reloadToken: number;
}

export function RecordList({ datasetId, labels, stats, filter, onFilter, currentId, onOpen, overrides, reloadToken }: RecordListProps) {
  const report = useReportError();
  const [total, setTotal] = useState<number | null>(null);
  const text = useDebounced(filter.text.trim(), 250);
  const annotator = useDebounced(filter.annotator.trim(), 350);

  const query = useMemo(
    () => ({
      status: filter.status,
      ...(filter.label ? { label: filter.label } : {}),
      ...(annotator ? { annotator } : {}),
      ...(text ? { text } : {}),
    }),
    [filter.status, filter.label, annotator, text],
  );
  const fetchPage = useCallback(
    (q: PageQuery): Promise<PageOf<RecordSummary>> =>
      call('entities.records.list', { datasetId, offset: q.offset, limit: q.limit, filter: query }).then((p) => {
        for (const r of p.rows) rememberRecord(datasetId, r.id, r.userExtId);
        return p;
      }),
    [datasetId, query],
  );

  const columns = useMemo(() => recordColumns(overrides, currentId), [overrides, currentId]);

  return (
    <div className="ent-list" data-testid="ent-list-pane">
      <RecordFilters filter={filter} onFilter={onFilter} labels={labels} stats={stats} total={total} />
      <VirtualTable
        columns={columns}
        queryKey={`${datasetId}|${JSON.stringify(query)}|${reloadToken}`}
        fetchPage={fetchPage}
        rowKey={(r) => r.id}
        testid="ent-list"
        label="Records"
        emptyText="No record matches these filters."
        onRowActivate={(r) => onOpen(r.id)}
        onTotal={setTotal}
        onError={(e) => report(e, 'Loading records')}
        rowHeight={32}
        pageSize={200}
      />
    </div>
  );
}
