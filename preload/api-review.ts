/**
 * The review part of the contract: blind side-by-side reviews of two runs' explanations or review summaries
 * (or a run against the references), rubric scores and preferences from several reviewers at once, statistics
 * and exports. Spread into `calls` in api.ts. While a review is open, outputs are "left" and "right" and the
 * runs behind them are not named.
 */
import { z } from 'zod';

const Id = z.number().int().positive();
export const Reviewer = z.string().trim().min(1, 'reviewer is empty').max(60, 'reviewer is longer than 60 characters');

export const Criterion = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[\p{L}\p{N} _-]+$/u, 'a criterion name is letters, digits, spaces, _ and - only'),
  description: z.string().max(300).default(''),
});
export type Criterion = z.infer<typeof Criterion>;

export const DEFAULT_RUBRIC: Criterion[] = [
  { name: 'fluency', description: 'Reads naturally, grammatical, no repetition' },
  { name: 'faithfulness', description: "True to the item's facts; nothing invented" },
  { name: 'personalization', description: 'Speaks to this user: their history and tastes' },
];

/** How many of the n sampled pairs are repeated: round(share·n), at least one from n ≥ 5 when the share is > 0. */
export function repeatCount(n: number, swapShare: number): number {
  if (swapShare <= 0 || n === 0) return 0;
  const r = Math.round(swapShare * n);
  return Math.min(n, n >= 5 ? Math.max(1, r) : r);
}

/** "10 examples + 1 shown again with the sides swapped = 11 pairs": what a review of that size holds, exactly. */
export function describePairs(examples: number, repeats: number): string {
  const n = (k: number, one: string) => `${k} ${one}${k === 1 ? '' : 's'}`;
  return repeats === 0
    ? n(examples, 'pair')
    : `${n(examples, 'example')} + ${repeats} shown again with the sides swapped = ${n(examples + repeats, 'pair')}`;
}

export const ReviewCreate = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    /** Side A. */
    runA: Id,
    /** Side B: another run, or null to compare run A with the references. */
    runB: Id.nullable(),
    family: z.enum(['explanation', 'review']),
    size: z.number().int().min(1).max(5000).default(100),
    rubric: z.array(Criterion).min(1).max(8).default(DEFAULT_RUBRIC),
    /** Who may review (empty: anyone who gives a name). */
    reviewers: z.array(Reviewer).max(50).default([]),
    seed: z.number().int().default(1),
    /** Share of pairs shown a second time with the sides swapped, to measure self-consistency. */
    swapShare: z.number().min(0).max(0.5).default(0.1),
  })
  .strict();
export type ReviewCreate = z.input<typeof ReviewCreate>;

export const ReviewSummary = z.object({
  id: z.number(),
  datasetId: z.number(),
  name: z.string(),
  family: z.enum(['explanation', 'review']),
  status: z.enum(['open', 'finished']),
  pairs: z.number(),
  rubric: z.array(Criterion),
  reviewers: z.array(z.string()),
  /** Judgments so far per reviewer. */
  progress: z.record(z.string(), z.number()),
  /** "Output 1" / "Output 2" while open; the run names (or "reference") once finished. */
  labels: z.object({ a: z.string(), b: z.string() }),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ReviewSummary = z.infer<typeof ReviewSummary>;

export const Scores = z.record(z.string(), z.number().int().min(1).max(5));
export const Preference = z.enum(['left', 'right', 'tie']);

export const ReviewPairView = z.object({
  position: z.number(),
  total: z.number(),
  template: z.string(),
  seen: z.boolean(),
  context: z.object({
    user: z.string(),
    history: z.array(z.string()),
    item: z.object({ title: z.string(), attributes: z.record(z.string(), z.string()) }),
    rating: z.number().nullable(),
    /** The user's real review (explanation family) or the review being summarized. */
    review: z.string(),
  }),
  prompt: z.string(),
  left: z.string(),
  right: z.string(),
  /** The reference, shown apart (null when side B is the reference itself). */
  reference: z.string().nullable(),
  /** Spans of the item's entities (title, attribute values) in each output, code points. */
  entities: z.object({
    left: z.array(z.object({ start: z.number(), end: z.number() })),
    right: z.array(z.object({ start: z.number(), end: z.number() })),
  }),
  /** This reviewer's judgment of this pair, if any (to edit or undo). */
  judged: z.object({ preference: Preference, scores: z.object({ left: Scores, right: Scores }), comment: z.string() }).nullable(),
});
export type ReviewPairView = z.infer<typeof ReviewPairView>;

const interval = { low: z.number().nullable(), high: z.number().nullable() };
export const ReviewStats = z.object({
  reviewId: z.number(),
  labels: z.object({ a: z.string(), b: z.string() }),
  judgments: z.number(),
  winRate: z.object({ a: z.number(), b: z.number(), tie: z.number(), n: z.number(), ...interval }),
  rubric: z.array(
    z.object({
      criterion: z.string(),
      a: z.object({ mean: z.number().nullable(), n: z.number(), ...interval }),
      b: z.object({ mean: z.number().nullable(), n: z.number(), ...interval }),
    }),
  ),
  agreement: z.object({ method: z.string(), kappa: z.number().nullable(), items: z.number(), reviewers: z.number() }),
  positionBias: z.object({ left: z.number().nullable(), n: z.number(), ...interval }),
  selfConsistency: z.object({ agreeing: z.number(), n: z.number(), rate: z.number().nullable() }),
  byTemplate: z.record(z.string(), z.object({ a: z.number(), b: z.number(), tie: z.number(), n: z.number(), ...interval })),
  bySeen: z.record(z.string(), z.object({ a: z.number(), b: z.number(), tie: z.number(), n: z.number(), ...interval })),
});
export type ReviewStats = z.infer<typeof ReviewStats>;

export const reviewCalls = {
  /** Samples pairs (stratified by template, seen/unseen and rating) from the runs' newest test generations of the family. */
  /** `pairs` counts every pair shown: the `examples` sampled plus the repeats shown again with the sides swapped. */
  'reviews.create': { args: ReviewCreate, result: z.object({ reviewId: z.number(), pairs: z.number(), examples: z.number() }) },
  'reviews.list': { args: z.object({ datasetId: Id.optional() }).strict(), result: z.array(ReviewSummary) },
  'reviews.get': { args: z.object({ id: Id }).strict(), result: ReviewSummary },
  /** The pair at `position` for a reviewer, or (without position) the first one they have not judged; null when done. */
  'reviews.pair': {
    args: z.object({ id: Id, reviewer: Reviewer, position: z.number().int().min(0).optional() }).strict(),
    result: ReviewPairView.nullable(),
  },
  /** Saves (or replaces) this reviewer's judgment of one pair; other reviewers' judgments are never touched. */
  'reviews.judge': {
    args: z
      .object({
        id: Id,
        reviewer: Reviewer,
        position: z.number().int().min(0),
        preference: Preference,
        scores: z.object({ left: Scores, right: Scores }),
        comment: z.string().max(2000).default(''),
      })
      .strict(),
    result: z.object({ saved: z.boolean(), done: z.number(), total: z.number() }),
  },
  /** Removes this reviewer's judgment of a pair (undo). */
  'reviews.unjudge': {
    args: z.object({ id: Id, reviewer: Reviewer, position: z.number().int().min(0) }).strict(),
    result: z.object({ removed: z.boolean() }),
  },
  /** Ends the review: run names are revealed. */
  'reviews.finish': { args: z.object({ id: Id }).strict(), result: ReviewSummary },
  'reviews.stats': { args: z.object({ id: Id }).strict(), result: ReviewStats },
  'reviews.export': {
    args: z.object({ id: Id, format: z.enum(['csv', 'jsonl', 'pairs']) }).strict(),
    result: z.object({ fileName: z.string(), text: z.string(), rows: z.number() }),
  },
  'reviews.delete': { args: z.object({ id: Id }).strict(), result: z.object({ deleted: z.boolean() }) },
} as const;

export const reviewEvents = {
  /** A judgment was saved or removed, or the review was finished. */
  'reviews.changed': z.object({ reviewId: z.number() }),
} as const;
export type ReviewsChanged = z.infer<(typeof reviewEvents)['reviews.changed']>;
