/**
 * The Entities page's data: the counts (following changes, debounced: every span save emits one), the rows the editor
 * changed since the list was fetched, and a token that reloads the list after a whole-dataset change; and opening the
 * first record the filters show when none is chosen.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EntityStats, RecordSummary } from '../../../../preload/api-entities';
import { call, on } from '../../client';
import { useReportError } from '../../errors';
import { hrefFor } from '../../route';
import { filterQuery } from './neighbours';
import { rememberRecord } from './recordAddress';
import type { ListFilter } from './listFilter';

export function useEntityStats(datasetId: number, jobFinished: unknown) {
  const report = useReportError();
  const [stats, setStats] = useState<EntityStats | null>(null);
  const [overrides, setOverrides] = useState<Map<number, Partial<RecordSummary>>>(new Map());
  const [reloadToken, setReloadToken] = useState(0);

  const loadStats = useCallback(() => {
    call('entities.stats', { datasetId }).then(setStats, (e: unknown) => report(e, 'Loading entity counts'));
  }, [datasetId, report]);

  // A whole-dataset change also reloads the list.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    loadStats();
    const off = on('entities.changed', (p) => {
      if (p.datasetId !== datasetId) return;
      if (!p.recordIds) {
        setOverrides(new Map());
        setReloadToken((t) => t + 1);
      }
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(loadStats, p.recordIds ? 400 : 50);
    });
    return () => {
      off();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [datasetId, loadStats]);

  useEffect(() => {
    if (jobFinished) loadStats();
  }, [jobFinished, loadStats]);

  return { stats, overrides, setOverrides, reloadToken };
}

/** While `wanted` (annotating, no record chosen, records exist): open the first record `filter` shows. */
export function useOpenFirstRecord(datasetId: number, wanted: boolean, filter: ListFilter): void {
  const report = useReportError();
  const filterRef = useRef(filter);
  filterRef.current = filter;
  useEffect(() => {
    if (!wanted) return;
    let alive = true;
    call('entities.records.list', { datasetId, limit: 1, filter: filterQuery(filterRef.current) }).then(
      (r) => {
        const first = r.rows[0];
        if (!alive || !first) return;
        rememberRecord(datasetId, first.id, first.userExtId);
        window.location.replace(hrefFor({ page: 'entities', datasetId, view: 'annotate', recordId: first.id, user: first.userExtId }));
      },
      (e: unknown) => report(e, 'Loading records'),
    );
    return () => {
      alive = false;
    };
  }, [datasetId, wanted, report]);
}
