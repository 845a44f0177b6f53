/**
 * The data points of each family and split (pure), as P5 builds them (docs/algorithms.md §2.2): leave-one-out
 * per user for sequential and direct recommendation (time order, ties in source order — DESIGN.md), a seeded
 * 80/10/10 split of interactions for rating, explanation and review.
 */
import type { ExampleSplit, Family } from '../../preload/api-templates';
import { compareTimeThenSeq } from '../datasets/split';
import type { Rich } from './lang/index';

export interface DUser {
  id: number;
  extId: string;
  name: string | null;
}
export interface DItem {
  id: number;
  extId: string;
  title: string | null;
  attrs: Record<string, unknown>;
}
export interface DInteraction {
  id: number;
  itemId: number;
  rating: number | null;
  ts: number | null;
  seq: number;
  review: string | null;
  summary: string | null;
}

export interface ExampleData {
  datasetName: string;
  users: DUser[];
  items: Map<number, DItem>;
  /** Each user's interactions; sorted by `prepareData`. */
  sequences: Map<number, DInteraction[]>;
  /** Textualized records (Entities page) by user id, with their entity spans. */
  profiles: Map<number, Rich>;
  /** All item ids, for sampling negatives. */
  itemIds: number[];
  /**
   * An identifier set's text per item (`<a3><b17><c5><d0>`, or the title for the title scheme), when a run writes
   * items with an identifier set (issue #10): every template variable that names an item renders it.
   */
  identifiers?: ReadonlyMap<number, string>;
}

/** One data point: a user and the position of the target interaction in the user's sequence. */
export interface Datum {
  user: DUser;
  index: number;
}

export const HISTORY_MAX = 20;

export function prepareData(data: Omit<ExampleData, 'itemIds'>): ExampleData {
  for (const list of data.sequences.values()) list.sort(compareTimeThenSeq);
  return { ...data, itemIds: [...data.items.keys()].sort((a, b) => a - b) };
}

/** The bucket of an interaction in the 80/10/10 split: a hash of (seed, id), so it doesn't depend on file order. */
export function ratioSplit(seed: number, interactionId: number): ExampleSplit {
  const u = mix32(Math.imul(seed, 0x9e3779b1) ^ interactionId) / 2 ** 32;
  return u < 0.8 ? 'train' : u < 0.9 ? 'valid' : 'test';
}

/** murmur3's finalizer: every input bit moves every output bit, so consecutive ids land in unrelated buckets. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const hasText = (s: string | null): boolean => s !== null && s.trim().length > 0;

/** Which family needs what of an interaction to be a data point at all (a template may need more: see examples.ts). */
function usable(family: Family, x: DInteraction): boolean {
  if (family === 'rating') return x.rating !== null;
  return hasText(x.review);
}

/** Data points of a family and split, in a stable order (users in id order, then time order). */
export function dataPoints(d: ExampleData, family: Family, split: ExampleSplit, seed: number): Datum[] {
  const out: Datum[] = [];
  for (const user of d.users) {
    const seq = d.sequences.get(user.id);
    if (!seq || seq.length === 0) continue;
    const n = seq.length;
    if (family === 'sequential' || family === 'direct') {
      if (split === 'test') {
        if (n >= 2) out.push({ user, index: n - 1 });
      } else if (split === 'valid') {
        if (n >= 3) out.push({ user, index: n - 2 });
      } else {
        // Train targets come from seq[:-2]; next-item targets need at least one item of history before them.
        const last = n >= 3 ? n - 3 : n === 2 ? 0 : 0;
        for (let i = family === 'sequential' ? 1 : 0; i <= last; i++) out.push({ user, index: i });
      }
      continue;
    }
    seq.forEach((x, i) => {
      if (usable(family, x) && ratioSplit(seed, x.id) === split) out.push({ user, index: i });
    });
  }
  return out;
}

/** The interactions training may see of one user's time-ordered sequence: all but the last (test) and second to last (valid). */
export function trainingPart<T>(seq: readonly T[]): T[] {
  const n = seq.length;
  return seq.slice(0, n >= 3 ? n - 2 : n >= 2 ? n - 1 : n);
}

/** Items held out of training for a user under leave-one-out: the last (test) and second to last (valid). */
export function heldOutItems(seq: readonly DInteraction[]): number[] {
  const n = seq.length;
  if (n >= 3) return [seq[n - 1]!.itemId, seq[n - 2]!.itemId];
  if (n === 2) return [seq[1]!.itemId];
  return [];
}
