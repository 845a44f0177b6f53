/**
 * A virtualized table that stays smooth at millions of rows: fixed row height, only the rows in
 * view (plus a few) are in the DOM, rows are fetched a page at a time on demand and cached per page
 * (the cache is dropped when the query — dataset, sort, filter — changes). Past the height a browser
 * can scroll (~16M px), scroll positions are scaled onto the rows, so row 1,000,000 is still reachable.
 *
 * Keyboard: the table body is focusable; ↑/↓, PgUp/PgDn, Home/End move the active row, Enter opens it.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { PageOf } from '../../../preload/api';

export type SortDir = 'asc' | 'desc';

export interface Column<R> {
  key: string;
  label: string;
  /** A CSS grid track: '90px', 'minmax(180px, 2fr)', … */
  width: string;
  /** When set, the header is a button that sorts by this key. */
  sortKey?: string;
  align?: 'left' | 'right' | 'center';
  render: (row: R, index: number) => ReactNode;
  /** Full text shown on hover, for cells that truncate. */
  cellTitle?: (row: R) => string | undefined;
}

export interface PageQuery {
  offset: number;
  limit: number;
}

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

const HEADER_HEIGHT = 36;
const MAX_SCROLL_PX = 15_000_000;
const OVERSCAN = 4;
const MAX_CACHED_PAGES = 60;
const FETCH_THROTTLE_MS = 80;
const JUMP_SETTLE_MS = 120;
const MAX_IN_FLIGHT = 4;

interface Cache<R> {
  key: string;
  pages: Map<number, R[]>;
  inFlight: Set<number>;
  failed: Set<number>;
  total: number | null;
}

export function VirtualTable<R>(props: VirtualTableProps<R>) {
  const { columns, queryKey, fetchPage, rowKey, testid, label, emptyText, sort, dir, onSort, onRowActivate, onTotal, onError } = props;
  const rowHeight = props.rowHeight ?? 34;
  const pageSize = props.pageSize ?? 200;

  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const [active, setActive] = useState<number | null>(null);
  const lastFetchAt = useRef(0);

  const cache = useMemo<Cache<R>>(
    () => ({ key: queryKey, pages: new Map(), inFlight: new Set(), failed: new Set(), total: null }),
    [queryKey],
  );

  // A new query starts at the top.
  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    setScrollTop(0);
    setActive(null);
  }, [queryKey]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const total = cache.total;
  const bodyViewport = Math.max(rowHeight, viewport - HEADER_HEIGHT);
  const realHeight = (total ?? 0) * rowHeight;
  const scrollHeight = Math.min(realHeight, MAX_SCROLL_PX);
  const ratio = realHeight > scrollHeight && scrollHeight > bodyViewport ? (realHeight - bodyViewport) / (scrollHeight - bodyViewport) : 1;
  const realTop = scrollTop * ratio;
  const firstVisible = Math.floor(realTop / rowHeight);
  const visibleCount = Math.ceil(bodyViewport / rowHeight) + 1;
  const first = Math.max(0, firstVisible - OVERSCAN);
  const last = total === null ? Math.min(visibleCount, pageSize) : Math.min(total, firstVisible + visibleCount + OVERSCAN); // exclusive
  const firstPage = Math.floor(first / pageSize);
  const lastPage = Math.max(firstPage, Math.floor(Math.max(0, last - 1) / pageSize));

  const load = useCallback(
    (page: number) => {
      cache.inFlight.add(page);
      fetchPage({ offset: page * pageSize, limit: pageSize }).then(
        (res) => {
          cache.inFlight.delete(page);
          cache.failed.delete(page);
          cache.pages.set(page, res.rows);
          cache.total = res.total;
          if (cache.pages.size > MAX_CACHED_PAGES) {
            // Drop the page farthest from the one just loaded.
            let far = page;
            for (const p of cache.pages.keys()) if (Math.abs(p - page) > Math.abs(far - page)) far = p;
            cache.pages.delete(far);
          }
          bump();
        },
        (err: unknown) => {
          cache.inFlight.delete(page);
          cache.failed.add(page);
          onError?.(err);
          bump();
        },
      );
    },
    [cache, fetchPage, pageSize, bump, onError],
  );

  // Fetch the pages in view, throttled so dragging the scrollbar across a million rows asks for the pages it stops on, not every page it passes.
  useEffect(() => {
    const needed: number[] = [];
    const end = total === null ? firstPage : Math.min(lastPage, Math.max(0, Math.ceil(total / pageSize) - 1));
    for (let p = firstPage; p <= end; p++) if (!cache.pages.has(p) && !cache.inFlight.has(p) && !cache.failed.has(p)) needed.push(p);
    if (needed.length === 0 || cache.inFlight.size >= MAX_IN_FLIGHT) return;
    // Scrolling on from loaded rows: throttle. A jump far away (dragging the scrollbar): wait until it settles,
    // so the pages passed over are not queued ahead of the one the user stops on.
    const near = cache.pages.has(firstPage - 1) || cache.pages.has(firstPage) || cache.pages.has(lastPage + 1) || cache.pages.size === 0;
    const wait = near ? Math.max(0, lastFetchAt.current + FETCH_THROTTLE_MS - Date.now()) : JUMP_SETTLE_MS;
    const t = setTimeout(() => {
      lastFetchAt.current = Date.now();
      for (const p of needed.slice(0, MAX_IN_FLIGHT - cache.inFlight.size)) load(p);
    }, wait);
    return () => clearTimeout(t);
  });

  useEffect(() => {
    onTotal?.(total);
  }, [total, onTotal]);

  const template = columns.map((c) => c.width).join(' ');

  const rowAt = (i: number): R | undefined => cache.pages.get(Math.floor(i / pageSize))?.[i % pageSize];

  const scrollToRow = (i: number) => {
    const el = scrollRef.current;
    if (!el) return;
    const top = i * rowHeight;
    let targetReal: number | null = null;
    if (top < realTop) targetReal = top;
    else if (top + rowHeight > realTop + bodyViewport) targetReal = top + rowHeight - bodyViewport;
    if (targetReal !== null) {
      el.scrollTop = Math.round(targetReal / ratio);
      setScrollTop(el.scrollTop);
    }
  };

  const moveTo = (i: number) => {
    if (total === null || total === 0) return;
    const clamped = Math.max(0, Math.min(total - 1, i));
    setActive(clamped);
    scrollToRow(clamped);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor(bodyViewport / rowHeight) - 1);
    const cur = active ?? firstVisible - 1;
    switch (e.key) {
      case 'ArrowDown':
        moveTo(cur + 1);
        break;
      case 'ArrowUp':
        moveTo(active === null ? firstVisible : cur - 1);
        break;
      case 'PageDown':
        moveTo(cur + page);
        break;
      case 'PageUp':
        moveTo(cur - page);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo((total ?? 1) - 1);
        break;
      case 'Enter': {
        const row = active === null ? undefined : rowAt(active);
        if (row !== undefined && active !== null) onRowActivate?.(row, active);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  };

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const row = rowAt(i);
    const top = i * rowHeight - realTop + scrollTop;
    const style = { height: rowHeight, transform: `translateY(${top}px)`, gridTemplateColumns: template };
    if (row === undefined) {
      const failed = cache.failed.has(Math.floor(i / pageSize));
      rows.push(
        <div
          key={`p${i}`}
          role="row"
          aria-rowindex={i + 2}
          className="vt-row vt-row-loading"
          style={style}
          data-testid={`${testid}-row-loading`}
        >
          {columns.map((c, k) => (
            <div role="cell" key={c.key} className="vt-cell">
              {failed ? k === 0 ? <span className="muted">not loaded</span> : null : <span className="skeleton" />}
            </div>
          ))}
        </div>,
      );
      continue;
    }
    rows.push(
      <div
        key={`${rowKey(row)}@${i}`}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={active === i}
        className={`vt-row${i % 2 ? ' vt-row-odd' : ''}${active === i ? ' vt-row-active' : ''}${onRowActivate ? ' vt-row-clickable' : ''}`}
        style={style}
        data-testid={`${testid}-row`}
        data-row-index={i}
        onClick={() => {
          setActive(i);
          onRowActivate?.(row, i);
        }}
      >
        {columns.map((c) => (
          <div
            role="cell"
            key={c.key}
            className={`vt-cell${c.align ? ` align-${c.align}` : ''}`}
            title={c.cellTitle?.(row)}
            data-col={c.key}
          >
            {c.render(row, i)}
          </div>
        ))}
      </div>,
    );
  }

  const failedCount = cache.failed.size;

  return (
    <div className={`vt${props.className ? ` ${props.className}` : ''}`} data-testid={testid} data-total={total ?? ''}>
      <div
        ref={scrollRef}
        className="vt-scroll"
        role="table"
        aria-label={label}
        aria-rowcount={total === null ? -1 : total + 1}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div className="vt-inner" style={{ minWidth: props.minWidth }}>
          <div role="row" aria-rowindex={1} className="vt-header" style={{ gridTemplateColumns: template, height: HEADER_HEIGHT }}>
            {columns.map((c) => {
              const sorted = c.sortKey !== undefined && c.sortKey === sort;
              return (
                <div
                  role="columnheader"
                  key={c.key}
                  className={`vt-cell vt-head${c.align ? ` align-${c.align}` : ''}`}
                  aria-sort={sorted ? (dir === 'desc' ? 'descending' : 'ascending') : undefined}
                >
                  {c.sortKey && onSort ? (
                    <button
                      type="button"
                      className={`sort-button${sorted ? ' sorted' : ''}`}
                      onClick={() => onSort(c.sortKey as string)}
                      data-testid={`${testid}-sort-${c.key}`}
                      title={`Sort by ${c.label.toLowerCase()}${sorted ? (dir === 'asc' ? ' (now ascending)' : ' (now descending)') : ''}`}
                    >
                      {c.label}
                      <span className="sort-mark" aria-hidden="true">
                        {sorted ? (dir === 'desc' ? '▼' : '▲') : '↕'}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </div>
              );
            })}
          </div>
          <div
            className="vt-body"
            style={{ height: total === 0 ? bodyViewport : Math.max(scrollHeight, total === null ? bodyViewport : 0) }}
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
      {failedCount > 0 && (
        <div className="vt-failed">
          Some rows could not be loaded.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              cache.failed.clear();
              bump();
            }}
          >
            Retry
          </button>
        </div>
      )}
    </div>
  );
}
