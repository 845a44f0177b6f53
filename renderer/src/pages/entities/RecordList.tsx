/** The virtualized record list with its filters: status, label, annotator, text; counts per status. */
import { useCallback, useMemo, useState } from 'react';
import type { PageOf } from '../../../../preload/api';
import type { EntityStats, LabelSet, RecordStatus, RecordSummary } from '../../../../preload/api-entities';
import { call } from '../../client';
import { FilterBox } from '../../components/bits';
import { VirtualTable, type Column, type PageQuery } from '../../components/VirtualTable';
import { useReportError } from '../../errors';
import { fmtInt } from '../../format';
import { useDebounced } from '../../hooks';
import { rememberRecord } from './recordAddress';

export type StatusFilter = RecordStatus | 'any';
export interface ListFilter {
  status: StatusFilter;
  label: string;
  annotator: string;
  text: string;
}
export const NO_FILTER: ListFilter = { status: 'any', label: '', annotator: '', text: '' };

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

const STATUSES: StatusFilter[] = ['any', 'unreviewed', 'accepted', 'rejected', 'disputed'];

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

  const columns = useMemo<Column<RecordSummary>[]>(() => {
    const merged = (r: RecordSummary): RecordSummary => ({ ...r, ...overrides.get(r.id) });
    return [
      {
        key: 'user',
        label: 'User',
        width: '64px',
        render: (r) => <span className={r.id === currentId ? 'ent-current' : undefined}>{r.userExtId}</span>,
        cellTitle: (r) => `user ${r.userExtId}`,
      },
      {
        key: 'text',
        label: 'Text',
        width: 'minmax(120px, 1fr)',
        render: (r) => r.snippet,
        cellTitle: (r) => `user ${r.userExtId}: ${r.snippet}`,
      },
      { key: 'spans', label: 'Spans', width: '50px', align: 'right', render: (r) => merged(r).spans },
      {
        key: 'status',
        label: 'Status',
        width: '90px',
        render: (r) => {
          const s = merged(r).status;
          return <span className={`ent-status ent-status-${s}`}>{s}</span>;
        },
      },
      {
        key: 'who',
        label: 'Annotators',
        width: '96px',
        render: (r) =>
          merged(r)
            .annotators.filter((a) => !a.startsWith('@'))
            .join(', ') || <span className="muted">—</span>,
        cellTitle: (r) => merged(r).annotators.join(', '),
      },
    ];
  }, [overrides, currentId]);

  const count = (s: StatusFilter): number | null => (stats ? (s === 'any' ? stats.records : stats.byStatus[s]) : null);

  return (
    <div className="ent-list" data-testid="ent-list-pane">
      <div className="ent-status-tabs" role="tablist" aria-label="Status">
        {STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={filter.status === s}
            className={`ent-status-tab${filter.status === s ? ' current' : ''}`}
            onClick={() => onFilter({ ...filter, status: s })}
            data-testid={`ent-filter-status-${s}`}
          >
            {s} <span className="ent-count">{count(s) === null ? '' : fmtInt(count(s) ?? 0)}</span>
          </button>
        ))}
      </div>
      <div className="ent-filters">
        <FilterBox value={filter.text} onChange={(v) => onFilter({ ...filter, text: v })} placeholder="Search text" />
        <select
          value={filter.label}
          onChange={(e) => onFilter({ ...filter, label: e.target.value })}
          aria-label="Label"
          data-testid="ent-filter-label"
        >
          <option value="">any label</option>
          {(labels?.labels ?? []).map((l) => (
            <option key={l.name} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
        <input
          list="ent-annotators"
          value={filter.annotator}
          placeholder="annotator"
          aria-label="Annotator"
          onChange={(e) => onFilter({ ...filter, annotator: e.target.value })}
          data-testid="ent-filter-annotator"
          maxLength={60}
          className="ent-annotator-filter"
        />
        <datalist id="ent-annotators">
          {(stats?.annotators ?? []).map((a) => (
            <option key={a.annotator} value={a.annotator} />
          ))}
        </datalist>
        <span className="table-total" data-testid="ent-list-total">
          {total === null ? '…' : `${fmtInt(total)} records`}
        </span>
      </div>
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
