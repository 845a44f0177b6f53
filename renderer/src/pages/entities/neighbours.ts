/**
 * The next or previous record *within a filtered list* (issue #13: j/k ignored the filter). The list is in id order,
 * so the record's place in it is found by bisecting offsets — about log2(total) one-row reads — and works even when
 * the record itself has just left the filter (accepted while the list shows unreviewed ones, say).
 */
import type { ListFilter } from './listFilter';

/** The list's filter as the back end takes it (blank fields left out). */
export function filterQuery(f: ListFilter): { status: ListFilter['status']; label?: string; annotator?: string; text?: string } {
  return {
    status: f.status,
    ...(f.label ? { label: f.label } : {}),
    ...(f.annotator.trim() ? { annotator: f.annotator.trim() } : {}),
    ...(f.text.trim() ? { text: f.text.trim() } : {}),
  };
}

export const sameFilter = (a: ListFilter, b: ListFilter): boolean =>
  a.status === b.status && a.label === b.label && a.annotator.trim() === b.annotator.trim() && a.text.trim() === b.text.trim();

/** One page of the filtered list, in id order. */
export type ListPage = (offset: number, limit: number) => Promise<{ total: number; rows: readonly { id: number }[] }>;

/** The id after (dir 1) or before (dir -1) `from` in the list, or null at its end. */
export async function filteredNeighbour(list: ListPage, from: number, dir: 1 | -1): Promise<number | null> {
  const { total } = await list(0, 1);
  // The first offset whose id is at least `from`.
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const id = (await list(mid, 1)).rows[0]?.id;
    if (id === undefined) {
      hi = mid;
      continue;
    }
    if (id < from) lo = mid + 1;
    else hi = mid;
  }
  if (dir < 0) return lo === 0 ? null : ((await list(lo - 1, 1)).rows[0]?.id ?? null);
  const here = await list(lo, 2);
  const first = here.rows[0];
  if (!first) return null;
  return first.id === from ? (here.rows[1]?.id ?? null) : first.id;
}
