/**
 * A run's evaluation report (pure): the metrics of each family from its generations, seen and unseen
 * templates apart and per template, named as P5 and RecSysLLM report them (docs/algorithms.md §2.5).
 */
import type { GenerationRow } from '../../preload/api-generation';
import type { Family } from '../../preload/api-templates';
import { rankingSummary } from './ranking';
import { ratingSummary } from './rating';
import { textSummary } from './text';

export type RowKind = 'item' | 'choice' | 'free';

/** Metrics of one group of rows of one kind. */
export function metricsOf(rows: readonly GenerationRow[], kind: RowKind, family: Family): Record<string, number> {
  const out: Record<string, number> = { examples: rows.length };
  if (rows.length === 0) return out;
  const put = (o: Record<string, number | null>, suffix = ''): void => {
    for (const [k, v] of Object.entries(o)) if (k !== 'count' && v !== null && v !== undefined) out[`${k}${suffix}`] = v;
  };
  if (kind === 'item') {
    put(rankingSummary(rows.map((r) => r.rank)));
    const sampled = rows.filter((r) => r.sampledRank !== null || r.items !== null);
    put(rankingSummary(sampled.map((r) => r.sampledRank)), ' (100 sampled)');
    out.invalid = rows.filter((r) => r.valid === false).length;
  } else if (kind === 'choice') {
    out.accuracy = rows.filter((r) => r.output.trim().toLowerCase() === r.reference.trim().toLowerCase()).length / rows.length;
  } else if (family === 'rating' || rows.every((r) => /^\s*-?\d+(\.\d+)?\s*$/.test(r.reference))) {
    const s = ratingSummary(rows.map((r) => ({ predicted: r.output, truth: Number(r.reference) })));
    put({ RMSE: s.RMSE, MAE: s.MAE, unparsable: s.unparsable });
  } else {
    put(textSummary(rows.map((r) => ({ prediction: r.output, reference: r.reference }))) as unknown as Record<string, number | null>);
  }
  return out;
}

/** The family's report from its rows; `kindOf` says how each template decodes. */
export function familyReport(
  family: Family,
  rows: readonly GenerationRow[],
  kindOf: (template: string) => RowKind,
): { seen: Record<string, number>; unseen: Record<string, number>; byTemplate: Record<string, Record<string, number>> } {
  const byTemplate: Record<string, Record<string, number>> = {};
  const templates = [...new Set(rows.map((r) => r.template))];
  for (const t of templates)
    byTemplate[t] = metricsOf(
      rows.filter((r) => r.template === t),
      kindOf(t),
      family,
    );
  // Seen/unseen summaries use the family's main kind: ranking for item families, ratings or text otherwise.
  const main = (subset: readonly GenerationRow[]): Record<string, number> => {
    const kinds = new Map<RowKind, GenerationRow[]>();
    for (const r of subset) {
      const k = kindOf(r.template);
      kinds.set(k, [...(kinds.get(k) ?? []), r]);
    }
    const out: Record<string, number> = {};
    for (const [k, list] of kinds) {
      const m = metricsOf(list, k, family);
      for (const [name, v] of Object.entries(m)) out[kinds.size > 1 && name === 'examples' ? `examples (${k})` : name] = v;
    }
    return out;
  };
  return { seen: main(rows.filter((r) => r.seen)), unseen: main(rows.filter((r) => !r.seen)), byTemplate };
}
