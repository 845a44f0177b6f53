/**
 * Mask preview (pure): how a record splits into tokens and which whole-entity groups a pretraining sample would
 * mask (RecSysLLM §1.3: a mask span is a whole entity or one standalone token, never part of an entity).
 *
 * The tokenizer here is a STAND-IN until the training issue's BPE lands: word pieces — runs of letters/digits
 * cut into pieces of at most 6 code points, every other visible character alone, whitespace dropped — and
 * pieces are also cut at entity boundaries, so an entity always covers whole tokens.
 */
import { CodePoints } from './spans';
import { keyedRng } from '../random';
import { tokenize } from './tokens';

export const STAND_IN_TOKENIZER = 'stand-in word pieces (≤6 code points), until the training BPE lands';
const PIECE = 6;

export interface MaskToken {
  text: string;
  start: number;
  end: number;
  entity: number | null;
}
export interface MaskEntity {
  label: string;
  start: number;
  end: number;
  text: string;
  tokenStart: number;
  tokenEnd: number;
}
export interface MaskGroup {
  tokenStart: number;
  tokenEnd: number;
  entity: number | null;
}

/** Stand-in word pieces with code point offsets, cut at `cuts`. */
export function pieces(text: string | CodePoints, cuts: Iterable<number> = []): { text: string; start: number; end: number }[] {
  const cps = typeof text === 'string' ? new CodePoints(text) : text;
  const out: { text: string; start: number; end: number }[] = [];
  for (const t of tokenize(cps, cuts)) {
    for (let s = t.start; s < t.end; s += PIECE) {
      const e = Math.min(t.end, s + PIECE);
      out.push({ text: cps.slice(s, e), start: s, end: e });
    }
  }
  return out;
}

/**
 * Tokens, the outermost entities as mask units, the standalone tokens as the others, and a seeded draw of units
 * until at least `ratio` of the tokens are covered (GLM's bert_ratio 0.15), listed in text order.
 */
export function maskPreview(
  text: string,
  spans: readonly { start: number; end: number; label: string }[],
  seed: number,
  ratio: number,
  key: string,
): { tokens: MaskToken[]; entities: MaskEntity[]; groups: MaskGroup[]; masked: number[] } {
  const cps = new CodePoints(text);
  // Outermost spans only: an inner entity is masked with its outer one.
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const outer: typeof sorted = [];
  for (const s of sorted) {
    const last = outer[outer.length - 1];
    if (last && s.start < last.end) continue;
    outer.push(s);
  }
  const raw = pieces(
    cps,
    outer.flatMap((s) => [s.start, s.end]),
  );
  const entities: MaskEntity[] = [];
  const tokens: MaskToken[] = raw.map((p) => ({ ...p, entity: null }));
  let t = 0;
  for (const s of outer) {
    while (t < tokens.length && tokens[t]!.start < s.start) t++;
    const first = t;
    while (t < tokens.length && tokens[t]!.end <= s.end) tokens[t++]!.entity = entities.length;
    if (t > first)
      entities.push({ label: s.label, start: s.start, end: s.end, text: cps.slice(s.start, s.end), tokenStart: first, tokenEnd: t });
  }
  const groups: MaskGroup[] = [];
  for (let i = 0; i < tokens.length;) {
    const e = tokens[i]!.entity;
    if (e === null) {
      groups.push({ tokenStart: i, tokenEnd: i + 1, entity: null });
      i++;
    } else {
      const ent = entities[e]!;
      groups.push({ tokenStart: ent.tokenStart, tokenEnd: ent.tokenEnd, entity: e });
      i = ent.tokenEnd;
    }
  }
  const rng = keyedRng(seed, key);
  const order = groups.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const goal = Math.ceil(ratio * tokens.length);
  const masked: number[] = [];
  let covered = 0;
  for (const g of order) {
    if (covered >= goal) break;
    masked.push(g);
    covered += groups[g]!.tokenEnd - groups[g]!.tokenStart;
  }
  return { tokens, entities, groups, masked: masked.sort((a, b) => a - b) };
}
