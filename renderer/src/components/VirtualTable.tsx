/**
 * A virtualized table that stays smooth at millions of rows: fixed row height, only the rows in
 * view (plus a few) are in the DOM, rows are fetched a page at a time on demand and cached per page
 * (the cache is dropped when the query — dataset, sort, filter — changes). Past the height a browser
 * can scroll (~16M px), scroll positions are scaled onto the rows, so row 1,000,000 is still reachable.
 *
 * Keyboard: the table body is focusable; ↑/↓, PgUp/PgDn, Home/End move the active row, Enter opens it.
 */
import { useCallback, useEffect, useLayoutEffect, useState, type ReactNode } from 'react';
import type { PageOf } from '../../../preload/api';
import { useFetchInView, usePageCache } from './virtualTable/pageCache';
import { tableKeyHandler } from './virtualTable/tableKeys';
import type { Column, PageQuery, SortDir } from './virtualTable/types';
import { useScrollWindow } from './virtualTable/useScrollWindow';
import { VirtualHeader } from './virtualTable/VirtualHeader';
import { virtualRows } from './virtualTable/VirtualRows';

export type { Column, PageQuery, SortDir } from './virtualTable/types';

interface VirtualTableProps<R> {
  columns: Column<R>[];
  /** Identifies the result set: any change (dataset, sort, direction, filter, reload token) drops the cache and scrolls to the top. */
  queryKey: string;
  fetchPage: (q: PageQuery) => Promise<PageOf<R>>;
  rowKey: (row: R) => string | number;
  testid: string;
  label: string;
  emptyText: ReactNode;
  sort?: string;
  dir?: SortDir;
  onSort?: (sortKey: string) => void;
  onRowActivate?: (row: R, index: number) => void;
  onTotal?: (total: number | null) => void;
  onError?: (err: unknown) => void;
  rowHeight?: number;
  pageSize?: number;
  minWidth?: number;
  className?: string;
}

function RetryBar({ onRetry }: { onRetry: () => void }) {
  return (
    <div className="vt-failed">
      Some rows could not be loaded.{' '}
      <button type="button" className="link-button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

export function VirtualTable<R>(props: VirtualTableProps<R>) {
  const { columns, queryKey, fetchPage, rowKey, testid, label, emptyText, onRowActivate, onTotal, onError } = props;
  const rowHeight = props.rowHeight ?? 34;
  const pageSize = props.pageSize ?? 200;
  const [, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const [active, setActive] = useState<number | null>(null);
  const { cache, load, rowAt } = usePageCache({ queryKey, fetchPage, pageSize, bump, onError });
  const total = cache.total;
  const win = useScrollWindow(queryKey, total, rowHeight, pageSize);
  useFetchInView(cache, load, win.firstPage, win.lastPage, pageSize);
  // A new query has no active row.
  useLayoutEffect(() => setActive(null), [queryKey]);
  useEffect(() => {
    onTotal?.(total);
  }, [total, onTotal]);

  const template = columns.map((c) => c.width).join(' ');
  const rows = virtualRows({
    columns,
    first: win.first,
    last: win.last,
    rowAt,
    pageFailed: (i) => cache.failed.has(Math.floor(i / pageSize)),
    topOf: (i) => i * rowHeight - win.realTop + win.scrollTop,
    rowHeight,
    template,
    testid,
    rowKey,
    active,
    clickable: onRowActivate !== undefined,
    onActivate: (i) => {
      setActive(i);
      const row = rowAt(i);
      if (row !== undefined) onRowActivate?.(row, i);
    },
  });
  return (
    <div className={`vt${props.className ? ` ${props.className}` : ''}`} data-testid={testid} data-total={total ?? ''}>
      <div
        ref={win.scrollRef}
        className="vt-scroll"
        role="table"
        aria-label={label}
        aria-rowcount={total === null ? -1 : total + 1}
        tabIndex={0}
        onKeyDown={tableKeyHandler({ win, total, rowHeight, active, setActive, rowAt, onRowActivate })}
        onScroll={(e) => win.setScrollTop(e.currentTarget.scrollTop)}
      >
        <div className="vt-inner" style={{ minWidth: props.minWidth }}>
          <VirtualHeader columns={columns} template={template} testid={testid} sort={props.sort} dir={props.dir} onSort={props.onSort} />
          <div
            className="vt-body"
            style={{ height: total === 0 ? win.bodyViewport : Math.max(win.scrollHeight, total === null ? win.bodyViewport : 0) }}
          >
            {total === 0 ? (
              <div className="vt-empty" data-testid={`${testid}-empty`}>
                {emptyText}
              </div>
            ) : (
              rows
            )}
          </div>
        </div>
      </div>
      {cache.failed.size > 0 && (
        <RetryBar
          onRetry={() => {
            cache.failed.clear();
            bump();
          }}
        />
      )}
    </div>
  );
}
