/**
 * The model side of decoding: the log-probabilities of the next token after each Part B prefix, for one Part A.
 * Generation presents the layout fine-tuning trained on (docs/algorithms.md §1.2, §1.4): Part A `input… [gMASK]`,
 * Part B `[sop] generated…` at the [gMASK]'s inter position, Part B intra ids from the IntraTracker over the
 * generated tokens. Part A is built by the training code itself, so the two cannot drift apart.
 */
import * as tf from '@tensorflow/tfjs-core';
import { buildFinetuneExample, type TokenSequence } from '../model/blank-infilling';
import type { Glm } from '../model/glm';
import { spanIntraIds } from '../model/intra-positions';
import type { TokenTrie } from '../model/trie';
import { SPECIAL, type Batch } from '../model/types';

export interface Scorer {
  /**
   * Log-probabilities over the vocabulary of the token that follows each prefix (the tokens generated after
   * `[sop]`, which is implied), one row per prefix, in order. All prefixes share one Part A.
   */
  next(prefixes: readonly (readonly number[])[]): Float32Array[];
}

export interface GenerationPartA {
  tokens: number[];
  inter: number[];
  intra: number[];
  /** Inter position of every Part B token: the [gMASK]'s. */
  maskPosition: number;
  /** Input tokens dropped from the start (whole units) to leave room for the output. */
  dropped: number;
}

export interface PartAOptions {
  /** Most tokens a decoder will generate, `[eop]` included. */
  maxTokens: number;
  /** The context length training packed to (BatchPlan.maxLength). */
  maxLength: number;
  /** The entity pool training used for intra ids (null: GLM's counter). */
  trie: TokenTrie | null;
  /** As in training (default recsysllm). */
  mode?: 'recsysllm' | 'glm';
}

/**
 * Part A of a generation prompt, exactly as buildFinetuneExample packs it for a target of maxTokens − 1 tokens:
 * Part A depends on the target only through its length, which decides how much of the input is dropped, so a
 * placeholder target of the longest length the decoder may produce reserves that room.
 */
export function generationPartA(input: TokenSequence, opts: PartAOptions): GenerationPartA {
  if (!Number.isInteger(opts.maxTokens) || opts.maxTokens < 1)
    throw new RangeError(`maxTokens must be a positive integer, got ${opts.maxTokens}`);
  const room = Math.max(1, opts.maxTokens - 1);
  const placeholder: TokenSequence = { ids: new Array<number>(room).fill(SPECIAL.pad), entity: new Array<number>(room).fill(0) };
  const { example, dropped } = buildFinetuneExample(input, placeholder, 'generate', {
    maxLength: opts.maxLength,
    trie: opts.trie,
    mode: opts.mode ?? 'recsysllm',
  });
  const sep = example.sep;
  return {
    tokens: example.tokens.slice(0, sep),
    inter: example.inter.slice(0, sep),
    intra: example.intra.slice(0, sep),
    maskPosition: example.inter[sep]!,
    dropped,
  };
}

export interface GlmScorerOptions {
  /** Most tokens a decoder will generate, `[eop]` included (ItemTrie.maxTokens for item families). */
  maxTokens: number;
  /** The context length training packed to; defaults to the model's maxLength. */
  maxLength?: number;
  /** As in training (default recsysllm): entity intra ids in Part A and trie ids in Part B, or zeros and the counter. */
  mode?: 'recsysllm' | 'glm';
}

export interface GlmScorer extends Scorer {
  readonly partA: Readonly<GenerationPartA>;
  /** The longest prefix `next` accepts: maxTokens − 1. */
  readonly maxPrefix: number;
}

/**
 * A Scorer over a GLM for one input. Each call is one forward pass over all prefixes (Part A recomputed per row:
 * no KV cache, cheap at these sizes), rows padded at the end, which no real token attends to.
 */
export function glmScorer(model: Glm, input: TokenSequence, trie: TokenTrie | null, opts: GlmScorerOptions): GlmScorer {
  const mode = opts.mode ?? 'recsysllm';
  const partA = generationPartA(input, { maxTokens: opts.maxTokens, maxLength: opts.maxLength ?? model.config.maxLength, trie, mode });
  // buildFinetuneExample hands the trie to Part B only in recsysllm mode; glm mode counts.
  const partBTrie = mode === 'recsysllm' ? trie : null;
  const maxPrefix = Math.max(0, opts.maxTokens - 1);
  const sep = partA.tokens.length;
  const vocab = model.config.vocabSize;

  const next = (prefixes: readonly (readonly number[])[]): Float32Array[] => {
    const B = prefixes.length;
    if (B === 0) return [];
    const longest = Math.max(...prefixes.map((p) => p.length));
    if (longest > maxPrefix)
      throw new RangeError(`a prefix of ${longest} tokens is longer than the ${maxPrefix} this scorer left room for`);
    const T = sep + 1 + longest;
    const batch: Batch = {
      size: B,
      length: T,
      tokens: new Int32Array(B * T),
      inter: new Int32Array(B * T),
      intra: new Int32Array(B * T),
      sep: new Int32Array(B).fill(sep),
      labels: new Int32Array(B * T),
      lossMask: new Float32Array(B * T),
    };
    const positions = new Int32Array(B);
    prefixes.forEach((prefix, r) => {
      const o = r * T;
      batch.tokens.set(partA.tokens, o);
      batch.inter.set(partA.inter, o);
      batch.intra.set(partA.intra, o);
      batch.tokens.set([SPECIAL.sop, ...prefix], o + sep);
      batch.inter.fill(partA.maskPosition, o + sep, o + sep + 1 + prefix.length);
      batch.intra.set(spanIntraIds(prefix, partBTrie), o + sep);
      positions[r] = o + sep + prefix.length;
    });
    const out = tf.tidy(() => tf.logSoftmax(model.logits(model.forward(batch, { training: false }), positions)));
    const data = out.dataSync();
    out.dispose();
    if (!(data instanceof Float32Array)) throw new Error('expected float32 log-probabilities');
    return Array.from({ length: B }, (_, r) => data.slice(r * vocab, (r + 1) * vocab));
  };
  return { next, partA, maxPrefix };
}
