/**
 * Where blank infilling puts its blanks (pure), docs/algorithms.md §1.2–1.3 with RecSysLLM's entity rule: a
 * blank holds whole entities only. Spans are token ranges [start, end), end-exclusive, returned in text order.
 */
import type { Rng } from '../random';
import type { EntityIds } from './types';

export type SpanRange = [start: number, end: number];

export interface MaskSpanOptions {
  /** Stop once this share of the tokens is covered (GLM's bert_ratio). */
  ratio?: number;
  /** λ of the Poisson length of a run of standalone tokens (GLM's avg_block_length). */
  avgLength?: number;
  /** Longest run of standalone tokens in one span (GLM's max_block_length − 1). */
  maxLength?: number;
}

/** Whether a boundary before token i would cut an entity in two. */
export const splitsEntity = (entity: EntityIds, i: number): boolean =>
  i > 0 && i < entity.length && entity[i]! > 0 && entity[i] === entity[i - 1];

/** Maximal runs of tokens sharing one entity id > 0: the entities, each a unit that is masked whole or not at all. */
export function entityRuns(entity: EntityIds): SpanRange[] {
  const runs: SpanRange[] = [];
  for (let i = 0; i < entity.length;) {
    let j = i + 1;
    if (entity[i]! > 0) while (j < entity.length && entity[j] === entity[i]) j++;
    if (entity[i]! > 0) runs.push([i, j]);
    i = j;
  }
  return runs;
}

/** Poisson(λ) conditioned on [min, max] by rejection — GLM draws lengths from the pmf renormalised over 1..39. */
export function samplePoisson(rng: Rng, lambda: number, min: number, max: number): number {
  const limit = Math.exp(-lambda);
  for (;;) {
    let k = 0;
    let p = rng();
    while (p > limit) {
      k++;
      p *= rng();
    }
    if (k >= min && k <= max) return k;
  }
}

/**
 * `[MASK]` spans: each is one whole entity or a run of standalone tokens of Poisson length (never reaching into
 * an entity), with at least one unmasked token between two spans. Units (each entity, each standalone token as
 * a run's seed) are visited in random order and taken while they fit, until `ratio` of the tokens is covered or
 * no unit is left.
 */
export function sampleMaskSpans(entity: EntityIds, rng: Rng, opts: MaskSpanOptions = {}): SpanRange[] {
  const { ratio = 0.15, avgLength = 3, maxLength = 39 } = opts;
  const n = entity.length;
  const target = Math.ceil(ratio * n);
  const covered = new Uint8Array(n);
  // A new span [s, e) keeps its gap iff tokens s−1 .. e are all uncovered.
  const free = (s: number, e: number): boolean => {
    for (let j = Math.max(0, s - 1); j <= Math.min(n - 1, e); j++) if (covered[j]) return false;
    return true;
  };
  const units: SpanRange[] = [];
  for (let i = 0; i < n;) {
    let j = i + 1;
    if (entity[i]! > 0) while (j < n && entity[j] === entity[i]) j++;
    units.push([i, j]);
    i = j;
  }
  shuffle(units, rng);
  const spans: SpanRange[] = [];
  let total = 0;
  for (const [s, e] of units) {
    if (total >= target) break;
    if (!free(s, e)) continue;
    let span: SpanRange = [s, e];
    if (entity[s] === 0) {
      // The stretch of standalone tokens around s that a span may use without touching an entity or another span.
      let lo = s;
      while (lo > 0 && entity[lo - 1] === 0 && free(lo - 1, lo)) lo--;
      let hi = s + 1;
      while (hi < n && entity[hi] === 0 && free(hi, hi + 1)) hi++;
      const len = Math.min(samplePoisson(rng, avgLength, 1, maxLength), hi - lo);
      const first = Math.max(lo, s - len + 1);
      const last = Math.min(s, hi - len);
      const start = first + Math.floor(rng() * (last - first + 1));
      span = [start, start + len];
    }
    covered.fill(1, span[0], span[1]);
    total += span[1] - span[0];
    spans.push(span);
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

/**
 * Sentences as token ranges. A sentence ends after a token for which `ends` is true, unless that token is inside
 * an entity (a title with a full stop): then the sentence runs on to the entity's end. Text after the last end
 * is a final sentence.
 */
export function sentenceRanges(entity: EntityIds, ends: readonly boolean[]): SpanRange[] {
  const n = entity.length;
  const out: SpanRange[] = [];
  let from = 0;
  for (let i = 0; i < n; i++) {
    if ((ends[i] && !splitsEntity(entity, i + 1)) || i === n - 1) {
      out.push([from, i + 1]);
      from = i + 1;
    }
  }
  return out;
}

/** `[sMASK]` spans: whole sentences in random order until `ratio` of the tokens is covered (GLM's gap sentences). */
export function sampleSentenceSpans(entity: EntityIds, ends: readonly boolean[], rng: Rng, opts: { ratio?: number } = {}): SpanRange[] {
  const target = Math.ceil((opts.ratio ?? 0.15) * entity.length);
  const sentences = sentenceRanges(entity, ends);
  shuffle(sentences, rng);
  const spans: SpanRange[] = [];
  let total = 0;
  for (const s of sentences) {
    if (total >= target) break;
    spans.push(s);
    total += s[1] - s[0];
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

export interface GenerationSpanOptions {
  /** Shortest and longest share of the text in the span (RecSysLLM: uniform over 50–100%). */
  minRatio?: number;
  maxRatio?: number;
  /** Chance that the span is the whole suffix (GLM's gpt_infill_prob); otherwise it is a blank placed at random. */
  suffixProb?: number;
}

/** The one `[gMASK]` span; its edges move outward to entity edges, so it may grow a little past its drawn length. */
export function sampleGenerationSpan(entity: EntityIds, rng: Rng, opts: GenerationSpanOptions = {}): SpanRange {
  const { minRatio = 0.5, maxRatio = 1, suffixProb = 0.5 } = opts;
  const n = entity.length;
  if (n === 0) throw new RangeError('no tokens to place a generation span in');
  const lo = Math.max(1, Math.ceil(minRatio * n));
  const hi = Math.max(lo, Math.min(n, Math.floor(maxRatio * n)));
  const len = lo + Math.floor(rng() * (hi - lo + 1));
  let start = rng() < suffixProb ? n - len : Math.floor(rng() * (n - len + 1));
  let end = start + len;
  while (splitsEntity(entity, start)) start--;
  while (splitsEntity(entity, end)) end++;
  return [start, end];
}

/** Fisher–Yates in place. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
