/** The Generations and Evaluation pages' reads: sets, a set's rows, a family's templates, a run's checkpoints, the catalog's titles. */
import { useEffect, useState } from 'react';
import type { GenerationRow, GenerationSet } from '../../../../preload/api-generation';
import type { Family, Template } from '../../../../preload/api-templates';
import { call, on } from '../../client';
import type { GenOutcome } from '../../route';
import { useLive } from '../../live';

/** The generation sets of these runs (the dataset's), newest first. `generations.sets` has no dataset filter, so all are read. */
export function useGenerationSets(runIds: readonly number[] | null | undefined): GenerationSet[] | null | undefined {
  const ids = runIds ? [...runIds].sort((a, b) => a - b).join(',') : '';
  const list = useLive(
    `sets:${ids}`,
    async () => {
      const mine = new Set(ids ? ids.split(',').map(Number) : []);
      if (mine.size === 0) return [];
      const all = await call('generations.sets', {});
      return all.filter((s) => mine.has(s.runId)).sort((a, b) => b.id - a.id);
    },
    (changed) => on('generations.changed', changed),
    'Loading generation sets',
  );
  return runIds === undefined ? undefined : runIds === null ? null : list;
}

export interface RowQuery {
  offset: number;
  limit: number;
  template: string;
  outcome: GenOutcome;
  text: string;
}

/** One page of a set's rows under the filters; re-read while the set grows. */
export function useSetRows(setId: number, q: RowQuery): { total: number; rows: GenerationRow[] } | null | undefined {
  return useLive(
    `rows:${setId}:${JSON.stringify(q)}`,
    () =>
      call('generations.rows', {
        setId,
        offset: q.offset,
        limit: q.limit,
        outcome: q.outcome,
        ...(q.template ? { template: q.template } : {}),
        ...(q.text ? { text: q.text } : {}),
      }),
    (changed) => on('generations.changed', (p) => p.setId === setId && changed()),
    `Loading the rows of set ${setId}`,
  );
}

/** A family's templates in id order (2-2 before 2-10), kept current while someone edits them. */
export function useTemplates(family: Family): Template[] | null | undefined {
  return useLive(
    `templates:${family}`,
    async () => (await call('templates.list', { family })).sort((a, b) => templateOrder(a.id) - templateOrder(b.id)),
    (changed) => on('templates.changed', changed),
    `Loading the ${family} templates`,
  );
}

/** "2-13" → 2013, so templates sort by family then number. */
export const templateOrder = (id: string): number => {
  const [f, n] = id.split('-').map(Number);
  return (f ?? 0) * 1000 + (n ?? 0);
};

/** The steps of a run's checkpoints, oldest first (only the newest few are kept on disk). */
export function useCheckpointSteps(runId: number | null): number[] | null | undefined {
  const steps = useLive(
    `checkpoints:${runId ?? ''}`,
    async () => (runId === null ? [] : (await call('runs.get', { id: runId })).checkpoints.map((c) => c.step)),
    (changed) => on('runs.changed', (p) => p.runId === runId && changed()),
    `Loading the checkpoints of run ${runId ?? ''}`,
  );
  return runId === null ? null : steps;
}

export interface ItemLabel {
  title: string | null;
  extId: string;
}

/** Catalogs larger than this are not read whole; their items beyond it show by id. */
export const CATALOG_CAP = 20_000;
const PAGE = 1000;
const catalogs = new Map<number, Promise<Map<number, ItemLabel>>>();

async function readCatalog(datasetId: number, items: number): Promise<Map<number, ItemLabel>> {
  const out = new Map<number, ItemLabel>();
  for (let offset = 0; offset < Math.min(items, CATALOG_CAP); offset += PAGE) {
    const page = await call('rows.items', { datasetId, offset, limit: PAGE, sort: 'id' });
    for (const it of page.rows) out.set(it.id, { title: it.title, extId: it.extId });
    if (page.rows.length < PAGE) break;
  }
  return out;
}

/**
 * Titles of the dataset's items by id, to name the items a row returned (rows carry ids only). Read once per
 * dataset and window; null until read (or when reading failed: rows then show ids).
 */
export function useItemLabels(datasetId: number, items: number): Map<number, ItemLabel> | null {
  const [labels, setLabels] = useState<{ datasetId: number; map: Map<number, ItemLabel> } | null>(null);
  useEffect(() => {
    let alive = true;
    let p = catalogs.get(datasetId);
    if (!p) {
      p = readCatalog(datasetId, items);
      catalogs.set(datasetId, p);
      p.catch(() => catalogs.delete(datasetId));
    }
    p.then(
      (map) => alive && setLabels({ datasetId, map }),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [datasetId, items]);
  return labels?.datasetId === datasetId ? labels.map : null;
}

export const itemName = (labels: Map<number, ItemLabel> | null, id: number): string => {
  const it = labels?.get(id);
  return it ? (it.title ?? it.extId) : `item #${id}`;
};
