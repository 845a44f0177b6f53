/**
 * The item-identifier part of the contract (issue #10): identifier sets — named, versioned objects of a dataset
 * that say how each item is written for generation (`title`, `atomic`, `sequential`, `collaborative`, `semantic`)
 * — built in a worker, browsed level by level, mapped in 2-D, and compared across the runs trained on them.
 * Spread into `calls` in api.ts.
 */
import { z } from 'zod';
import { JobOwner } from './api-jobs';

const Id = z.number().int().positive();

export const ITEM_ID_SCHEMES = ['title', 'atomic', 'sequential', 'collaborative', 'semantic'] as const;
export const ItemIdScheme = z.enum(ITEM_ID_SCHEMES);
export type ItemIdScheme = z.infer<typeof ItemIdScheme>;

/** A set's name: what run.json's `itemIds` refers to. Letters, digits, `-`, `_` and `.`, so it reads well in a config. */
export const ItemIdSetName = z
  .string()
  .trim()
  .min(1, 'name is empty')
  .max(60, 'name is longer than 60 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u, 'use letters, digits, ".", "_" and "-" (starting with a letter or digit)');

/** Quantizer levels of a semantic set whose build does not say (here, not in the service, so the build form shows it). */
export const DEFAULT_ID_LEVELS = 3;

/** Codebook size for a catalog of n items: the power of two nearest √n, from 8 to 256 (3 × 32 for ml-100k's 1,682). */
export function defaultCodebook(n: number): number {
  return Math.min(256, Math.max(8, 2 ** Math.round(Math.log2(Math.sqrt(Math.max(1, n))))));
}

/** How a set is built; defaults are chosen for the catalog (levels 3, codebook the power of two nearest √items). */
export const ItemIdBuild = z
  .object({
    datasetId: Id,
    scheme: ItemIdScheme,
    /** Default: the scheme's name. Building under an existing name makes its next version. */
    name: ItemIdSetName.optional(),
    /** Semantic only: residual k-means (default) or an RQ-VAE trained on the embeddings. */
    method: z.enum(['rqkmeans', 'rqvae']).default('rqkmeans'),
    /** Semantic only: quantizer levels, before the collision digit. */
    levels: z.number().int().min(1).max(8).optional(),
    /** Semantic only: codes per level. */
    codebook: z.number().int().min(2).max(4096).optional(),
    /** PLUM: level l gets codebook / 2^l codes. */
    multiResolution: z.boolean().default(false),
    /** Share of the embedding that is content (title, categories, fields) against co-occurrence, 0..1. */
    contentWeight: z.number().min(0).max(1).default(0),
    /** Positions apart within which two items of a training sequence count as co-occurring (weighted 1/distance). */
    window: z.number().int().min(1).max(1000).default(20),
    /** GRID: each residual is scaled to unit length before its level. */
    normalizeResiduals: z.boolean().default(false),
    /** Balanced codebooks: every code of a level holds about as many items. */
    balanced: z.boolean().default(false),
    /** RQ-VAE only (PLUM): train with only the first r levels, r drawn per batch. */
    progressiveMasking: z.boolean().default(false),
    /** RQ-VAE only (PLUM): InfoNCE pulling co-occurring items together. */
    contrastive: z.boolean().default(false),
    seed: z.number().int().default(1),
  })
  .strict()
  .superRefine((b, ctx) => {
    const semanticOnly = ['levels', 'codebook'] as const;
    if (b.scheme !== 'semantic')
      for (const key of semanticOnly)
        if (b[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} applies to the semantic scheme only` });
    if (b.method !== 'rqvae')
      for (const key of ['progressiveMasking', 'contrastive'] as const)
        if (b[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} applies to method rqvae only` });
  });
export type ItemIdBuild = z.input<typeof ItemIdBuild>;

export const ItemIdLevel = z.object({
  size: z.number(),
  codesUsed: z.number(),
  /** Mean squared residual after the level (semantic); null for schemes without a quantizer and the collision digit. */
  residual: z.number().nullable(),
});
export type ItemIdLevel = z.infer<typeof ItemIdLevel>;

export const ItemIdStats = z.object({
  items: z.number(),
  /** Items in no training sequence (only in validation/test): coded from content alone. */
  coldItems: z.number(),
  levels: z.array(ItemIdLevel),
  /** Items that shared their code tuple (title: their title) with an earlier item. */
  collisions: z.number(),
  uniqueItems: z.number(),
  /** Mean squared norm of the quantizer's input, the residual before level 1 (semantic). */
  inputNorm: z.number().nullable(),
  /** Tokens an item takes: the longest identifier (title: the longest title in tokens is a run's matter, so null). */
  tokensPerItem: z.number().nullable(),
  seconds: z.number(),
});
export type ItemIdStats = z.infer<typeof ItemIdStats>;

export const ItemIdSet = z.object({
  id: z.number(),
  datasetId: z.number(),
  name: z.string(),
  version: z.number(),
  scheme: ItemIdScheme,
  /** The build settings with every default made explicit. */
  config: z.record(z.string(), z.unknown()),
  status: z.enum(['building', 'done', 'failed', 'interrupted']),
  stats: ItemIdStats.nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  jobId: z.string().nullable(),
  /** While building: the studio process that builds it. */
  owner: JobOwner.nullable(),
});
export type ItemIdSet = z.infer<typeof ItemIdSet>;

export const ItemCode = z.object({
  itemId: z.number(),
  extId: z.string(),
  title: z.string().nullable(),
  codes: z.array(z.number()),
  /** The identifier as a model reads and writes it, e.g. `<a3><b17><c5><d0>` (title: the title). */
  identifier: z.string(),
  cold: z.boolean(),
});
export type ItemCode = z.infer<typeof ItemCode>;

/** One row of the comparison of identifier sets trained on the same split. */
export const ItemIdComparison = z.object({
  runId: z.number(),
  runName: z.string(),
  setId: z.number().nullable(),
  setName: z.string(),
  scheme: ItemIdScheme,
  trainingMinutes: z.number(),
  /** Full-catalog figures on the test split (history excluded), all users, warm and cold targets apart. */
  metrics: z.record(z.string(), z.number()),
  msPerUser: z.number().nullable(),
  users: z.number(),
});
export type ItemIdComparison = z.infer<typeof ItemIdComparison>;

export const itemIdCalls = {
  'itemids.list': { args: z.object({ datasetId: Id.optional() }).strict(), result: z.array(ItemIdSet) },
  'itemids.get': { args: z.object({ id: Id }).strict(), result: ItemIdSet },
  /** Builds a set in a worker (progress on the job); the set is usable once its status is done. */
  'itemids.build': { args: ItemIdBuild, result: z.object({ setId: z.number(), jobId: z.string() }) },
  /** A page of the set's items, optionally those under a code prefix (click a code on the page to list them). */
  'itemids.items': {
    args: z
      .object({
        id: Id,
        prefix: z.array(z.number().int().min(0)).max(16).default([]),
        filter: z.string().max(200).default(''),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    result: z.object({ total: z.number(), rows: z.array(ItemCode) }),
  },
  /** The 2-D map: one point per item with its first code (for colour). */
  'itemids.map': {
    args: z.object({ id: Id }).strict(),
    result: z.array(z.object({ itemId: z.number(), x: z.number(), y: z.number(), first: z.number().nullable(), cold: z.boolean() })),
  },
  'itemids.delete': { args: z.object({ id: Id }).strict(), result: z.object({ deleted: z.boolean() }) },
  /** Every run of the dataset evaluated on its test split, by the identifier set it was trained with. */
  'itemids.compare': { args: z.object({ datasetId: Id }).strict(), result: z.array(ItemIdComparison) },
} as const;

export const itemIdEvents = {
  'itemids.changed': z.object({ setId: z.number() }),
} as const;
export type ItemIdsChanged = z.infer<(typeof itemIdEvents)['itemids.changed']>;
