/**
 * The Item IDs page's comparison (pure): each run's full-catalog figures on the test split, over every item row
 * of its newest sequential set, and the same figures for warm targets (items seen in training sequences) and
 * cold ones (items seen only in validation or test, whose identifiers came from content alone).
 */
import type { GenerationRow } from '../../preload/api-generation';
import { rankingSummary } from './ranking';

const KS = [5, 10];

export function warmColdFigures(rows: readonly GenerationRow[], warm: ReadonlySet<number>): Record<string, number> {
  const out: Record<string, number> = {};
  const put = (subset: readonly GenerationRow[], suffix: string): void => {
    const s = rankingSummary(
      subset.map((r) => r.rank),
      KS,
    );
    out[`examples${suffix}`] = s.count;
    for (const [k, v] of Object.entries(s)) if (k !== 'count' && v !== null) out[`${k}${suffix}`] = v;
  };
  const items = rows.filter((r) => r.items !== null);
  put(items, '');
  put(
    items.filter((r) => r.target !== null && warm.has(r.target)),
    ' warm',
  );
  put(
    items.filter((r) => r.target !== null && !warm.has(r.target)),
    ' cold',
  );
  return out;
}
