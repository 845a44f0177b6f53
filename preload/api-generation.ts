/**
 * The generation and evaluation part of the contract: batch generation from a run's checkpoint over a split
 * (greedy, beam, sampling; item families decode through the catalog trie), browsing generations, metrics per
 * family and template with seen/unseen, and the classic baselines on the same splits. Spread into `calls`.
 */
import { z } from 'zod';
import { JobOwner } from './api-jobs';
import { ExampleSplit, Family } from './api-templates';

const Id = z.number().int().positive();

export const Decoding = z
  .object({
    method: z.enum(['greedy', 'beam', 'sample']).default('greedy'),
    /** Beam width (item families default to 20, the number of distinct items returned). */
    width: z.number().int().min(1).max(20).default(20),
    temperature: z.number().positive().max(10).default(1),
    topK: z.number().int().min(0).default(0),
    topP: z.number().min(0).max(1).default(1),
    seed: z.number().int().default(1),
    maxTokens: z.number().int().min(1).max(256).default(48),
    /** Item examples decoded together through the key/value cache; fewer use less memory and report sooner. */
    batch: z.number().int().min(1).max(64).default(32),
    /**
     * Item families with an identifier set: at most this share of each list may be cold items (in no training
     * sequence) placed by their code prefix (TIGER's ε); 0 lists only what the beam finishes on.
     */
    coldShare: z.number().min(0).max(1).default(0.1),
  })
  .strict();
export type Decoding = z.infer<typeof Decoding>;

export const GenerationStart = z
  .object({
    runId: Id,
    /** A checkpoint step of the run (default: its last). */
    checkpoint: z.number().int().min(0).optional(),
    family: Family,
    split: ExampleSplit.default('test'),
    /** Only these templates (default: every template of the family). */
    templates: z.array(z.string()).min(1).optional(),
    /** At most this many examples (the first in the split's stable order). */
    limit: z.number().int().min(1).optional(),
    decoding: Decoding.default(Decoding.parse({})),
    /** Item families: never recommend an item already in the user's history. */
    excludeHistory: z.boolean().default(true),
  })
  .strict();
export type GenerationStart = z.input<typeof GenerationStart>;

export const GenerationSet = z.object({
  id: z.number(),
  runId: z.number(),
  checkpoint: z.number(),
  family: Family,
  split: ExampleSplit,
  decoding: Decoding,
  excludeHistory: z.boolean(),
  templates: z.array(z.string()).nullable(),
  limit: z.number().nullable(),
  status: z.enum(['running', 'done', 'failed', 'stopped', 'interrupted']),
  done: z.number(),
  total: z.number().nullable(),
  invalidItems: z.number(),
  error: z.string().nullable(),
  createdAt: z.string(),
  jobId: z.string().nullable(),
  /** While running: the studio process that generates it. */
  owner: JobOwner.nullable(),
  /** Item families: milliseconds of the catalog beam per example (many users decoded together), once done. */
  msPerExample: z.number().nullable(),
});
export type GenerationSet = z.infer<typeof GenerationSet>;

export const GenerationRow = z.object({
  index: z.number(),
  template: z.string(),
  seen: z.boolean(),
  userId: z.number(),
  /** The user's id in the dataset (the one prompts and people use); `userId` is the studio's internal id. */
  userExt: z.string(),
  input: z.string(),
  output: z.string(),
  reference: z.string(),
  score: z.number(),
  /** Item families: the 1-based rank of the true item among the returned items (full catalog), null if absent. */
  rank: z.number().nullable(),
  /** Item families: rank among the 100 sampled candidates. */
  sampledRank: z.number().nullable(),
  /** Item families: whether the top output names a catalog item. */
  valid: z.boolean().nullable(),
  /** Item families: the returned item ids, best first. */
  items: z.array(z.number()).nullable(),
  /** Item families: the item the target names (null for other families). */
  target: z.number().nullable(),
});
export type GenerationRow = z.infer<typeof GenerationRow>;

export const MetricTable = z.record(z.string(), z.number());
export const FamilyReport = z.object({
  family: Family,
  sets: z.array(z.number()),
  seen: MetricTable,
  unseen: MetricTable,
  byTemplate: z.record(z.string(), MetricTable),
});
export const EvaluationReport = z.object({
  runId: z.number(),
  split: ExampleSplit,
  families: z.array(FamilyReport),
  notes: z.array(z.string()),
});
export type EvaluationReport = z.infer<typeof EvaluationReport>;

export const BaselineReport = z.object({
  datasetId: z.number(),
  seed: z.number(),
  split: z.string(),
  models: z.array(z.object({ name: z.string(), metrics: MetricTable, seconds: z.number() })),
  notes: z.array(z.string()),
  createdAt: z.string(),
});
export type BaselineReport = z.infer<typeof BaselineReport>;

export const generationCalls = {
  'generations.start': { args: GenerationStart, result: z.object({ setId: z.number(), jobId: z.string() }) },
  'generations.resume': { args: z.object({ setId: Id }).strict(), result: z.object({ setId: z.number(), jobId: z.string() }) },
  'generations.sets': { args: z.object({ runId: Id.optional() }).strict(), result: z.array(GenerationSet) },
  'generations.rows': {
    args: z
      .object({
        setId: Id,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(50),
        template: z.string().optional(),
        /** Item families: only hits (rank ≤ 10) or misses. */
        outcome: z.enum(['any', 'hit', 'miss', 'invalid']).default('any'),
        text: z.string().max(200).optional(),
      })
      .strict(),
    result: z.object({ total: z.number(), rows: z.array(GenerationRow) }),
  },
  'generations.delete': { args: z.object({ setId: Id }).strict(), result: z.object({ deleted: z.boolean() }) },
  /** Every metric of the run's latest generation set per family on a split, seen and unseen, per template. */
  'evaluation.report': { args: z.object({ runId: Id, split: ExampleSplit.default('test') }).strict(), result: EvaluationReport },
  /** The classic baselines on the dataset's leave-one-out split (computed in a worker the first time, then stored; `compute: false` only reads). */
  'evaluation.baselines': {
    args: z
      .object({
        datasetId: Id,
        seed: z.number().int().default(1),
        refresh: z.boolean().default(false),
        /** false: only read what is stored (and a job already computing it); never start one. */
        compute: z.boolean().default(true),
      })
      .strict(),
    result: z.object({ report: BaselineReport.nullable(), jobId: z.string().nullable() }),
  },
} as const;

export const generationEvents = {
  'generations.changed': z.object({ setId: z.number() }),
  'evaluation.baselinesChanged': z.object({ datasetId: z.number() }),
} as const;
export type BaselinesReportChanged = z.infer<(typeof generationEvents)['evaluation.baselinesChanged']>;
export type GenerationsChanged = z.infer<(typeof generationEvents)['generations.changed']>;
