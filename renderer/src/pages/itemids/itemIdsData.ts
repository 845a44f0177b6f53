/**
 * The Item IDs page's reads: a dataset's identifier sets (fresh on `itemids.changed`), one set's 2-D map, the
 * codes of the level below a prefix, and the comparison of the runs trained on the dataset.
 */
import { useEffect, useState } from 'react';
import type { CallResult } from '../../../../preload/api';
import type { ItemIdSet } from '../../../../preload/api-itemids';
import { call, on } from '../../client';
import { useReportError } from '../../errors';
import { useLive } from '../../live';
import { nextLevelCounts, type CodeCount } from './prefix';

export type ItemMapPoint = CallResult<'itemids.map'>[number];
export type Comparison = CallResult<'itemids.compare'>;

/** The dataset's identifier sets (by name, newest version first), live while one builds. */
export function useItemIdSets(datasetId: number): ItemIdSet[] | null | undefined {
  return useLive(
    `itemids:${datasetId}`,
    () => call('itemids.list', { datasetId }),
    (changed) => on('itemids.changed', changed),
    'Loading identifier sets',
  );
}

const never = (): (() => void) => () => undefined;

/** A finished set's map: one point per item. A set never changes once done, so it is read once. */
export function useItemMap(setId: number): ItemMapPoint[] | null | undefined {
  return useLive(`map:${setId}`, () => call('itemids.map', { id: setId }), never, `Loading the map of identifier set ${setId}`);
}

/** Items fetched per call when counting the codes below a prefix (the most `itemids.items` returns). */
const PAGE = 1000;

/**
 * The codes of level `prefix.length` among the items under `prefix`, with their item counts. Level 1 comes from
 * the map (every item's first code, one read); deeper levels page through the items under the prefix.
 */
export function usePrefixCodes(setId: number, prefix: readonly number[], map: ItemMapPoint[] | null | undefined): CodeCount[] | null {
  const report = useReportError();
  const key = `${setId}:${prefix.join('.')}`;
  const [state, setState] = useState<{ key: string; codes: CodeCount[] } | null>(null);
  useEffect(() => {
    if (prefix.length === 0) return;
    let alive = true;
    (async () => {
      const codes: number[][] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await call('itemids.items', { id: setId, prefix: [...prefix], offset, limit: PAGE });
        codes.push(...page.rows.map((r) => r.codes));
        if (page.rows.length < PAGE || codes.length >= page.total) break;
      }
      if (alive) setState({ key, codes: nextLevelCounts(codes, prefix.length) });
    })().catch((e: unknown) => {
      if (!alive) return;
      report(e, 'Reading the codes under a prefix');
      setState({ key, codes: [] });
    });
    return () => {
      alive = false;
    };
    // `key` spells `prefix`, so an equal prefix in a new array does not read again.
  }, [key, setId, report]);
  if (prefix.length === 0)
    return map
      ? nextLevelCounts(
          map.map((p) => (p.first === null ? [] : [p.first])),
          0,
        )
      : null;
  return state?.key === key ? state.codes : null;
}

/**
 * Every run of the dataset with a finished sequential set on test, by the identifier set it trained with. Re-read
 * when a job ends (a run or a generation set finishing), a run changes or is deleted, or a set is deleted; a
 * running run changes every step, so the read is throttled harder than the page's others.
 */
export function useComparison(datasetId: number): Comparison | null | undefined {
  return useLive(
    `compare:${datasetId}`,
    () => call('itemids.compare', { datasetId }),
    (changed) => {
      const offs = [
        on('job.finished', changed),
        on('runs.changed', changed),
        on('generations.changed', changed),
        on('itemids.changed', changed),
      ];
      return () => offs.forEach((off) => off());
    },
    'Comparing the runs by identifier set',
    1500,
  );
}
