/**
 * Scores any baseline the way the studio scores its own model (DESIGN.md, "Evaluation conventions"):
 * - full ranking: the target against every item the user has not already got in the history (the target
 *   itself stays a candidate even if it was consumed before);
 * - sampled ranking: the target against 99 items the user never interacted with, drawn uniformly without
 *   replacement with a generator seeded by (seed, user), so a user's candidates do not depend on which other
 *   users are evaluated or in what order, and the studio's model can be given the very same lists;
 * - rating: RMSE/MAE of clipped predictions.
 * Ties count against the target (ranking.ts `rankOf`). Pure.
 */
import { mulberry32, randomInt } from '../../random';
import { mae, rmse, STAR_SCALE, type RatingScale } from '../rating';
import { DEFAULT_KS, rankingSummary, rankOf, type RankingSummary } from '../ranking';
import type { Interaction, Scorer } from './types';

export interface RankingCase {
  user: number;
  /** The held-out item. */
  target: number;
  /** Items the user consumed before the target: excluded from the full ranking. */
  history: readonly number[];
  /** Further items the user interacted with (e.g. after the target, for a validation case); never sampled as negatives. */
  interacted?: readonly number[];
}

export interface CandidateOptions {
  items: number;
  /** Negatives per sampled list (P5: 99, so lists of 100). */
  negatives?: number;
  seed?: number;
}

export const SAMPLED_NEGATIVES = 99;

/** The full-ranking candidates: every item except the history's, with the target kept. */
export function fullCandidates(c: RankingCase, items: number): Int32Array {
  const excluded = new Set(c.history);
  excluded.delete(c.target);
  const out: number[] = [];
  for (let j = 0; j < items; j++) if (!excluded.has(j)) out.push(j);
  return Int32Array.from(out);
}

/** A 32-bit mix (murmur3's finalizer) of seed and user, so neighbouring users get unrelated streams. */
function userSeed(seed: number, user: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ user) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The target and `negatives` items the user never interacted with, in a seeded shuffled order (the order
 * matters when the list is shown to a model in a prompt). Fewer negatives when the user has interacted with
 * nearly the whole catalogue.
 */
export function sampledCandidates(c: RankingCase, options: CandidateOptions): Int32Array {
  const negatives = options.negatives ?? SAMPLED_NEGATIVES;
  const rng = mulberry32(userSeed(options.seed ?? 0, c.user));
  const taken = new Set<number>([c.target, ...c.history, ...(c.interacted ?? [])]);
  const available = options.items - [...taken].filter((j) => j >= 0 && j < options.items).length;
  const want = Math.min(negatives, Math.max(0, available));
  const out = [c.target];
  while (out.length < want + 1) {
    const j = randomInt(rng, options.items);
    if (taken.has(j)) continue;
    taken.add(j);
    out.push(j);
  }
  for (let i = out.length - 1; i > 0; i--) {
    const k = randomInt(rng, i + 1);
    [out[i], out[k]] = [out[k] as number, out[i] as number];
  }
  return Int32Array.from(out);
}

export interface RankingEvaluation {
  /** Over the whole catalogue minus each user's history. */
  full: RankingSummary;
  /** Over 1 target + `negatives` sampled items per user. */
  sampled: RankingSummary;
  /** Words for the UI/CLI beside each figure: which candidates and which seed. */
  candidateSets: { full: string; sampled: string };
  seed: number;
  negatives: number;
  /** Per case, in input order. */
  fullRanks: number[];
  sampledRanks: number[];
}

function checkCase(c: RankingCase, items: number): void {
  const inRange = (j: number): boolean => Number.isInteger(j) && j >= 0 && j < items;
  if (!inRange(c.target)) throw new RangeError(`target ${c.target} of user ${c.user} is outside 0..${items - 1}`);
  for (const j of c.history) if (!inRange(j)) throw new RangeError(`history item ${j} of user ${c.user} is outside 0..${items - 1}`);
}

/** The target's rank within a candidate list (which holds it), read off the whole-catalogue scores. */
function rankWithin(scores: ArrayLike<number>, candidates: Int32Array, target: number): number {
  return rankOf(
    Float64Array.from(candidates, (j) => scores[j] as number),
    candidates.indexOf(target),
  );
}

/**
 * Ranks each case's target in full and sampled candidate sets from one scoring of the whole catalogue per case
 * (a sampled list is a subset of it), then averages HR@k / NDCG@k.
 */
export function evaluateRanking(
  score: Scorer,
  cases: readonly RankingCase[],
  options: CandidateOptions & { ks?: readonly number[] },
): RankingEvaluation {
  const seed = options.seed ?? 0;
  const negatives = options.negatives ?? SAMPLED_NEGATIVES;
  const all = Int32Array.from({ length: options.items }, (_, j) => j);
  const fullRanks: number[] = [];
  const sampledRanks: number[] = [];
  for (const c of cases) {
    checkCase(c, options.items);
    const scores = score(c.user, all);
    if (scores.length !== options.items) throw new RangeError(`the scorer returned ${scores.length} scores for ${options.items} items`);
    fullRanks.push(rankWithin(scores, fullCandidates(c, options.items), c.target));
    sampledRanks.push(rankWithin(scores, sampledCandidates(c, { items: options.items, negatives, seed }), c.target));
  }
  const ks = options.ks ?? DEFAULT_KS;
  return {
    full: rankingSummary(fullRanks, ks),
    sampled: rankingSummary(sampledRanks, ks),
    candidateSets: {
      full: `all ${options.items} items minus the user's history`,
      sampled: `target + ${negatives} sampled non-interacted items (seed ${seed})`,
    },
    seed,
    negatives,
    fullRanks,
    sampledRanks,
  };
}

export interface RatingCase {
  user: number;
  item: number;
  rating: number;
}

/** RMSE/MAE of a rating predictor with predictions clipped to the scale; null figures for no cases. */
export function evaluateRating(
  predict: (user: number, item: number) => number,
  cases: readonly RatingCase[],
  scale: RatingScale = STAR_SCALE,
): { RMSE: number | null; MAE: number | null; count: number } {
  const predicted = cases.map((c) => predict(c.user, c.item));
  const truth = cases.map((c) => c.rating);
  return { RMSE: rmse(predicted, truth, scale), MAE: mae(predicted, truth, scale), count: cases.length };
}

/**
 * Ranking cases for held-out interactions: each target's history is its user's `known` items in time order
 * (equal times keep the given order), and the user's other held-out targets count as interacted.
 */
export function buildRankingCases(known: readonly Interaction[], heldOut: readonly Interaction[]): RankingCase[] {
  const byUser = new Map<number, { t: number; k: number; item: number }[]>();
  known.forEach((r, k) => {
    const list = byUser.get(r.user) ?? [];
    list.push({ t: r.t, k, item: r.item });
    byUser.set(r.user, list);
  });
  const histories = new Map<number, number[]>();
  for (const [user, list] of byUser)
    histories.set(
      user,
      list.sort((a, b) => a.t - b.t || a.k - b.k).map((x) => x.item),
    );
  const targetsOf = new Map<number, number[]>();
  for (const r of heldOut) targetsOf.set(r.user, [...(targetsOf.get(r.user) ?? []), r.item]);
  return heldOut.map((r) => ({
    user: r.user,
    target: r.item,
    history: histories.get(r.user) ?? [],
    interacted: (targetsOf.get(r.user) ?? []).filter((j) => j !== r.item),
  }));
}
