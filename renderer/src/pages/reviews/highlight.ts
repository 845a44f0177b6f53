/**
 * Cuts an output into segments marked "differs from the other output" and "mentions the item's entity" (pure).
 * Both kinds of range are in code points, so a title with an emoji or an accented letter stays aligned.
 */
import type { Range } from './wordDiff';

export interface Segment {
  text: string;
  diff: boolean;
  entity: boolean;
}

const inside = (ranges: readonly Range[], at: number): boolean => ranges.some((r) => r.start <= at && at < r.end);

/** Segments covering the whole text in order; adjacent code points with the same marks share one segment. */
export function segments(text: string, diff: readonly Range[], entities: readonly Range[]): Segment[] {
  const cps = Array.from(text);
  const cuts = new Set<number>([0, cps.length]);
  for (const r of [...diff, ...entities]) {
    cuts.add(Math.max(0, Math.min(cps.length, r.start)));
    cuts.add(Math.max(0, Math.min(cps.length, r.end)));
  }
  const sorted = [...cuts].sort((x, y) => x - y);
  const out: Segment[] = [];
  for (let k = 0; k + 1 < sorted.length; k++) {
    const start = sorted[k]!;
    const end = sorted[k + 1]!;
    if (end <= start) continue;
    const seg = { text: cps.slice(start, end).join(''), diff: inside(diff, start), entity: inside(entities, start) };
    const last = out[out.length - 1];
    if (last && last.diff === seg.diff && last.entity === seg.entity) last.text += seg.text;
    else out.push(seg);
  }
  return out;
}
