/**
 * The bundle part of the contract (issue #15): a GLM run written as a PyTorch bundle, launched locally through
 * torchrun's launcher when PyTorch is installed, and its trained weights brought back as a checkpoint of the run.
 * Spread into `calls` in api.ts.
 */
import { z } from 'zod';
import { MetricPoint } from './api-training';
import { JobOwner } from './api-jobs';

const Id = z.number().int().positive();

/** Whether this machine can run a bundle: the Python with PyTorch found, or what is missing and how to get it. */
export const PyTorchInfo = z.object({
  available: z.boolean(),
  python: z.string().nullable(),
  torch: z.string().nullable(),
  gloo: z.boolean(),
  gpus: z.number(),
  cores: z.number(),
  /** One sentence for the window and the CLI: what was found, or what is missing and how to install it. */
  message: z.string(),
});
export type PyTorchInfo = z.infer<typeof PyTorchInfo>;

export const BundleCheckpoint = z.object({ step: z.number(), file: z.string(), bytes: z.number(), imported: z.boolean() });

/** The run's bundle in its workspace folder (what the window writes, launches and imports from). */
export const BundleInfo = z.object({
  dir: z.string(),
  createdAt: z.string(),
  startStep: z.number(),
  endStep: z.number(),
  bytes: z.number(),
  tokens: z.number(),
  studioLoss: z.number(),
  lora: z.boolean(),
  /** The identifier set the bundle writes items with (`semantic v2, 1,682 items`), or null: items by their titles. */
  itemIds: z.string().nullable(),
  /** torch checkpoints in the bundle's checkpoints/ folder, newest last. */
  checkpoints: z.array(BundleCheckpoint),
});
export type BundleInfo = z.infer<typeof BundleInfo>;

export const LaunchStatus = z.enum(['running', 'done', 'failed', 'stopped', 'interrupted']);

export const BundleLaunch = z.object({
  id: z.number(),
  runId: z.number(),
  processes: z.number(),
  startStep: z.number(),
  endStep: z.number(),
  status: LaunchStatus,
  /** What train.py reported when it started: world size, process-group back end, device, torch version. */
  detail: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  stepsDone: z.number(),
  lastLoss: z.number().nullable(),
  /** Live while running: the job to follow for progress. */
  jobId: z.string().nullable(),
  /** While running: the studio process that launched it (a window, `studio serve`, `studio runs torchrun`). */
  owner: JobOwner.nullable(),
});
export type BundleLaunch = z.infer<typeof BundleLaunch>;

export const BundleImport = z.object({ step: z.number(), source: z.string(), producer: z.string(), createdAt: z.string() });
export type BundleImport = z.infer<typeof BundleImport>;

/** A step of a torchrun launch: a studio step's figures (train.py reports them alike), without the run's phase. */
export const LaunchPoint = MetricPoint.omit({ phase: true });
export type LaunchPoint = z.infer<typeof LaunchPoint>;

export const BundleStatus = z.object({
  runId: z.number(),
  bundle: BundleInfo.nullable(),
  /** The job writing the bundle, while one is. */
  writingJobId: z.string().nullable(),
  launches: z.array(BundleLaunch),
  imports: z.array(BundleImport),
});
export type BundleStatus = z.infer<typeof BundleStatus>;

export const ImportedWeights = z.object({
  runId: z.number(),
  step: z.number(),
  file: z.string(),
  bytes: z.number(),
  source: z.string(),
  /** Whether the AdamW moments came along (then the run can resume from this checkpoint). */
  withOptimizer: z.boolean(),
});
export type ImportedWeights = z.infer<typeof ImportedWeights>;

export const bundleCalls = {
  'bundles.get': { args: z.object({ runId: Id }).strict(), result: BundleStatus },
  /** Looks for Python with PyTorch (cached; `refresh` looks again, e.g. after installing it). */
  'bundles.pytorch': { args: z.object({ refresh: z.boolean().default(false) }).strict(), result: PyTorchInfo },
  /**
   * Writes the run's bundle into its workspace folder (replacing the previous one) in a worker: from the checkpoint
   * at `step` (0: the initial weights; default: the newest checkpoint), `steps` steps (default: to the end of the run).
   */
  'bundles.write': {
    args: z
      .object({ runId: Id, step: z.number().int().min(0).optional(), steps: z.number().int().positive().max(10_000_000).optional() })
      .strict(),
    result: z.object({ jobId: z.string() }),
  },
  /** Trains the run's bundle on this machine: `processes` processes through torchrun's launcher (gloo on CPUs, NCCL on GPUs). */
  'bundles.launch': {
    args: z
      .object({ runId: Id, processes: z.number().int().min(1).max(64).default(2), steps: z.number().int().positive().optional() })
      .strict(),
    result: z.object({ launchId: z.number(), jobId: z.string() }),
  },
  /** Asks a launch to stop after its current step, with a checkpoint there. */
  'bundles.stop': { args: z.object({ launchId: Id }).strict(), result: z.object({ stopping: z.boolean() }) },
  'bundles.metrics': {
    args: z.object({ launchIds: z.array(Id).min(1).max(12) }).strict(),
    result: z.array(z.object({ launchId: z.number(), metrics: z.array(LaunchPoint) })),
  },
  /**
   * Brings PyTorch weights back as a new checkpoint of the run: the newest checkpoint of the run's bundle, or a
   * `.safetensors` file the user picked or uploaded (`file`, a staged file id).
   */
  'bundles.importWeights': { args: z.object({ runId: Id, file: z.string().optional() }).strict(), result: ImportedWeights },
} as const;

export const bundleEvents = {
  /** A run's bundle was written, a launch stepped or ended, or weights came back. */
  'bundles.changed': z.object({ runId: z.number() }),
} as const;
export type BundlesChanged = z.infer<(typeof bundleEvents)['bundles.changed']>;
