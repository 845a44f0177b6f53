/**
 * Leave-one-out split, pure: per user, interactions in time order (equal timestamps keep the source
 * order, i.e. a stable sort on seq), last → test, second to last → valid, the rest → train.
 * A user with one interaction has it in train; with two, train + test.
 */
export type SplitName = 'train' | 'valid' | 'test';

export const SPLIT_RULE = 'leave-one-out by user; time order, ties keep source order (stable on file position)';

export interface SplitInput {
  id: number;
  userId: number;
  ts: number | null;
  seq: number;
}

export function leaveOneOut(rows: readonly SplitInput[]): Map<number, SplitName> {
  const byUser = new Map<number, SplitInput[]>();
  for (const r of rows) {
    const list = byUser.get(r.userId);
    if (list) list.push(r);
    else byUser.set(r.userId, [r]);
  }
  const out = new Map<number, SplitName>();
  for (const list of byUser.values()) {
    list.sort(compareTimeThenSeq);
    const n = list.length;
    list.forEach((r, k) => {
      out.set(r.id, n >= 2 && k === n - 1 ? 'test' : n >= 3 && k === n - 2 ? 'valid' : 'train');
    });
  }
  return out;
}

/** Missing timestamps sort first so that dated behaviour stays at the end of a sequence. */
export function compareTimeThenSeq(a: { ts: number | null; seq: number }, b: { ts: number | null; seq: number }): number {
  const ta = a.ts ?? Number.NEGATIVE_INFINITY;
  const tb = b.ts ?? Number.NEGATIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.seq - b.seq;
}
