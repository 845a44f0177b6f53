/**
 * The large user model's part of the contract (issue #11, docs/algorithms.md §4): LUM runs (configuration, status,
 * curves, checkpoints), knowledge querying under conditions, and the rankers that use what it knows. Spread into
 * `calls` in api.ts. `LumConfig` is what `studio lum train --config lum.json` reads, so the window and the CLI accept
 * exactly the same runs.
 */
import { z } from 'zod';
import { JobOwner } from './api-jobs';
import { ComputeBackend, RUN_DEFAULTS } from './api-training';

/** LUM sizes for the scaling sweep: width and depth grow together; every preset reads 64 (condition, item) pairs. */
export const LUM_PRESETS = {
  tiny: { layers: 1, width: 32, heads: 2, ffn: 128, contextLength: 128 },
  small: { layers: 2, width: 64, heads: 4, ffn: 256, contextLength: 128 },
  base: { layers: 4, width: 128, heads: 4, ffn: 512, contextLength: 128 },
} as const;
export type LumPresetName = keyof typeof LUM_PRESETS;

/** Training steps when a configuration gives neither steps nor minutes. */
export const DEFAULT_LUM_STEPS = 300;

const Id = z.number().int().positive();
const Positive = z.number().int().positive();

export const LumConfig = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    /**
     * The item field whose value is each behaviour's condition token (ml-100k: `class`). Left out: the dataset's
     * category or genre field. null: no condition tokens (every condition is one null token; the paper's ablation).
     */
    condition: z.string().trim().min(1).max(80).nullable().optional(),
    preset: z.enum(['tiny', 'small', 'base']).default('small'),
    layers: Positive.max(24).optional(),
    width: Positive.max(1024).optional(),
    heads: Positive.max(32).optional(),
    ffn: Positive.max(8192).optional(),
    /** Tokens per packed row: (condition, item) pairs take two each. */
    contextLength: Positive.min(8).max(1024).optional(),
    dropout: z.number().min(0).max(0.9).default(RUN_DEFAULTS.dropout),
    /** InfoNCE temperature: similarities (dot products) are divided by it. */
    temperature: z.number().positive().max(100).default(1),
    steps: Positive.max(1_000_000).optional(),
    /** Train for this long instead of a number of steps (learning rate constant after warm-up). */
    minutes: z
      .number()
      .positive()
      .max(24 * 60)
      .optional(),
    // The optimizer's and the run's defaults are the training run's (RUN_DEFAULTS): one place for both kinds of run.
    /** Packed rows per step, each `contextLength` tokens holding the sequences of several users. */
    batchSize: Positive.max(1024).default(RUN_DEFAULTS.batchSize),
    learningRate: z.number().positive().max(1).default(RUN_DEFAULTS.learningRate),
    /** Left out: WARMUP_FRACTION of the steps, or 20 steps for a run bounded by minutes. */
    warmupSteps: z.number().int().min(0).max(1_000_000).optional(),
    weightDecay: z.number().min(0).max(1).default(RUN_DEFAULTS.weightDecay),
    clipNorm: z.number().positive().default(RUN_DEFAULTS.clipNorm),
    /** Initialisation, batch order, dropout. */
    seed: z.number().int().default(RUN_DEFAULTS.seed),
    checkpointEvery: Positive.default(RUN_DEFAULTS.checkpointEvery),
    backend: ComputeBackend.default(RUN_DEFAULTS.backend),
  })
  .strict()
  .refine((c) => c.steps === undefined || c.minutes === undefined, {
    message: 'give steps or minutes, not both',
    path: ['minutes'],
  })
  // The same cross-field rules as a GLM run's: a configuration that validates can run.
  .superRefine((c, ctx) => {
    const width = c.width ?? LUM_PRESETS[c.preset].width;
    const heads = c.heads ?? LUM_PRESETS[c.preset].heads;
    if (width % heads !== 0)
      ctx.addIssue({
        code: 'custom',
        message: `heads ${heads} does not divide width ${width} (each head takes width/heads dimensions)`,
        path: [c.heads !== undefined ? 'heads' : 'width'],
      });
    const steps = c.minutes === undefined ? (c.steps ?? DEFAULT_LUM_STEPS) : undefined;
    if (c.warmupSteps !== undefined && steps !== undefined && c.warmupSteps >= steps)
      ctx.addIssue({
        code: 'custom',
        message: `warmupSteps ${c.warmupSteps} is not shorter than the run (${steps} steps): the learning rate would never reach its peak`,
        path: ['warmupSteps'],
      });
  });
export type LumConfigInput = z.input<typeof LumConfig>;
export type LumConfig = z.output<typeof LumConfig>;
/** What the schema fills in for a LUM configuration that says nothing (the form's placeholders show it). */
export const LUM_DEFAULTS: LumConfig = LumConfig.parse({});

export const LumStatus = z.enum(['running', 'done', 'failed', 'stopped', 'interrupted']);
export type LumStatus = z.infer<typeof LumStatus>;

/** What a run resolved to when it started: the shape, the condition field, the sizes the scaling plot uses. */
export const LumResolved = z.object({
  name: z.string(),
  condition: z.string().nullable(),
  preset: z.string(),
  layers: z.number(),
  width: z.number(),
  heads: z.number(),
  ffn: z.number(),
  contextLength: z.number(),
  dropout: z.number(),
  temperature: z.number(),
  steps: z.number().nullable(),
  minutes: z.number().nullable(),
  batchSize: z.number(),
  learningRate: z.number(),
  warmupSteps: z.number(),
  weightDecay: z.number(),
  clipNorm: z.number(),
  seed: z.number(),
  checkpointEvery: z.number(),
  backend: z.string(),
  /** Every parameter, and those outside the token tables (the transformer and the projections). */
  params: z.number(),
  nonEmbeddingParams: z.number(),
  items: z.number(),
  conditionValues: z.number(),
  /** (condition, item) pairs LUM learns from: every user's behaviour before the ranker's windows. */
  pretrainPairs: z.number(),
  users: z.number(),
});
export type LumResolved = z.infer<typeof LumResolved>;

export const LumSummary = z.object({
  steps: z.number(),
  initialLoss: z.number().nullable(),
  finalLoss: z.number().nullable(),
  /** In-batch top-1 accuracy at condition positions, mean of the last 10 steps. */
  finalAccuracy: z.number().nullable(),
  tokensPerSecond: z.number(),
  tokens: z.number(),
  /** Training compute, 6 · non-embedding parameters · tokens (FLOPs). */
  compute: z.number(),
  backend: z.string(),
});
export type LumSummary = z.infer<typeof LumSummary>;

export const RankVariant = z.enum(['full', 'direct', 'without']);
export type RankVariant = z.infer<typeof RankVariant>;
export const RANK_VARIANTS: readonly RankVariant[] = ['full', 'direct', 'without'];

export const LumRankingReport = z.object({
  trainRows: z.number(),
  validRows: z.number(),
  testRows: z.number(),
  testUsers: z.number(),
  positiveShare: z.number(),
  features: z.number(),
  epochs: z.number(),
  bestEpoch: z.number(),
  validAuc: z.number(),
  /** Validation AUC after each epoch (the curve early stopping read). */
  curve: z.array(z.number()),
  seed: z.number(),
  seconds: z.number(),
});
export type LumRankingReport = z.infer<typeof LumRankingReport>;

export const LumRanking = z.object({
  id: z.number(),
  runId: z.number(),
  variant: RankVariant,
  checkpoint: z.number(),
  auc: z.number(),
  gauc: z.number(),
  report: LumRankingReport,
  createdAt: z.string(),
});
export type LumRanking = z.infer<typeof LumRanking>;

export const LumRun = z.object({
  id: z.number(),
  datasetId: z.number(),
  name: z.string(),
  config: z.record(z.string(), z.unknown()),
  resolved: LumResolved.nullable(),
  status: LumStatus,
  backend: z.string().nullable(),
  backendNote: z.string().nullable(),
  stepsDone: z.number(),
  totalSteps: z.number().nullable(),
  error: z.string().nullable(),
  summary: LumSummary.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Live while training: the job to follow for progress. */
  jobId: z.string().nullable(),
  /** While running: the studio process that trains it. */
  owner: JobOwner.nullable(),
  /** Live while its rankers train. */
  rankJobId: z.string().nullable(),
  lastLoss: z.number().nullable(),
  lastCheckpoint: z.number().nullable(),
  /** The newest ranking of each variant. */
  rankings: z.array(LumRanking),
});
export type LumRun = z.infer<typeof LumRun>;

export const LumMetric = z.object({
  step: z.number(),
  loss: z.number(),
  accuracy: z.number(),
  lr: z.number(),
  gradNorm: z.number(),
  tokens: z.number(),
  tokensPerSecond: z.number(),
  elapsed: z.number(),
});
export type LumMetric = z.infer<typeof LumMetric>;

export const LumCheckpoint = z.object({ step: z.number(), file: z.string(), bytes: z.number(), createdAt: z.string() });

/** A field items can be conditioned on, with its commonest values. */
export const ConditionField = z.object({
  field: z.string(),
  distinct: z.number(),
  top: z.array(z.object({ value: z.string(), items: z.number() })),
});
export type ConditionField = z.infer<typeof ConditionField>;

const Condition = z.string().regex(/^[^=]+=.+$/, 'a condition is FIELD=VALUE');

export const LumQueryArgs = z
  .object({
    runId: Id,
    /** Users by the dataset's own ids; their whole history is read. */
    users: z.array(z.string().min(1)).min(1).max(50),
    conditions: z.array(Condition).min(1).max(32),
    top: z.number().int().min(1).max(100).default(10),
  })
  .strict();

const QueryItem = z.object({ extId: z.string(), title: z.string().nullable(), values: z.array(z.string()) });
export const LumQueryResult = z.object({
  runId: z.number(),
  checkpoint: z.number(),
  field: z.string().nullable(),
  conditions: z.array(z.string()),
  users: z.array(
    z.object({
      extId: z.string(),
      /** The newest interactions first (at most 30), with each item's values of the condition field. */
      history: z.array(QueryItem.extend({ rating: z.number().nullable() })),
      historyLength: z.number(),
      results: z.array(
        z.object({
          condition: z.string(),
          /** Nearest items by dot product with the interest vector, the user's history left out. */
          top: z.array(QueryItem.extend({ score: z.number() })),
          /** Share of the top items whose condition field holds the queried value. */
          matching: z.number(),
          /** Mean and standard deviation of the scores over the whole catalog, for scale. */
          mean: z.number(),
          sd: z.number(),
        }),
      ),
    }),
  ),
});
export type LumQueryResult = z.infer<typeof LumQueryResult>;

export const lumCalls = {
  /** The item fields a run can take its condition from, and the default one. */
  'lum.fields': {
    args: z.object({ datasetId: Id }).strict(),
    result: z.object({ fields: z.array(ConditionField), defaultField: z.string().nullable() }),
  },
  'lum.list': { args: z.object({ datasetId: Id.optional() }).strict(), result: z.array(LumRun) },
  'lum.get': {
    args: z.object({ id: Id }).strict(),
    result: z.object({ run: LumRun, metrics: z.array(LumMetric), checkpoints: z.array(LumCheckpoint), etaSeconds: z.number().nullable() }),
  },
  'lum.start': {
    args: z.object({ datasetId: Id, config: z.record(z.string(), z.unknown()) }).strict(),
    result: z.object({ runId: z.number(), jobId: z.string() }),
  },
  'lum.stop': { args: z.object({ id: Id }).strict(), result: z.object({ stopping: z.boolean() }) },
  'lum.resume': { args: z.object({ id: Id }).strict(), result: z.object({ runId: z.number(), jobId: z.string() }) },
  'lum.delete': { args: z.object({ id: Id }).strict(), result: z.object({ deleted: z.boolean() }) },
  /** Step 2: one group-query pass per user gives an interest vector per condition; returns each one's nearest items. */
  'lum.query': { args: LumQueryArgs, result: LumQueryResult },
  /** Step 3: trains the click rankers (with LUM features, direct features only, without) in a worker. */
  'lum.rank': {
    args: z
      .object({
        runId: Id,
        variants: z.array(RankVariant).min(1).max(3).default(['full', 'direct', 'without']),
        /** Fixes the sampled negatives, the validation users and the ranker's initialisation. */
        seed: z.number().int().min(0).default(1),
      })
      .strict(),
    result: z.object({ jobId: z.string() }),
  },
} as const;

export const lumEvents = {
  /** A LUM run started, stepped, checkpointed, was ranked or finished. */
  'lum.changed': z.object({ runId: z.number() }),
} as const;
export type LumChanged = z.infer<(typeof lumEvents)['lum.changed']>;
