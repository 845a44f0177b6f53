/**
 * Decoding over a Scorer (pure): greedy, beam search and seeded sampling, each optionally constrained to the
 * tokens a Constraint allows after the prefix (docs/algorithms.md §2.6: OpenP5's prefix_allowed_tokens_fn).
 * Scores are the model's own log-probabilities: a constraint removes tokens but does not renormalise the rest,
 * so an item's score is its probability under the model, comparable across items.
 */
import { mulberry32, type Rng } from '../random';
import type { Scorer } from './scorer';

/** Token ids allowed after `prefix` (generated tokens, no [sop]); null leaves that step unconstrained. */
export type Constraint = (prefix: readonly number[]) => readonly number[] | null;

export interface Hypothesis {
  /** Generated tokens, without the closing `[eop]`. */
  tokens: number[];
  /** Sum of the model's log-probabilities of the generated tokens, `[eop]` included when finished. */
  logProb: number;
  /** The ranking score: logProb / length^lengthPenalty for beams (length counts `[eop]`), logProb otherwise. */
  score: number;
  /** Closed with `[eop]`; otherwise it ran into maxTokens or a prefix the constraint allows nothing after. */
  finished: boolean;
}

export interface DecodeOptions {
  /** Most tokens generated, `[eop]` included. */
  maxTokens: number;
  eop: number;
  constraint?: Constraint;
}

export const MAX_BEAM_WIDTH = 20;

export interface BeamOptions extends DecodeOptions {
  /** Beams kept, and hypotheses returned: 1..20. */
  width: number;
  /** Exponent of the length normalisation (HF's length_penalty); 0 (default) ranks by sequence probability. */
  lengthPenalty?: number;
}

export interface SampleOptions extends DecodeOptions {
  /** 0 is greedy; higher flattens the distribution. */
  temperature: number;
  /** Keep only the k most likely tokens (0 or absent: all). */
  topK?: number;
  /** Keep the smallest most-likely set whose probability reaches p (1 or absent: all). */
  topP?: number;
  seed: number;
}

/** Added to the log-probability of a disallowed token (docs §6.1): never chosen, and exp() of it is 0. */
export const DISALLOWED = -1e9;

function checkCommon(o: DecodeOptions): void {
  if (!Number.isInteger(o.maxTokens) || o.maxTokens < 1) throw new RangeError(`maxTokens must be a positive integer, got ${o.maxTokens}`);
  if (!Number.isInteger(o.eop) || o.eop < 0) throw new RangeError(`eop must be a token id, got ${o.eop}`);
}

function scoreRows(scorer: Scorer, prefixes: readonly (readonly number[])[]): Float32Array[] {
  const rows = scorer.next(prefixes);
  if (rows.length !== prefixes.length) throw new Error(`the scorer returned ${rows.length} rows for ${prefixes.length} prefixes`);
  return rows;
}

/** A copy of `row` with DISALLOWED added outside `allowed`. */
function masked(row: Float32Array, allowed: readonly number[]): Float32Array {
  const out = new Float32Array(row.length);
  out.fill(DISALLOWED);
  for (const t of allowed) {
    if (t < 0 || t >= row.length) throw new RangeError(`the constraint allows token ${t}, outside the vocabulary of ${row.length}`);
    out[t] = row[t]!;
  }
  return out;
}

/** Index of the largest value; the lowest index among ties. */
function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

/** One sequence, token by token, with `pick` choosing from the (masked) log-probabilities. */
function decodeOne(scorer: Scorer, o: DecodeOptions, pick: (row: Float32Array) => number): Hypothesis {
  checkCommon(o);
  const tokens: number[] = [];
  let logProb = 0;
  for (let step = 0; step < o.maxTokens; step++) {
    const row = scoreRows(scorer, [tokens])[0]!;
    const allowed = o.constraint?.(tokens) ?? null;
    if (allowed && allowed.length === 0) break;
    const t = pick(allowed ? masked(row, allowed) : row);
    logProb += row[t]!;
    if (t === o.eop) return { tokens, logProb, score: logProb, finished: true };
    tokens.push(t);
  }
  return { tokens, logProb, score: logProb, finished: false };
}

/** The most likely token at every step (the lowest id among ties). */
export function greedy(scorer: Scorer, opts: DecodeOptions): Hypothesis {
  return decodeOne(scorer, opts, argmax);
}

/** One draw from the tempered, top-k and top-p truncated distribution of `row`. */
function draw(row: Float32Array, temperature: number, topK: number, topP: number, rng: Rng): number {
  const order = Array.from(row.keys()).sort((a, b) => row[b]! - row[a]! || a - b);
  const keep = topK > 0 ? Math.min(topK, order.length) : order.length;
  const top = row[order[0]!]! / temperature;
  const weights = order.slice(0, keep).map((i) => Math.exp(row[i]! / temperature - top));
  const total = weights.reduce((a, b) => a + b, 0);
  let n = 0;
  let mass = 0;
  while (n < keep) {
    mass += weights[n]!;
    n++;
    if (mass >= topP * total) break;
  }
  let u = rng() * mass;
  for (let i = 0; i < n; i++) if ((u -= weights[i]!) < 0) return order[i]!;
  return order[n - 1]!;
}

/**
 * One sampled sequence, reproducible from `seed` (mulberry32). Order of truncation as in HF: temperature, then
 * top-k, then top-p. Temperature 0 is greedy.
 */
export function sample(scorer: Scorer, opts: SampleOptions): Hypothesis {
  const { temperature, topK = 0, topP = 1 } = opts;
  if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new RangeError(`temperature must be ≥ 0, got ${temperature}`);
  if (!Number.isInteger(topK) || topK < 0) throw new RangeError(`topK must be a non-negative integer, got ${topK}`);
  if (!(topP > 0 && topP <= 1)) throw new RangeError(`topP must be in (0, 1], got ${topP}`);
  if (temperature === 0) return greedy(scorer, opts);
  const rng = mulberry32(opts.seed);
  return decodeOne(scorer, opts, (row) => draw(row, temperature, topK, topP, rng));
}

interface Beam {
  tokens: number[];
  logProb: number;
}

interface Candidate {
  beam: number;
  token: number;
  logProb: number;
}

/** Indices of the n largest values, largest first (the lowest index first among ties). */
function topIndices(row: Float32Array, n: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < row.length; i++) {
    const v = row[i]!;
    if (best.length === n && v <= row[best[n - 1]!]!) continue;
    let at = best.length;
    while (at > 0 && v > row[best[at - 1]!]!) at--;
    best.splice(at, 0, i);
    if (best.length > n) best.pop();
  }
  return best;
}

/**
 * Beam search as HF's generate runs it (OpenP5's decoder): every step expands each live beam, ranks the
 * candidates, moves those that close with `[eop]` among the best `width` to the finished pool and keeps the best
 * `width` others alive. It stops when no live beam can still beat the worst of `width` finished hypotheses.
 * Returns the finished hypotheses, best first; only when fewer than `width` finished, the best unfinished follow
 * (those cut by maxTokens or by a prefix the constraint allows nothing after).
 * Hypotheses are distinct token sequences.
 */
export function beamSearch(scorer: Scorer, opts: BeamOptions): Hypothesis[] {
  checkCommon(opts);
  const { width, maxTokens, eop, constraint } = opts;
  const lp = opts.lengthPenalty ?? 0;
  if (!Number.isInteger(width) || width < 1 || width > MAX_BEAM_WIDTH)
    throw new RangeError(`beam width must be an integer from 1 to ${MAX_BEAM_WIDTH}, got ${width}`);
  if (!Number.isFinite(lp)) throw new RangeError(`lengthPenalty must be finite, got ${lp}`);
  const normalise = (logProb: number, length: number): number => (lp === 0 ? logProb : logProb / Math.pow(Math.max(1, length), lp));
  // A live beam's log-probability only falls as it grows, so its best final score is at the length where
  // dividing by length^lp helps it most.
  const bound = (b: Beam): number => {
    const shortest = b.tokens.length + 1;
    return normalise(b.logProb, lp > 0 ? Math.max(shortest, maxTokens) : shortest);
  };

  const finished: Hypothesis[] = [];
  const addFinished = (h: Hypothesis): void => {
    if (finished.length === width) {
      if (h.score <= finished[width - 1]!.score) return;
      finished.pop();
    }
    let at = finished.length;
    while (at > 0 && h.score > finished[at - 1]!.score) at--;
    finished.splice(at, 0, h);
  };

  let alive: Beam[] = [{ tokens: [], logProb: 0 }];
  // Beams the constraint allowed nothing after: kept only to fill up when too few finish (as greedy returns them).
  const stuck: Beam[] = [];
  for (let step = 0; step < maxTokens && alive.length > 0; step++) {
    const rows = scoreRows(
      scorer,
      alive.map((b) => b.tokens),
    );
    const candidates: Candidate[] = [];
    alive.forEach((b, i) => {
      const row = rows[i]!;
      const allowed = constraint?.(b.tokens) ?? null;
      // Iterating the allowed tokens is the −∞ mask of the others without building it.
      const tokens = allowed ?? topIndices(row, 2 * width);
      if (tokens.length === 0) stuck.push(b);
      for (const t of tokens) {
        const v = row[t];
        if (v === undefined) throw new RangeError(`the constraint allows token ${t}, outside the vocabulary of ${row.length}`);
        candidates.push({ beam: i, token: t, logProb: b.logProb + v });
      }
    });
    candidates.sort((a, b) => b.logProb - a.logProb || a.beam - b.beam || a.token - b.token);
    const next: Beam[] = [];
    for (let rank = 0; rank < candidates.length && next.length < width; rank++) {
      const c = candidates[rank]!;
      const parent = alive[c.beam]!;
      if (c.token === eop) {
        // HF: an [eop] ranked outside the best `width` candidates was not in the beam.
        if (rank < width) {
          const length = parent.tokens.length + 1;
          addFinished({ tokens: parent.tokens, logProb: c.logProb, score: normalise(c.logProb, length), finished: true });
        }
      } else next.push({ tokens: [...parent.tokens, c.token], logProb: c.logProb });
    }
    alive = next;
    if (finished.length === width && alive.length > 0 && bound(alive[0]!) <= finished[width - 1]!.score) break;
  }
  if (finished.length < width) {
    const rest = [...alive, ...stuck]
      .map((b) => ({ tokens: b.tokens, logProb: b.logProb, score: normalise(b.logProb, b.tokens.length), finished: false }))
      .sort((a, b) => b.score - a.score);
    finished.push(...rest.slice(0, width - finished.length));
  }
  return finished;
}
