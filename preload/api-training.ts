/**
 * The training part of the contract: runs (configuration, status, curves, checkpoints), start / stop / resume,
 * merged-weight export. Spread into `calls` in api.ts. The run configuration's schema is the one the CLI reads
 * from run.json (main/training/config.ts), so the window and the CLI accept exactly the same runs.
 */
import { z } from 'zod';
import { ItemIdSetName } from './api-itemids';

/** The two bench shapes of the training issue (#5) and the studio's presets. */
export const PRESETS = {
  tiny: { layers: 2, width: 64, heads: 2, ffn: 256, vocabSize: 2000, maxLength: 64 },
  small: { layers: 2, width: 128, heads: 4, ffn: 512, vocabSize: 4000, maxLength: 64 },
  base: { layers: 4, width: 256, heads: 4, ffn: 1024, vocabSize: 8000, maxLength: 128 },
} as const;

/** Fine-tuning steps when a configuration gives neither steps nor epochs. */
export const DEFAULT_STEPS = 200;

const Id = z.number().int().positive();
const Positive = z.number().int().positive();

export const FAMILY_NAMES = ['rating', 'sequential', 'explanation', 'review', 'direct'] as const;

export const RunConfig = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    split: z.enum(['leave-one-out']).default('leave-one-out'),
    /** Task families fine-tuned on, with mixture weights (default: equal). Unseen templates are always held out. */
    families: z.array(z.enum(FAMILY_NAMES)).min(1).default(['sequential', 'rating', 'explanation']),
    familyWeights: z.partialRecord(z.enum(FAMILY_NAMES), z.number().min(0)).default({}),
    preset: z.enum(['tiny', 'small', 'base']).default('tiny'),
    layers: Positive.max(48).optional(),
    width: Positive.max(4096).optional(),
    heads: Positive.max(64).optional(),
    ffn: Positive.max(16384).optional(),
    contextLength: Positive.min(16).max(2048).optional(),
    vocabSize: Positive.min(64).max(64000).optional(),
    dropout: z.number().min(0).max(0.9).default(0.1),
    /** Blank-infilling steps on the textualized records before fine-tuning (0: fine-tuning only). */
    pretrainSteps: z.number().int().min(0).default(0),
    /** Objective mixture for pretraining (GLM-10B's 0.5 / 0.3 / 0.2 by default). */
    objectives: z
      .object({ mask: z.number().min(0).default(0.5), sMask: z.number().min(0).default(0.3), gMask: z.number().min(0).default(0.2) })
      .strict()
      .default({ mask: 0.5, sMask: 0.3, gMask: 0.2 }),
    /** recsysllm: chronological spans and entity intra ids; glm: shuffled spans, GLM's ids. */
    spanOrder: z.enum(['recsysllm', 'glm']).default('recsysllm'),
    steps: z.number().int().min(0).optional(),
    epochs: z.number().positive().optional(),
    /**
     * A time budget: the run sizes its step counts after measuring its speed (keeping the ratio of pretrainSteps to
     * steps) so its schedule completes in about this many minutes, and it ends at the budget with a checkpoint.
     */
    minutes: z.number().positive().max(10080).optional(),
    /** Items written as this identifier set's identifiers (Item IDs page; its newest finished version). Default: titles. */
    itemIds: ItemIdSetName.optional(),
    /** Fine-tune on these seen templates only (default: every seen template of the chosen families). */
    templates: z.array(z.string().min(1)).min(1).optional(),
    batchSize: Positive.max(1024).default(16),
    learningRate: z.number().positive().max(1).default(1e-3),
    warmupSteps: z.number().int().min(0).optional(),
    weightDecay: z.number().min(0).max(1).default(0.01),
    clipNorm: z.number().positive().default(1),
    /** Initialisation, batch order and dropout. */
    seed: z.number().int().default(1),
    /**
     * Which examples exist: the 80/10/10 split, each train example's template and the sampled candidates. Runs
     * meant to be compared keep the same split seed (the default), whatever their own seed.
     */
    splitSeed: z.number().int().default(1),
    checkpointEvery: z.number().int().min(1).default(100),
    /** Fine-tune from an earlier run's checkpoint (its last one unless `step` is given). */
    from: z
      .object({ runId: Positive, step: z.number().int().min(0).optional() })
      .strict()
      .optional(),
    lora: z
      .object({
        rank: Positive.max(256).default(8),
        alpha: z.number().positive().default(16),
        targets: z
          .array(z.enum(['qkv', 'attnOut', 'ffnUp', 'ffnDown']))
          .min(1)
          .default(['qkv', 'attnOut', 'ffnUp', 'ffnDown']),
      })
      .strict()
      .optional(),
    /** The compute back end: the fastest that loads (auto), or one rung of the ladder, which then must load. */
    backend: z.enum(['auto', 'tfjs-node-gpu', 'tfjs-node', 'native', 'wasm', 'cpu']).default('auto'),
  })
  .strict()
  .refine((c) => c.lora === undefined || c.from !== undefined, {
    message: 'lora needs "from": adapters train on an earlier run\'s checkpoint',
    path: ['lora'],
  });
export type RunConfigInput = z.input<typeof RunConfig>;
export type RunConfig = z.output<typeof RunConfig>;

export const RunStatus = z.enum(['running', 'done', 'failed', 'stopped', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunSummaryStats = z.object({
  runId: z.number(),
  status: RunStatus,
  steps: z.number(),
  backend: z.string(),
  initialLoss: z.number().nullable(),
  finalLoss: z.number().nullable(),
  lossByFamily: z.record(z.string(), z.number()),
  tokensPerSecond: z.number(),
});
export type RunSummaryStats = z.infer<typeof RunSummaryStats>;

export const Run = z.object({
  id: z.number(),
  datasetId: z.number(),
  name: z.string(),
  config: z.record(z.string(), z.unknown()),
  /** The configuration with every default made explicit (model shape, steps, warmup), once the run has started. */
  resolved: z.record(z.string(), z.unknown()).nullable(),
  status: RunStatus,
  backend: z.string().nullable(),
  backendNote: z.string().nullable(),
  stepsDone: z.number(),
  totalSteps: z.number().nullable(),
  error: z.string().nullable(),
  summary: RunSummaryStats.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Live while running: the job to follow for progress. */
  jobId: z.string().nullable(),
  lastLoss: z.number().nullable(),
  /** The newest checkpoint's step (what fine-tuning `from` this run or generation starts from), if any. */
  lastCheckpoint: z.number().nullable(),
});
export type Run = z.infer<typeof Run>;

export const MetricPoint = z.object({
  step: z.number(),
  phase: z.enum(['pretrain', 'finetune']),
  loss: z.number(),
  lr: z.number(),
  gradNorm: z.number(),
  tokensPerSecond: z.number(),
  elapsed: z.number(),
  byFamily: z.record(z.string(), z.number()),
});
export type MetricPoint = z.infer<typeof MetricPoint>;

export const Checkpoint = z.object({ step: z.number(), file: z.string(), bytes: z.number(), createdAt: z.string() });

export const trainingCalls = {
  'runs.list': { args: z.object({ datasetId: Id.optional() }).strict(), result: z.array(Run) },
  'runs.get': {
    args: z.object({ id: Id }).strict(),
    result: z.object({ run: Run, metrics: z.array(MetricPoint), checkpoints: z.array(Checkpoint), etaSeconds: z.number().nullable() }),
  },
  /** Curves of several runs for one plot (at most 2,000 points each, evenly thinned). */
  'runs.metrics': {
    args: z.object({ ids: z.array(Id).min(1).max(12) }).strict(),
    result: z.array(z.object({ id: z.number(), name: z.string(), metrics: z.array(MetricPoint) })),
  },
  /** Validates the configuration against the dataset and starts a run in a worker. */
  'runs.start': {
    args: z.object({ datasetId: Id, config: z.record(z.string(), z.unknown()) }).strict(),
    result: z.object({ runId: z.number(), jobId: z.string() }),
  },
  /** Stops at the end of the current step, writing a checkpoint there. */
  'runs.stop': { args: z.object({ id: Id }).strict(), result: z.object({ stopping: z.boolean() }) },
  /** Continues a stopped or interrupted run from its last checkpoint (from the start if it has none). */
  'runs.resume': { args: z.object({ id: Id }).strict(), result: z.object({ runId: z.number(), jobId: z.string() }) },
  'runs.delete': { args: z.object({ id: Id }).strict(), result: z.object({ deleted: z.boolean() }) },
  /** Writes the run's last checkpoint with LoRA merged into plain weights; returns the file. */
  'runs.exportMerged': { args: z.object({ id: Id }).strict(), result: z.object({ file: z.string(), bytes: z.number() }) },
} as const;

export const trainingEvents = {
  /** A run started, stepped, checkpointed or finished. */
  'runs.changed': z.object({ runId: z.number() }),
} as const;
