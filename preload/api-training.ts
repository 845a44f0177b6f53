/**
 * The training part of the contract: runs (configuration, status, curves, checkpoints), start / stop / resume,
 * merged-weight export. Spread into `calls` in api.ts. The run configuration's schema is the one the CLI reads
 * from run.json (main/training/config.ts), so the window and the CLI accept exactly the same runs.
 */
import { z } from 'zod';
import { ItemIdSetName } from './api-itemids';
import { JobOwner } from './api-jobs';
import { FAMILIES } from './families';

/** The two bench shapes of the training issue (#5) and the studio's presets. */
export const PRESETS = {
  tiny: { layers: 2, width: 64, heads: 2, ffn: 256, vocabSize: 2000, maxLength: 64 },
  small: { layers: 2, width: 128, heads: 4, ffn: 512, vocabSize: 4000, maxLength: 64 },
  base: { layers: 4, width: 256, heads: 4, ffn: 1024, vocabSize: 8000, maxLength: 128 },
} as const;

/** Fine-tuning steps when a configuration gives neither steps nor epochs. */
export const DEFAULT_STEPS = 200;

/** Past these a configuration is a typo, not a plan: 10 million steps of the tiny preset take weeks on a laptop. */
export const MAX_STEPS = 10_000_000;
export const MAX_EPOCHS = 10_000;

/** A run that gives no warm-up warms up over this share of its steps (LUM's step-counted runs alike). */
export const WARMUP_FRACTION = 0.05;

/** The compute back end a run asks for; `auto` takes the first rung of model/backend.ts that starts. */
export const ComputeBackend = z.enum(['auto', 'tfjs-node-gpu', 'tfjs-node', 'native', 'wasm', 'cpu']);

const Id = z.number().int().positive();
const Positive = z.number().int().positive();

export const FAMILY_NAMES = FAMILIES;

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
    pretrainSteps: z.number().int().min(0).max(MAX_STEPS).default(0),
    /** Objective mixture for pretraining (GLM-10B's 0.5 / 0.3 / 0.2 by default). */
    objectives: z
      .object({ mask: z.number().min(0).default(0.5), sMask: z.number().min(0).default(0.3), gMask: z.number().min(0).default(0.2) })
      .strict()
      .default({ mask: 0.5, sMask: 0.3, gMask: 0.2 }),
    /** recsysllm: chronological spans and entity intra ids; glm: shuffled spans, GLM's ids. */
    spanOrder: z.enum(['recsysllm', 'glm']).default('recsysllm'),
    steps: z.number().int().min(1, 'steps must be at least 1 (a run of 0 steps trains nothing)').max(MAX_STEPS).optional(),
    epochs: z.number().positive().max(MAX_EPOCHS).optional(),
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
    warmupSteps: z.number().int().min(0).max(MAX_STEPS).optional(),
    weightDecay: z.number().min(0).max(1).default(0.01),
    clipNorm: z.number().positive().default(1),
    /** Initialisation, batch order and dropout. */
    seed: z.number().int().default(1),
    /**
     * Which examples exist: the 80/10/10 split, each train example's template and the sampled candidates. Runs
     * meant to be compared keep the same split seed (the default), whatever their own seed.
     */
    splitSeed: z.number().int().default(1),
    checkpointEvery: z.number().int().min(1).max(MAX_STEPS).default(100),
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
    backend: ComputeBackend.default('auto'),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const issue of crossFieldIssues(c)) ctx.addIssue({ code: 'custom', ...issue });
  });
export type RunConfigInput = z.input<typeof RunConfig>;
export type RunConfig = z.output<typeof RunConfig>;

/**
 * What the schema fills in for a configuration that says nothing: the one place the run's defaults live. The form
 * starts from it, the optimizer's defaults derive from it, and nothing else repeats a default.
 */
export const RUN_DEFAULTS: RunConfig = RunConfig.parse({});

/**
 * The rules that tie keys together, checked with the rest of the schema so a configuration that validates can run:
 * the model's shape (with the preset's values for keys left out), warm-up against the steps it warms up, and the
 * mixtures that must not be all zero.
 */
function crossFieldIssues(c: RunConfig): { message: string; path: string[] }[] {
  const issues: { message: string; path: string[] }[] = [];
  const preset = PRESETS[c.preset];
  const width = c.width ?? preset.width;
  const heads = c.heads ?? preset.heads;
  if (width % heads !== 0 && c.from === undefined) {
    const fits = [1, 2, 4, 8, 16, 32].filter((h) => width % h === 0 && h <= width);
    issues.push({
      message: `heads ${heads} does not divide width ${width} (each head takes width/heads dimensions): use heads ${fits.slice(-3).join(', ')} or another width`,
      path: [c.heads !== undefined ? 'heads' : 'width'],
    });
  }
  if (c.lora !== undefined && c.from === undefined)
    issues.push({ message: 'lora needs "from": adapters train on an earlier run\'s checkpoint', path: ['lora'] });
  if (c.steps !== undefined && c.epochs !== undefined) issues.push({ message: 'give steps or epochs, not both', path: ['epochs'] });
  // Warm-up counts every step (pretraining too); past the run's end the learning rate would never reach its peak.
  const steps = c.steps ?? (c.epochs === undefined && c.minutes === undefined ? DEFAULT_STEPS : undefined);
  if (c.warmupSteps !== undefined && steps !== undefined && c.warmupSteps >= steps + c.pretrainSteps)
    issues.push({
      message: `warmupSteps ${c.warmupSteps} is not shorter than the run (${steps + c.pretrainSteps} steps): the learning rate would never reach its peak`,
      path: ['warmupSteps'],
    });
  if (c.pretrainSteps > 0 && c.objectives.mask + c.objectives.sMask + c.objectives.gMask <= 0)
    issues.push({ message: 'every pretraining objective weight is 0', path: ['objectives'] });
  if (c.families.every((f) => (c.familyWeights[f] ?? 1) === 0))
    issues.push({ message: 'every chosen family has weight 0', path: ['familyWeights'] });
  return issues;
}

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
  /** As started, every default filled in (read through the schema when the row is read). */
  config: RunConfig,
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
  /** While running: the studio process that trains it. */
  owner: JobOwner.nullable(),
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

/**
 * The model's loss on the run's validation examples after `step` (0-based, as MetricPoint's): token-weighted over
 * all of them and per family, without dropout — the same cross-entropy the training loss is, on examples it never
 * trains on. Taken every few fine-tuning steps and at the last one.
 */
export const ValidationPoint = z.object({
  step: z.number(),
  loss: z.number(),
  byFamily: z.record(z.string(), z.number()),
  examples: z.number().int(),
});
export type ValidationPoint = z.infer<typeof ValidationPoint>;

export const Checkpoint = z.object({ step: z.number(), file: z.string(), bytes: z.number(), createdAt: z.string() });

export const trainingCalls = {
  'runs.list': { args: z.object({ datasetId: Id.optional() }).strict(), result: z.array(Run) },
  'runs.get': {
    args: z.object({ id: Id }).strict(),
    result: z.object({
      run: Run,
      metrics: z.array(MetricPoint),
      validation: z.array(ValidationPoint),
      checkpoints: z.array(Checkpoint),
      /** Null while the run is still timing its first steps ("estimating…"). */
      etaSeconds: z.number().nullable(),
    }),
  },
  /** Curves of several runs for one plot (at most 2,000 points each, evenly thinned). */
  'runs.metrics': {
    args: z.object({ ids: z.array(Id).min(1).max(12) }).strict(),
    result: z.array(z.object({ id: z.number(), name: z.string(), metrics: z.array(MetricPoint), validation: z.array(ValidationPoint) })),
  },
  /**
   * Starts a run in a worker. The configuration is checked here, once, by the schema that is its type (ranges,
   * unknown keys, the cross-field rules); the service then checks what needs the workspace (itemIds, templates, from).
   */
  'runs.start': {
    args: z.object({ datasetId: Id, config: RunConfig }).strict(),
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
  /** A validation loss was measured (then stored; `runs.changed` follows). */
  'runs.validation': z.object({ runId: z.number(), point: ValidationPoint }),
} as const;
export type RunsChanged = z.infer<(typeof trainingEvents)['runs.changed']>;
