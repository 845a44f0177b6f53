/**
 * Shapes shared by the model's pure side (tokenizer, blank infilling, tries) and its tensor side (GLM
 * transformer, training step). Pure: no TensorFlow.js import here, so the CLI and the window can use them.
 */

/** Special tokens hold fixed ids 0..6 in every vocabulary, so masks and batches never look them up by name. */
export const SPECIAL = {
  pad: 0,
  unk: 1,
  mask: 2,
  sMask: 3,
  gMask: 4,
  sop: 5,
  eop: 6,
} as const;
export const SPECIAL_TOKENS = ['[pad]', '[unk]', '[MASK]', '[sMASK]', '[gMASK]', '[sop]', '[eop]'] as const;
export type SpecialName = keyof typeof SPECIAL;

/** A token's entity membership: tokens of one entity share an id > 0; 0 means a standalone token. */
export type EntityIds = readonly number[];

/**
 * One example after blank infilling (docs/algorithms.md §1.2–1.3): Part A (the corrupted text, length `sep`)
 * followed by Part B (`[sop] span…` for each span). `labels[i]` is the target at position i (`SPECIAL.pad`
 * where `lossMask[i]` is 0), aligned with the inputs, no extra shift.
 */
export interface PackedExample {
  tokens: number[];
  inter: number[];
  intra: number[];
  sep: number;
  labels: number[];
  lossMask: number[];
  /** Task family for fine-tuning examples, or the pretraining objective ('mask' | 'sMask' | 'gMask'). */
  family: string;
}

/**
 * A batch padded to one length T (row-major [size, length]). Attention for row r: query i sees key j iff
 * j < sep[r] or j <= i — Part A is bidirectional, Part B causal, and end padding is never seen by a real token.
 */
export interface Batch {
  size: number;
  length: number;
  tokens: Int32Array;
  inter: Int32Array;
  intra: Int32Array;
  sep: Int32Array;
  labels: Int32Array;
  lossMask: Float32Array;
}

export interface ModelConfig {
  vocabSize: number;
  layers: number;
  width: number;
  heads: number;
  ffn: number;
  /** Longest packed example (Part A + Part B); both position tables have maxLength + 1 rows. */
  maxLength: number;
  dropout: number;
}

export interface LoraConfig {
  rank: number;
  alpha: number;
  /** Which projections get adapters: fused QKV, attention output, FFN up, FFN down (RecSysLLM adapts all four). */
  targets: readonly ('qkv' | 'attnOut' | 'ffnUp' | 'ffnDown')[];
}

/** The presets live in the contract, so the window can show their shapes. */
export { PRESETS } from '../../preload/api-training';
import type { PRESETS } from '../../preload/api-training';
export type PresetName = keyof typeof PRESETS;

/** Pads packed examples to one length (the longest, or `length`); throws if an example is longer. */
export function collate(examples: readonly PackedExample[], length?: number): Batch {
  const T = length ?? Math.max(1, ...examples.map((e) => e.tokens.length));
  const n = examples.length;
  const b: Batch = {
    size: n,
    length: T,
    tokens: new Int32Array(n * T),
    inter: new Int32Array(n * T),
    intra: new Int32Array(n * T),
    sep: new Int32Array(n),
    labels: new Int32Array(n * T),
    lossMask: new Float32Array(n * T),
  };
  examples.forEach((e, r) => {
    if (e.tokens.length > T) throw new Error(`example ${r} has ${e.tokens.length} tokens, more than the batch length ${T}`);
    const o = r * T;
    b.tokens.set(e.tokens, o);
    b.inter.set(e.inter, o);
    b.intra.set(e.intra, o);
    b.labels.set(e.labels, o);
    b.lossMask.set(e.lossMask, o);
    b.sep[r] = e.sep;
  });
  return b;
}
