/**
 * Autoregressive blank infilling (pure), docs/algorithms.md §1.2–1.3: a token sequence and its blanks become one
 * packed example — Part A, the text with each blank collapsed to one mask token, then Part B, `[sop] span…` per
 * blank, predicting `span… [eop]` — with GLM's 2D positions and RecSysLLM's entity-level changes.
 */
import type { Rng } from '../random';
import { spanIntraIds } from './intra-positions';
import { sampleGenerationSpan, sampleMaskSpans, sampleSentenceSpans, shuffle, splitsEntity, type SpanRange } from './span-sampling';
import type { TokenTrie } from './trie';
import { SPECIAL, type EntityIds, type PackedExample } from './types';

export interface PackOptions {
  /** Part B span order: text order (RecSysLLM) or shuffled (GLM). */
  order: 'chronological' | 'shuffle';
  /** Needed for 'shuffle'. */
  rng?: Rng;
  /** SPECIAL.mask, SPECIAL.sMask or SPECIAL.gMask. */
  maskToken: number;
  /** RecSysLLM: unmasked entity tokens in Part A get intra 1..len within their entity; GLM: all of Part A is 0. */
  entityIntraInPartA: boolean;
  /** Part B intra ids from the entity pool's trie (§1.4); without one, GLM's counter 1..len+1. */
  trie?: TokenTrie;
  /** Defaults to the objective the mask token names. */
  family?: string;
}

const OBJECTIVE: Record<number, string> = { [SPECIAL.mask]: 'mask', [SPECIAL.sMask]: 'sMask', [SPECIAL.gMask]: 'gMask' };

/** Packs `tokens` with blanks at `spans` (token ranges, non-overlapping, any order). Deterministic given the rng. */
export function packSpans(tokens: readonly number[], entity: EntityIds, spans: readonly SpanRange[], opts: PackOptions): PackedExample {
  const n = tokens.length;
  if (entity.length !== n) throw new RangeError(`${n} tokens but ${entity.length} entity ids`);
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  sorted.forEach(([s, e], i) => {
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e <= s || e > n)
      throw new RangeError(`span [${s}, ${e}) is not a non-empty range of ${n} tokens`);
    if (i > 0 && s < sorted[i - 1]![1]) throw new RangeError(`spans [${sorted[i - 1]!.join(', ')}) and [${s}, ${e}) overlap`);
  });
  // GLM's make_block_data: every span collapses to the single position of its mask.
  const pos = new Array<number>(n).fill(1);
  for (const [s, e] of sorted) pos.fill(0, s + 1, e);
  for (let i = 0, acc = -1; i < n; i++) pos[i] = acc += pos[i]!;

  const partIntra = opts.entityIntraInPartA ? entityNumbering(entity) : null;
  const ex: PackedExample = {
    tokens: [],
    inter: [],
    intra: [],
    sep: 0,
    labels: [],
    lossMask: [],
    family: opts.family ?? OBJECTIVE[opts.maskToken] ?? 'mask',
  };
  const pushA = (token: number, inter: number, intra: number): void => {
    ex.tokens.push(token);
    ex.inter.push(inter);
    ex.intra.push(intra);
    ex.labels.push(SPECIAL.pad);
    ex.lossMask.push(0);
  };
  for (let i = 0, k = 0; i < n;) {
    const span = sorted[k];
    if (span && span[0] === i) {
      pushA(opts.maskToken, pos[i]!, 0);
      i = span[1];
      k++;
    } else {
      pushA(tokens[i]!, pos[i]!, partIntra ? partIntra[i]! : 0);
      i++;
    }
  }
  ex.sep = ex.tokens.length;

  let blocks = sorted;
  if (opts.order === 'shuffle') {
    if (!opts.rng) throw new Error("order 'shuffle' needs an rng");
    blocks = shuffle([...sorted], opts.rng);
  }
  for (const [s, e] of blocks) {
    const span = tokens.slice(s, e);
    const intra = spanIntraIds(span, opts.trie ?? null);
    [SPECIAL.sop, ...span].forEach((t, j) => {
      ex.tokens.push(t);
      ex.inter.push(pos[s]!);
      ex.intra.push(intra[j]!);
      ex.labels.push(j < span.length ? span[j]! : SPECIAL.eop);
      ex.lossMask.push(1);
    });
  }
  return ex;
}

/** RecSysLLM's Part A intra ids: a token's place 1..len within its entity, 0 for a standalone token. */
function entityNumbering(entity: EntityIds): number[] {
  const out = new Array<number>(entity.length).fill(0);
  for (let i = 0; i < entity.length; i++) if (entity[i]! > 0) out[i] = splitsEntity(entity, i) ? out[i - 1]! + 1 : 1;
  return out;
}

export type Objective = 'mask' | 'sMask' | 'gMask';

export interface PretrainOptions {
  objective: Objective;
  rng: Rng;
  /**
   * recsysllm: chronological spans, entity intra ids in Part A, Part B ids from the trie. glm: shuffled spans and
   * GLM's ids (the trie is not used). Both sample blanks at entity level.
   */
  mode: 'recsysllm' | 'glm';
  /** Longest packed example (Part A + Part B). */
  maxLength: number;
  /** The entity pool (every entity's token ids); null gives GLM's counter in Part B. */
  trie: TokenTrie | null;
  /** Which tokens end a sentence (Tokenizer.endsSentence); needed for 'sMask'. */
  endsSentence?: (id: number) => boolean;
  /** Share of tokens to blank for 'mask' and 'sMask' (default 0.15). */
  ratio?: number;
}

/**
 * One pretraining example: a window of whole entities cut from the sequence (at random when it is longer than
 * fits), blanks sampled for the objective, packed. A packed example is window + 2 × blanks long; when the
 * draw overflows `maxLength`, the window shrinks by the overflow and is drawn again.
 */
export function buildPretrainExample(
  tokens: readonly number[],
  entity: EntityIds,
  opts: PretrainOptions,
): { example: PackedExample; window: SpanRange } {
  const n = tokens.length;
  if (entity.length !== n) throw new RangeError(`${n} tokens but ${entity.length} entity ids`);
  if (n === 0) throw new RangeError('no tokens to build an example from');
  if (opts.maxLength < 3) throw new RangeError('maxLength must leave room for a token, its mask and [sop]');
  if (opts.objective === 'sMask' && !opts.endsSentence) throw new Error("objective 'sMask' needs endsSentence");
  const maskToken = opts.objective === 'mask' ? SPECIAL.mask : opts.objective === 'sMask' ? SPECIAL.sMask : SPECIAL.gMask;
  let budget = Math.min(n, opts.maxLength - 2);
  for (;;) {
    const window = pickWindow(entity, budget, opts.rng);
    const wTokens = tokens.slice(window[0], window[1]);
    const wEntity = entity.slice(window[0], window[1]);
    const spans =
      opts.objective === 'mask'
        ? sampleMaskSpans(wEntity, opts.rng, { ratio: opts.ratio ?? 0.15 })
        : opts.objective === 'sMask'
          ? sampleSentenceSpans(
              wEntity,
              wTokens.map((t) => opts.endsSentence!(t)),
              opts.rng,
              { ratio: opts.ratio ?? 0.15 },
            )
          : [sampleGenerationSpan(wEntity, opts.rng)];
    const packed = wTokens.length + 2 * spans.length;
    if (packed <= opts.maxLength) {
      const recsys = opts.mode === 'recsysllm';
      const example = packSpans(wTokens, wEntity, spans, {
        order: recsys ? 'chronological' : 'shuffle',
        rng: opts.rng,
        maskToken,
        entityIntraInPartA: recsys,
        ...(recsys && opts.trie ? { trie: opts.trie } : {}),
      });
      return { example, window };
    }
    budget = Math.max(1, Math.min(budget, wTokens.length) - (packed - opts.maxLength));
  }
}

/**
 * A window of at most `budget` tokens that splits no entity: it starts at a random unit edge and its end moves
 * back to an entity edge. Throws when no window can hold a single whole unit.
 */
function pickWindow(entity: EntityIds, budget: number, rng: Rng): SpanRange {
  const n = entity.length;
  if (n <= budget) return [0, n];
  const starts: number[] = [];
  for (let i = 0; i + budget <= n; i++) if (!splitsEntity(entity, i)) starts.push(i);
  shuffle(starts, rng);
  for (const start of starts) {
    let end = start + budget;
    while (splitsEntity(entity, end)) end--;
    if (end > start) return [start, end];
  }
  throw new RangeError(`every part of the sequence lies in an entity longer than the ${budget} tokens that fit`);
}

export interface FinetuneOptions {
  maxLength: number;
  /** The entity pool for Part B intra ids; null gives GLM's counter. */
  trie: TokenTrie | null;
  /** recsysllm (default): entity intra ids in Part A and trie ids in Part B; glm: zeros and the counter. */
  mode?: 'recsysllm' | 'glm';
}

export interface TokenSequence {
  ids: readonly number[];
  entity: EntityIds;
}

/**
 * A fine-tuning example: Part A `input… [gMASK]`, Part B `[sop] target…` predicting `target… [eop]`, Part B at
 * the [gMASK]'s position. When it does not fit, whole units are dropped from the start of the input so the
 * task's question, at its end, survives; `dropped` counts the tokens dropped.
 */
export function buildFinetuneExample(
  input: TokenSequence,
  target: TokenSequence,
  family: string,
  opts: FinetuneOptions,
): { example: PackedExample; dropped: number } {
  if (input.entity.length !== input.ids.length || target.entity.length !== target.ids.length)
    throw new RangeError('each token needs an entity id');
  if (target.ids.length === 0) throw new RangeError('the target has no tokens');
  const room = opts.maxLength - target.ids.length - 3;
  if (room < 0)
    throw new RangeError(`the target's ${target.ids.length} tokens with [gMASK], [sop] and [eop] exceed maxLength ${opts.maxLength}`);
  let cut = Math.max(0, input.ids.length - room);
  while (splitsEntity(input.entity, cut)) cut++;
  const ids = [...input.ids.slice(cut), ...target.ids];
  const entity = [...input.entity.slice(cut), ...target.entity.map(() => 0)];
  const recsys = (opts.mode ?? 'recsysllm') === 'recsysllm';
  const example = packSpans(ids, entity, [[ids.length - target.ids.length, ids.length]], {
    order: 'chronological',
    maskToken: SPECIAL.gMask,
    entityIntraInPartA: recsys,
    ...(recsys && opts.trie ? { trie: opts.trie } : {}),
    family,
  });
  return { example, dropped: cut };
}
