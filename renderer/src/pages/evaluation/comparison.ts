/**
 * The studio's model beside the classic baselines (pure): one row per model for next-item ranking (the run's
 * sequential family, seen and unseen templates, against most-popular, item-kNN, BPR-MF, SASRec) and one per
 * model for ratings (the rating family against biased MF and the global mean).
 */
import type { BaselineReport, EvaluationReport } from '../../../../preload/api-generation';
import type { Family } from '../../../../preload/api-templates';

export type MetricTable = Record<string, number>;

export interface ComparisonRow {
  model: string;
  studio: boolean;
  metrics: MetricTable;
  /** Cases the metrics average over: examples for the studio, users or ratings for a baseline. */
  cases: number | null;
}

const familyOf = (report: EvaluationReport | null, family: Family) => report?.families.find((f) => f.family === family) ?? null;

/** The studio's seen and unseen rows of a family, each only when it holds the metric that makes the row. */
function studioRows(report: EvaluationReport | null, family: Family, key: string, runLabel: string, kind: string): ComparisonRow[] {
  const f = familyOf(report, family);
  if (!f) return [];
  const rows: ComparisonRow[] = [];
  for (const [which, metrics] of [
    ['seen', f.seen],
    ['unseen', f.unseen],
  ] as const) {
    if (metrics[key] === undefined) continue;
    rows.push({
      model: `${runLabel} (${which} templates)`,
      studio: true,
      metrics,
      cases: metrics[`examples (${kind})`] ?? metrics.examples ?? null,
    });
  }
  return rows;
}

export function rankingComparison(report: EvaluationReport | null, baselines: BaselineReport | null, runLabel: string): ComparisonRow[] {
  const base = (baselines?.models ?? [])
    .filter((m) => m.metrics['HR@10'] !== undefined)
    .map((m) => ({ model: m.name, studio: false, metrics: m.metrics, cases: m.metrics.users ?? null }));
  return [...studioRows(report, 'sequential', 'HR@10', runLabel, 'item'), ...base];
}

export function ratingComparison(report: EvaluationReport | null, baselines: BaselineReport | null, runLabel: string): ComparisonRow[] {
  const base = (baselines?.models ?? [])
    .filter((m) => m.metrics.RMSE !== undefined)
    .map((m) => ({ model: m.name.replace(/ \(ratings\)$/, ''), studio: false, metrics: m.metrics, cases: m.metrics.ratings ?? null }));
  return [...studioRows(report, 'rating', 'RMSE', runLabel, 'free'), ...base];
}

/** The best value of a column among the rows (lowest for errors), to mark it. */
export function bestOf(rows: readonly ComparisonRow[], key: string, lower: boolean): number | null {
  const values = rows.map((r) => r.metrics[key]).filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (values.length === 0) return null;
  return lower ? Math.min(...values) : Math.max(...values);
}
