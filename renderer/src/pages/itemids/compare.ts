/**
 * The comparison of runs by identifier set (pure): its columns — who (run, set, scheme), cost (training minutes,
 * ms per user) and HR/NDCG@5/10 over all test targets, warm targets and cold ones — and sorting by any of them.
 */
import type { ItemIdComparison } from '../../../../preload/api-itemids';

export const METRICS = ['HR@5', 'HR@10', 'NDCG@5', 'NDCG@10'] as const;
/** The back end's suffixes: all targets, items seen in training sequences, items seen only in validation or test. */
export const TARGET_GROUPS = [
  { suffix: '', label: 'all targets' },
  { suffix: ' warm', label: 'warm targets' },
  { suffix: ' cold', label: 'cold targets' },
] as const;

export interface CompareColumn {
  key: string;
  label: string;
  /** Metric columns belong to a target group. */
  group: string | null;
  value: (r: ItemIdComparison) => number | string | null;
  /** Metrics: the best of the column is marked. */
  metric: boolean;
  title?: string;
}

export const COMPARE_COLUMNS: readonly CompareColumn[] = [
  { key: 'run', label: 'run', group: null, metric: false, value: (r) => r.runId },
  { key: 'set', label: 'set', group: null, metric: false, value: (r) => r.setName },
  { key: 'scheme', label: 'scheme', group: null, metric: false, value: (r) => r.scheme },
  {
    key: 'minutes',
    label: 'train time',
    group: null,
    metric: false,
    value: (r) => r.trainingMinutes,
    title: 'training time, pretraining included',
  },
  {
    key: 'ms',
    label: 'ms/user',
    group: null,
    metric: false,
    value: (r) => r.msPerUser,
    title: 'milliseconds of the catalog beam per example, many users decoded together',
  },
  ...TARGET_GROUPS.flatMap((g) =>
    METRICS.map((m) => ({
      key: `${m}${g.suffix}`,
      label: m,
      group: g.label,
      metric: true,
      value: (r: ItemIdComparison) => r.metrics[`${m}${g.suffix}`] ?? null,
    })),
  ),
];

/**
 * The columns shown: every metric for all targets, and for warm and cold targets the @10 ones unless `full`
 * (twelve metric columns do not fit beside the run's own at common window widths).
 */
export const shownColumns = (full: boolean): CompareColumn[] =>
  COMPARE_COLUMNS.filter((c) => full || c.group === null || c.group === TARGET_GROUPS[0].label || c.key.includes('@10'));

export type SortDir = 'asc' | 'desc';
export interface CompareSort {
  key: string;
  dir: SortDir;
}

/** Best first by NDCG@10 until someone picks another column. */
export const DEFAULT_SORT: CompareSort = { key: 'NDCG@10', dir: 'desc' };

/** A new column sorts its best first (metrics: high; the rest: ascending); the same column flips. */
export function nextSort(sort: CompareSort, key: string): CompareSort {
  if (sort.key === key) return { key, dir: sort.dir === 'asc' ? 'desc' : 'asc' };
  const col = COMPARE_COLUMNS.find((c) => c.key === key);
  return { key, dir: col?.metric ? 'desc' : 'asc' };
}

/** Rows in the column's order; rows without a value go last either way, ties keep the run order. */
export function sortRows(rows: readonly ItemIdComparison[], sort: CompareSort): ItemIdComparison[] {
  const col = COMPARE_COLUMNS.find((c) => c.key === sort.key) ?? COMPARE_COLUMNS[0]!;
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = col.value(a);
    const vb = col.value(b);
    if (va === null || vb === null) return va === vb ? a.runId - b.runId : va === null ? 1 : -1;
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return c === 0 ? a.runId - b.runId : sign * c;
  });
}

/** The highest value of a metric column among the rows, to mark it; null when none has one. */
export function bestValue(rows: readonly ItemIdComparison[], col: CompareColumn): number | null {
  const values = rows.map(col.value).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return values.length ? Math.max(...values) : null;
}
