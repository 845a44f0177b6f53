/**
 * What a bundle holds (issue #15): `bundle.json` (this schema), the run's `tokenizer.json`, `weights.safetensors`
 * (every parameter by the studio's own name and layout, with the AdamW moments when the run had them),
 * `shards/*.safetensors` (the studio's batches, one per step, exactly as drawBatch makes them), `parity.safetensors`
 * (the studio's gradients for the first batch), `train.py` and a README. Pure: names and schemas only.
 */
import { z } from 'zod';

export const BUNDLE_FORMAT = 'recsys-studio-bundle';
export const BUNDLE_VERSION = 1;
export const WEIGHTS_FORMAT = 'recsys-studio-weights';

export const FILES = {
  manifest: 'bundle.json',
  tokenizer: 'tokenizer.json',
  weights: 'weights.safetensors',
  parity: 'parity.safetensors',
  /** The run's identifier set (item → identifier tokens), only when the run writes items by identifiers. */
  itemIds: 'itemids.json',
  script: 'train.py',
  readme: 'README.md',
  shards: 'shards',
  /** Where train.py writes its checkpoints unless --out says otherwise. */
  checkpoints: 'checkpoints',
} as const;

/** AdamW moment names in weights and checkpoint files, beside the parameter itself. */
export const MOMENT1 = 'adamw.m/';
export const MOMENT2 = 'adamw.v/';

/** A batch's fields in a shard, as `<step>/<field>`; rowLabel indexes the manifest's rowLabels (family or objective). */
export const SHARD_FIELDS = ['tokens', 'inter', 'intra', 'sep', 'labels', 'lossMask', 'rowLabel'] as const;
export type ShardField = (typeof SHARD_FIELDS)[number];
export const shardTensor = (step: number, field: ShardField): string => `${step}/${field}`;

/** torch checkpoints in the output folder: `step-0000120.safetensors` (the step count after which they were saved). */
export const CHECKPOINT_PATTERN = /^step-(\d{7,})\.safetensors$/;
export const checkpointName = (step: number): string => `step-${String(step).padStart(7, '0')}.safetensors`;

const ModelShape = z
  .object({
    vocabSize: z.number().int().positive(),
    layers: z.number().int().positive(),
    width: z.number().int().positive(),
    heads: z.number().int().positive(),
    ffn: z.number().int().positive(),
    maxLength: z.number().int().positive(),
    dropout: z.number().min(0).max(0.9),
  })
  .strict();

const Lora = z
  .object({
    rank: z.number().int().positive(),
    alpha: z.number().positive(),
    targets: z.array(z.enum(['qkv', 'attnOut', 'ffnUp', 'ffnDown'])).min(1),
  })
  .strict();

export const Manifest = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(BUNDLE_VERSION),
    createdAt: z.string(),
    studioVersion: z.string(),
    run: z.object({
      id: z.number().int().positive(),
      name: z.string(),
      dataset: z.string(),
      /** The run's configuration as given, and with every default explicit (identifier keys of later issues ride along). */
      config: z.record(z.string(), z.unknown()),
      resolved: z.record(z.string(), z.unknown()),
    }),
    model: ModelShape,
    lora: Lora.nullable(),
    /** Every parameter in the model's fixed order; `trainable` is false for a LoRA run's frozen base. */
    params: z.array(z.object({ name: z.string(), shape: z.array(z.number().int().nonnegative()), trainable: z.boolean() })),
    optimizer: z.object({
      lr: z.number().positive(),
      warmupSteps: z.number().int().min(0),
      totalSteps: z.number().int().positive(),
      finalLrFraction: z.number().min(0).max(1),
      beta1: z.number(),
      beta2: z.number(),
      eps: z.number(),
      weightDecay: z.number().min(0),
      clipNorm: z.number().positive(),
    }),
    /** The run's seed: dropout masks are a function of (seed, step, site, element), as in the studio. */
    seed: z.number().int(),
    batchSize: z.number().int().positive(),
    /** The weights hold the model after this many updates; the shards hold steps startStep … endStep − 1. */
    startStep: z.number().int().min(0),
    endStep: z.number().int().positive(),
    /** AdamW updates already applied to the weights (its bias-correction count); 0 when they carry no moments. */
    adamStep: z.number().int().min(0),
    checkpointEvery: z.number().int().positive(),
    rowLabels: z.array(z.string()),
    /**
     * The identifier set the run writes items with (its tokens are the tokenizer's added tokens), listed in
     * `itemids.json`; null when items are written by their titles.
     */
    itemIds: z
      .object({
        name: z.string(),
        version: z.number().int().positive(),
        scheme: z.string(),
        items: z.number().int().min(0),
        file: z.string(),
      })
      .nullable()
      .default(null),
    shards: z.array(z.object({ file: z.string(), firstStep: z.number().int().min(0), steps: z.number().int().positive() })).min(1),
    /** Non-padding tokens over all bundled steps. */
    tokens: z.number().int().min(0),
    parity: z.object({
      step: z.number().int().min(0),
      /** The studio's loss for the first bundled batch through the bundled weights, in training mode (its dropout). */
      studioLoss: z.number(),
      /** The studio back end that computed it. */
      backend: z.string(),
      gradients: z.string(),
    }),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

/** `itemids.json`: every item of the dataset by its own id, with its identifier and its code at each level. */
export const ItemIdsFile = z
  .object({
    name: z.string(),
    version: z.number().int().positive(),
    scheme: z.string(),
    items: z.array(z.object({ item: z.string(), identifier: z.string(), codes: z.array(z.number().int()), cold: z.boolean() }).strict()),
  })
  .strict();
export type ItemIdsFile = z.infer<typeof ItemIdsFile>;
