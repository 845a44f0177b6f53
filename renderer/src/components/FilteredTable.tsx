/**
 * A page's filtered, sortable, virtualized table with its toolbar (the filter box and the count of what matches):
 * the block the Browse tables repeated. The sort, direction and filter live in the table state (kept per `stateKey`).
 */
import { useCallback, useState } from 'react';
import type { PageOf } from '../../../preload/api';
import { useReportError } from '../errors';
import { fmtInt } from '../format';
import { FilterBox } from './bits';
import { useTableState } from './tableState';
import { VirtualTable, type Column, type PageQuery } from './VirtualTable';

export function TableToolbar(p: {
  filter: string;
  setFilter: (s: string) => void;
  /** The filter the shown total belongs to (the debounced one). */
  active: string;
  total: number | null;
  noun: string;
  placeholder: string;
}) {
  return (
    <div className="toolbar">
      <FilterBox value={p.filter} onChange={p.setFilter} placeholder={p.placeholder} />
      <span className="table-total" data-testid="table-total" data-total={p.total ?? ''} aria-live="polite">
        {p.total === null ? 'counting…' : `${fmtInt(p.total)} ${p.noun}${p.active ? ' match' : ''}`}
      </span>
    </div>
  );
}

export interface TableQuery extends PageQuery {
  sort: string;
  dir: 'asc' | 'desc';
  filter: string;
}

interface FilteredTableProps<R> {
  /** Where the sort and filter are kept (per dataset and table). */
  stateKey: string;
  /** Plural noun of a row ("users"), for the count, the placeholder, the empty text and the error. */
  noun: string;
  testid: string;
  label: string;
  columns: Column<R>[];
  fetchPage: (q: TableQuery) => Promise<PageOf<R>>;
  /** What else, beside sort and filter, makes the rows different (a new split, say). */
  queryKey: string;
  rowKey: (r: R) => number;
  onRowActivate?: (r: R) => void;
  minWidth: number;
  /** Says what there is of none (no filter). */
  emptyText: string;
}

export function FilteredTable<R>(p: FilteredTableProps<R>) {
  const report = useReportError();
  const t = useTableState(p.stateKey, { sort: 'id', dir: 'asc' });
  const [total, setTotal] = useState<number | null>(null);
  const { fetchPage: fetchRows, noun } = p;
  const fetchPage = useCallback(
    (q: PageQuery) => fetchRows({ ...q, sort: t.sort, dir: t.dir, filter: t.debouncedFilter }),
    [fetchRows, t.sort, t.dir, t.debouncedFilter],
  );
  const onError = useCallback((err: unknown) => report(err, `Loading ${noun}`), [report, noun]);
  return (
    <>
      <TableToolbar
        filter={t.filter}
        setFilter={t.setFilter}
        active={t.debouncedFilter}
        total={total}
        noun={noun}
        placeholder={`Filter ${noun}…`}
      />
      <VirtualTable
        testid={p.testid}
        label={p.label}
        columns={p.columns}
        queryKey={`${p.queryKey}:${t.sort}:${t.dir}:${t.debouncedFilter}`}
        fetchPage={fetchPage}
        rowKey={p.rowKey}
        sort={t.sort}
        dir={t.dir}
        onSort={t.toggleSort}
        onTotal={setTotal}
        onError={onError}
        {...(p.onRowActivate ? { onRowActivate: p.onRowActivate } : {})}
        emptyText={t.debouncedFilter ? `No ${noun} match “${t.debouncedFilter}”.` : p.emptyText}
        minWidth={p.minWidth}
      />
    </>
  );
}
