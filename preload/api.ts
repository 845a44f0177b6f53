/**
 * The ONE contract between the window and the back end: every call and every event, with the
 * runtime schemas both transports validate payloads against. The renderer imports only types
 * and the call/event name lists from here; main/ imports the schemas to validate.
 */
import { z } from 'zod';
import { entityCalls, entityEvents } from './api-entities';
import { templateCalls, templateEvents } from './api-templates';
import { trainingCalls, trainingEvents } from './api-training';
import { generationCalls, generationEvents } from './api-generation';
import { reviewCalls, reviewEvents } from './api-review';
import { JobOwner } from './api-jobs';
import { itemIdCalls, itemIdEvents } from './api-itemids';
import { lumCalls, lumEvents } from './api-lum';
import { bundleCalls, bundleEvents } from './api-bundle';

const Id = z.number().int().positive();
const Name = z.string().trim().min(1, 'name is empty').max(120, 'name is longer than 120 characters');

export const ImportFormat = z.enum(['recbole', 'movielens', 'amazon', 'csv', 'jsonl']);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** A file the back end holds on the user's behalf (picked in a dialog or uploaded); the window only ever names it by id. */
export const StagedFile = z.object({ id: z.string(), name: z.string(), size: z.number() });
export type StagedFile = z.infer<typeof StagedFile>;

export const SplitInfo = z.object({
  rule: z.string(),
  train: z.number(),
  valid: z.number(),
  test: z.number(),
  createdAt: z.string(),
});
export type SplitInfo = z.infer<typeof SplitInfo>;

export const DatasetSummary = z.object({
  id: Id,
  name: z.string(),
  format: z.string(),
  source: z.string(),
  createdAt: z.string(),
  users: z.number(),
  items: z.number(),
  interactions: z.number(),
  skipped: z.number(),
  split: SplitInfo.nullable(),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

export const SortDir = z.enum(['asc', 'desc']);
const PageArgs = {
  datasetId: Id,
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
  dir: SortDir.default('asc'),
  filter: z.string().max(200).default(''),
};

export const UserRow = z.object({
  id: z.number(),
  extId: z.string(),
  features: z.record(z.string(), z.unknown()),
  interactions: z.number(),
});
export type UserRow = z.infer<typeof UserRow>;
export const ItemRow = z.object({
  id: z.number(),
  extId: z.string(),
  title: z.string().nullable(),
  attrs: z.record(z.string(), z.unknown()),
  interactions: z.number(),
});
export type ItemRow = z.infer<typeof ItemRow>;
export const InteractionRow = z.object({
  id: z.number(),
  userId: z.number(),
  userExt: z.string(),
  itemId: z.number(),
  itemExt: z.string(),
  itemTitle: z.string().nullable(),
  rating: z.number().nullable(),
  timestamp: z.number().nullable(),
  review: z.string().nullable(),
  summary: z.string().nullable(),
  split: z.enum(['train', 'valid', 'test']).nullable(),
});
export type InteractionRow = z.infer<typeof InteractionRow>;

export const Page = <T extends z.ZodTypeAny>(row: T) => z.object({ total: z.number(), rows: z.array(row) });
export interface PageOf<T> {
  total: number;
  rows: T[];
}

export const Histogram = z.array(z.object({ x: z.number(), count: z.number() }));
export type Histogram = z.infer<typeof Histogram>;
export const DatasetStats = z.object({
  users: z.number(),
  items: z.number(),
  interactions: z.number(),
  density: z.number(),
  ratings: Histogram,
  perUser: Histogram,
  perItem: Histogram,
  sequenceLength: Histogram,
  withReview: z.number(),
  withSummary: z.number(),
  firstTimestamp: z.number().nullable(),
  lastTimestamp: z.number().nullable(),
});
export type DatasetStats = z.infer<typeof DatasetStats>;

export const SkippedRow = z.object({ file: z.string(), line: z.number(), field: z.string().nullable(), reason: z.string() });
export type SkippedRow = z.infer<typeof SkippedRow>;

import { MAP_FIELDS, RATING_LIMIT } from './import-limits';
export { MAP_FIELDS, RATING_LIMIT };

/** The ratings an import accepts, `[lo, hi]` inclusive: inferred from the data (shown in the preview) or given. */
export const RatingRange = z
  .tuple([z.number(), z.number()])
  .refine(([lo, hi]) => lo < hi, 'the rating range needs lo < hi')
  .refine(([lo, hi]) => Math.abs(lo) <= RATING_LIMIT && Math.abs(hi) <= RATING_LIMIT, `the rating range must lie within ±${RATING_LIMIT}`);
export type RatingRange = z.infer<typeof RatingRange>;

export const ImportPreview = z.object({
  format: ImportFormat,
  columns: z.array(z.string()),
  sample: z.array(z.record(z.string(), z.string())),
  suggestedMap: z.record(z.string(), z.string()),
  /**
   * The ratings of the first rows the preview read (up to a few thousand) and the range inferred from them, which
   * the import enforces unless another is given. Null when the files have no rating column.
   */
  ratings: z.object({ count: z.number(), min: z.number(), max: z.number(), range: RatingRange, inside: z.number() }).nullable(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportResult = z.object({
  datasetId: Id,
  name: z.string(),
  users: z.number(),
  items: z.number(),
  interactions: z.number(),
  skipped: z.number(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const Backend = z.object({ name: z.string(), note: z.string() });
export const AppInfo = z.object({
  version: z.string(),
  dataDir: z.string(),
  mode: z.enum(['electron', 'serve']),
  schemaVersion: z.number(),
  canPickFiles: z.boolean(),
  /** Serve mode: the largest upload accepted, and how long an upload that is never imported is kept. */
  uploadLimitBytes: z.number(),
  uploadExpiryHours: z.number(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const JobInfo = z.object({
  jobId: z.string(),
  kind: z.string(),
  label: z.string(),
  done: z.number(),
  total: z.number().nullable(),
  rate: z.number(),
  etaSeconds: z.number().nullable(),
  phase: z.string(),
});
export type JobInfo = z.infer<typeof JobInfo>;

const Empty = z.object({}).strict();

export const BaselineModel = z.enum(['l1-logistic', 'l1-linear', 'nuclear-mc']);
export type BaselineModel = z.infer<typeof BaselineModel>;
/** A constrained baseline fitted by stochastic Frank-Wolfe (issue: SFW); radius defaults per model when left out. */
export const BaselineStart = z
  .object({
    datasetId: Id,
    model: BaselineModel,
    radius: z.number().positive().optional(),
    epochs: z.number().int().min(1).max(1000).default(20),
    batchSize: z.number().int().min(1).max(1_000_000).default(100),
    sampler: z
      .string()
      .regex(/^(cyclic|random:\d+)$/, 'expected cyclic or random:SEED')
      .default('random:1'),
    tol: z.number().min(0).nullable().default(null),
    compare: z.boolean().default(true),
  })
  .strict();
const CurvePoint = z.object({
  epoch: z.number(),
  objective: z.number(),
  gap: z.number().nullable(),
  gapEstimate: z.number(),
  seconds: z.number(),
});
export const BaselineRun = z.object({
  id: z.number(),
  datasetId: z.number(),
  datasetName: z.string(),
  model: BaselineModel,
  config: z.object({
    model: BaselineModel,
    radius: z.number(),
    epochs: z.number(),
    batchSize: z.number(),
    sampler: z.union([z.object({ kind: z.literal('cyclic') }), z.object({ kind: z.literal('random'), seed: z.number() })]),
    tol: z.number().nullable(),
    compare: z.boolean(),
  }),
  status: z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted']),
  outcome: z
    .object({
      curves: z.record(z.string(), z.array(CurvePoint)),
      metrics: z.record(z.string(), z.record(z.string(), z.number())),
      reference: z.record(z.string(), z.number()),
      features: z.number(),
      nonZero: z.number(),
      topFeatures: z.array(z.object({ name: z.string(), weight: z.number() })),
      trainRows: z.number(),
    })
    .nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** While running: the studio process that fits it. */
  owner: JobOwner.nullable(),
});
export type BaselineRun = z.infer<typeof BaselineRun>;

/** Every call: its argument schema and its result schema. */
export const calls = {
  'app.info': { args: Empty, result: AppInfo },
  'datasets.list': { args: Empty, result: z.array(DatasetSummary) },
  'datasets.get': { args: z.object({ id: Id }).strict(), result: DatasetSummary },
  'datasets.rename': { args: z.object({ id: Id, name: Name }).strict(), result: DatasetSummary },
  'datasets.delete': { args: z.object({ id: Id }).strict(), result: z.object({ deleted: z.boolean() }) },
  'datasets.split': { args: z.object({ id: Id }).strict(), result: SplitInfo },
  'datasets.stats': { args: z.object({ id: Id }).strict(), result: DatasetStats },
  'datasets.skipped': {
    args: z.object({ id: Id, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    result: Page(SkippedRow),
  },
  'rows.users': {
    args: z.object({ ...PageArgs, sort: z.enum(['id', 'extId', 'interactions']).default('id') }).strict(),
    result: Page(UserRow),
  },
  'rows.items': {
    args: z.object({ ...PageArgs, sort: z.enum(['id', 'extId', 'title', 'interactions']).default('id') }).strict(),
    result: Page(ItemRow),
  },
  'rows.interactions': {
    args: z
      .object({
        ...PageArgs,
        sort: z.enum(['id', 'user', 'item', 'rating', 'timestamp']).default('id'),
        userId: Id.optional(),
      })
      .strict(),
    result: Page(InteractionRow),
  },
  'files.pick': { args: Empty, result: z.array(StagedFile) },
  'import.preview': {
    args: z
      .object({ files: z.array(z.string()).min(1), format: ImportFormat.optional(), map: z.record(z.string(), z.string()).optional() })
      .strict(),
    result: ImportPreview,
  },
  'import.start': {
    args: z
      .object({
        files: z.array(z.string()).min(1, 'choose at least one file'),
        format: ImportFormat,
        name: Name.optional(),
        map: z.record(z.string(), z.string()).default({}),
        skipInvalid: z.boolean().default(false),
        /** Ratings accepted; left out, the import infers the range the preview shows. */
        ratingRange: RatingRange.optional(),
      })
      .strict(),
    result: z.object({ jobId: z.string() }),
  },
  'baselines.list': { args: z.object({ datasetId: Id.optional() }).strict(), result: z.array(BaselineRun) },
  'baselines.start': { args: BaselineStart, result: z.object({ jobId: z.string(), runId: z.number() }) },
  'baselines.delete': { args: z.object({ id: Id }).strict(), result: z.object({ deleted: z.boolean() }) },
  'jobs.list': { args: Empty, result: z.array(JobInfo) },
  'jobs.cancel': { args: z.object({ jobId: z.string() }).strict(), result: z.object({ cancelled: z.boolean() }) },
  ...entityCalls,
  ...templateCalls,
  ...trainingCalls,
  ...generationCalls,
  ...reviewCalls,
  ...itemIdCalls,
  ...lumCalls,
  ...bundleCalls,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallArgs<K extends CallName> = z.input<Calls[K]['args']>;
export type ParsedArgs<K extends CallName> = z.output<Calls[K]['args']>;
export type CallResult<K extends CallName> = z.output<Calls[K]['result']>;
export const CALL_NAMES = Object.keys(calls) as CallName[];

export const JobFinished = z.object({
  jobId: z.string(),
  kind: z.string(),
  ok: z.boolean(),
  cancelled: z.boolean(),
  result: z.unknown().optional(),
  error: z.string().optional(),
  /** For bad input: the file, line and field at fault. */
  where: z.object({ file: z.string().optional(), line: z.number().optional(), field: z.string().optional() }).optional(),
});
export type JobFinished = z.infer<typeof JobFinished>;

/** Every event the back end pushes to windows. */
export const events = {
  'job.progress': JobInfo,
  'job.finished': JobFinished,
  'datasets.changed': z.object({}),
  /** A baseline run started, progressed by an epoch, or finished; the payload names it so pages refetch it. */
  'baselines.changed': z.object({ runId: z.number() }),
  ...entityEvents,
  ...templateEvents,
  ...trainingEvents,
  ...generationEvents,
  ...reviewEvents,
  ...itemIdEvents,
  ...lumEvents,
  ...bundleEvents,
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];
/** Any one event with its payload, a union over every name: checking `name` narrows `payload`. */
export type StudioEvent = { [K in EventName]: { name: K; payload: EventPayload<K> } }[EventName];

/**
 * Errors cross the boundary as values, never as thrown exceptions with stack traces. `busy`: another studio process
 * held the workspace's write lock for longer than the call waits; nothing was written and the call may be repeated.
 * `unauthorized`: no or a wrong token; `forbidden`: a request from another origin or frame.
 */
export const ErrorCode = z.enum(['bad_input', 'not_found', 'conflict', 'cancelled', 'busy', 'unauthorized', 'forbidden', 'internal']);
export type ErrorCode = z.infer<typeof ErrorCode>;
export interface CallError {
  code: ErrorCode;
  message: string;
  /** Where bad input was found: file, line, field. */
  where?: { file?: string; line?: number; field?: string };
}
export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: CallError };

/** The surface `window.studio` exposes in Electron, and the HTTP client mirrors in serve mode. */
export interface StudioApi {
  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallOutcome<CallResult<K>>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
}
