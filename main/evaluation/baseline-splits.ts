/**
 * The baselines' view of a dataset's own splits: leave-one-out by user for ranking (train on seq[:-2], test target
 * seq[-1] with history seq[:-1], and the same 100 sampled candidates the model's sequential prompts list), the
 * seeded 80/10/10 split for ratings. Users and items become dense indices.
 */
import { buildContext } from '../templates/context';
import { ratioSplit, trainingPart, type ExampleData } from '../templates/data';
import { fullCandidates, type RankingCase } from './baselines/evaluate';
import type { Interaction, TrainData } from './baselines/types';
import { rankingSummary, rankOf } from './ranking';

export type Score = (user: number, candidates: ArrayLike<number>) => ArrayLike<number>;

export type RatedCase = Interaction & { rating: number };

export interface Indices {
  userIndex: Map<number, number>;
  itemIndex: Map<number, number>;
  items: number;
}

export interface LeaveOneOut {
  data: TrainData;
  cases: (RankingCase & { sampled: Int32Array })[];
  /** Each user's training items in order (SASRec's input). */
  trainSequences: number[][];
}

export function indicesOf(d: ExampleData): Indices {
  return {
    userIndex: new Map(d.users.map((u, k) => [u.id, k])),
    itemIndex: new Map(d.itemIds.map((id, k) => [id, k])),
    items: d.itemIds.length,
  };
}

export function leaveOneOut(d: ExampleData, ix: Indices, seed: number): LeaveOneOut {
  const { userIndex, itemIndex } = ix;
  const train: Interaction[] = [];
  const cases: LeaveOneOut['cases'] = [];
  const trainSequences: number[][] = d.users.map(() => []);
  for (const u of d.users) {
    const seq = d.sequences.get(u.id) ?? [];
    const n = seq.length;
    const ui = userIndex.get(u.id)!;
    trainingPart(seq).forEach((x, t) => {
      train.push({ user: ui, item: itemIndex.get(x.itemId)!, rating: x.rating, t });
      trainSequences[ui]!.push(itemIndex.get(x.itemId)!);
    });
    if (n < 2) continue;
    const { meta } = buildContext(d, 'sequential', { user: u, index: n - 1 }, seed, false);
    cases.push({
      user: ui,
      target: itemIndex.get(seq[n - 1]!.itemId)!,
      history: seq.slice(0, n - 1).map((x) => itemIndex.get(x.itemId)!),
      sampled: Int32Array.from(meta.candidateIds!, (id) => itemIndex.get(id)!),
    });
  }
  return { data: { users: d.users.length, items: ix.items, train }, cases, trainSequences };
}

/** A scorer's ranking metrics over the full catalog (minus the history) and over the 100 sampled candidates. */
export function rankingMetrics(cases: LeaveOneOut['cases'], items: number, score: Score): Record<string, number> {
  const all = Int32Array.from({ length: items }, (_, j) => j);
  const full: number[] = [];
  const sampled: number[] = [];
  for (const c of cases) {
    const scores = score(c.user, all);
    const cands = fullCandidates(c, items);
    full.push(
      rankOf(
        Float64Array.from(cands, (j) => scores[j] as number),
        cands.indexOf(c.target),
      ),
    );
    sampled.push(
      rankOf(
        Float64Array.from(c.sampled, (j) => scores[j] as number),
        c.sampled.indexOf(c.target),
      ),
    );
  }
  const f = rankingSummary(full);
  const s = rankingSummary(sampled);
  const out: Record<string, number> = { users: cases.length };
  for (const [k, v] of Object.entries(f)) if (k !== 'count' && v !== null) out[k] = v;
  for (const [k, v] of Object.entries(s)) if (k !== 'count' && v !== null) out[`${k} (100 sampled)`] = v;
  return out;
}

/** Ratings on the 80/10/10 split the rating templates use: train and test parts (validation unused). */
export function ratingSplit(d: ExampleData, ix: Indices, seed: number): { rated: Interaction[]; test: RatedCase[] } {
  const rated: Interaction[] = [];
  const test: RatedCase[] = [];
  for (const u of d.users) {
    for (const x of d.sequences.get(u.id) ?? []) {
      if (x.rating === null) continue;
      const split = ratioSplit(seed, x.id);
      const r = { user: ix.userIndex.get(u.id)!, item: ix.itemIndex.get(x.itemId)!, rating: x.rating, t: 0 };
      if (split === 'train') rated.push(r);
      else if (split === 'test') test.push(r);
    }
  }
  return { rated, test };
}
