/**
 * The virtual table's rows, fetched a page at a time on demand and cached per page; the cache is dropped when the
 * query (dataset, sort, filter) changes. Fetches are throttled so dragging the scrollbar across a million rows asks
 * for the pages it stops on, not every page it passes.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { PageOf } from '../../../../preload/api';
import type { PageQuery } from './types';

const MAX_CACHED_PAGES = 60;
const FETCH_THROTTLE_MS = 80;
const JUMP_SETTLE_MS = 120;
const MAX_IN_FLIGHT = 4;

export interface Cache<R> {
  key: string;
  pages: Map<number, R[]>;
  inFlight: Set<number>;
  failed: Set<number>;
  total: number | null;
}

interface Args<R> {
  queryKey: string;
  fetchPage: (q: PageQuery) => Promise<PageOf<R>>;
  pageSize: number;
  bump: () => void;
  onError?: (err: unknown) => void;
}

export function usePageCache<R>({ queryKey, fetchPage, pageSize, bump, onError }: Args<R>) {
  const cache = useMemo<Cache<R>>(
    () => ({ key: queryKey, pages: new Map(), inFlight: new Set(), failed: new Set(), total: null }),
    [queryKey],
  );
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
  const rowAt = (i: number): R | undefined => cache.pages.get(Math.floor(i / pageSize))?.[i % pageSize];
  return { cache, load, rowAt };
}

/** Fetch the pages in view from `firstPage` to `lastPage`: throttled while scrolling on, after a pause on a far jump. */
export function useFetchInView<R>(cache: Cache<R>, load: (page: number) => void, firstPage: number, lastPage: number, pageSize: number) {
  const lastFetchAt = useRef(0);
  const total = cache.total;
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
}
