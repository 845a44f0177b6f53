/**
 * Word tokens with code-point offsets (pure). One tokenizer for patterns, agreement, CoNLL/HF/Prodigy tokens:
 * runs of letters, digits and combining marks are words; every other visible character (with any marks,
 * variation selectors or joiners after it) stands alone; whitespace separates and is never a token.
 */
import { CodePoints } from './spans';

export interface Token {
  text: string;
  /** Code point offsets, end-exclusive. */
  start: number;
  end: number;
  /** Whether whitespace follows the token (spaCy's `ws`). */
  ws: boolean;
}

// A symbol keeps its marks and variation selectors, and a zero-width-joiner sequence (👩‍🔬) stays one token.
const WORD = /[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}][\p{M}\uFE0F]*(?:\u200D[^\s\p{L}\p{N}\p{M}][\p{M}\uFE0F]*)*/gu;

/** Tokens of `text`; `cuts` are extra code point offsets at which tokens are split (span boundaries, so spans align). */
export function tokenize(text: string | CodePoints, cuts?: Iterable<number>): Token[] {
  const cps = typeof text === 'string' ? new CodePoints(text) : text;
  const s = cps.text;
  const cutSet = cuts ? new Set(cuts) : null;
  const out: Token[] = [];
  for (const m of s.matchAll(WORD)) {
    const u0 = m.index;
    const u1 = u0 + m[0].length;
    const start = cps.fromUtf16(u0)!;
    const end = cps.fromUtf16(u1)!;
    const ws = u1 < s.length && /\s/u.test(s[u1]!);
    if (cutSet && cutSet.size > 0) {
      let from = start;
      for (let p = start + 1; p < end; p++) {
        if (cutSet.has(p)) {
          out.push({ text: cps.slice(from, p), start: from, end: p, ws: false });
          from = p;
        }
      }
      out.push({ text: cps.slice(from, end), start: from, end, ws });
    } else {
      out.push({ text: m[0], start, end, ws });
    }
  }
  return out;
}

/** Tokens split at every boundary of `spans`, so each span covers whole tokens. */
export const tokenizeForSpans = (text: string | CodePoints, spans: readonly { start: number; end: number }[]): Token[] =>
  tokenize(
    text,
    spans.flatMap((s) => [s.start, s.end]),
  );

/** Index of the first token starting at or after `start`, and the last ending at or before `end` (inclusive); null when none. */
export function tokenRange(tokens: readonly Token[], start: number, end: number): { first: number; last: number } | null {
  let first = -1;
  let last = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (first < 0 && t.start >= start) first = i;
    if (t.end <= end) last = i;
    if (t.start >= end) break;
  }
  return first >= 0 && last >= first ? { first, last } : null;
}

/**
 * Finds where `tokens` lie in `text` in order (skipping whitespace between them). Returns each token's code point
 * offsets, or the index of the first token that does not follow.
 */
export function alignTokens(
  text: string | CodePoints,
  tokens: readonly string[],
): { offsets: { start: number; end: number }[] } | { failedAt: number } {
  const cps = typeof text === 'string' ? new CodePoints(text) : text;
  const s = cps.text;
  let u = 0;
  const offsets: { start: number; end: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    while (u < s.length && /\s/u.test(s[u]!)) u++;
    if (tok.length === 0 || s.slice(u, u + tok.length) !== tok) return { failedAt: i };
    const start = cps.fromUtf16(u);
    const end = cps.fromUtf16(u + tok.length);
    if (start === undefined || end === undefined) return { failedAt: i };
    offsets.push({ start, end });
    u += tok.length;
  }
  return { offsets };
}
