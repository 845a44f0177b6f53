/**
 * Prodigy-style match patterns (pure). One JSON object per line:
 *   {"label": "BRAND", "pattern": "Sonora"}                                    exact phrase, case-sensitive, whole tokens
 *   {"label": "ITEM", "pattern": [{"lower": "trail"}, {"lower": "runner"}]}    token pattern: lower | orth | text per token
 * Matches are whole tokens of the shared tokenizer (tokens.ts). The catalog (item titles and attribute values)
 * is matched the same way, as phrase patterns.
 */
import { tokenize, type Token } from './tokens';
import type { SpanRef } from '../../preload/api-entities';
import { CodePoints } from './spans';

export type TokenSpec = { lower: string } | { orth: string };
export interface Pattern {
  label: string;
  tokens: TokenSpec[];
  /** 1-based line of the pattern file, 0 for catalog patterns. */
  line: number;
  /** What a catalog pattern stands for (the item whose title it is). */
  ref?: SpanRef;
}
export interface PatternMatch {
  start: number;
  end: number;
  label: string;
  text: string;
  ref: SpanRef | null;
}

export class PatternError extends Error {
  constructor(
    readonly line: number,
    readonly field: string | null,
    readonly reason: string,
  ) {
    super(`line ${line}${field ? ` field "${field}"` : ''}: ${reason}`);
    this.name = 'PatternError';
  }
}

const LABEL = /^[\p{L}\p{N}_.:-]{1,64}$/u;

/** A phrase pattern: the phrase's own tokens, matched exactly. */
export function phrasePattern(label: string, phrase: string, line = 0): Pattern | null {
  const tokens = tokenize(phrase).map((t): TokenSpec => ({ orth: t.text }));
  return tokens.length > 0 ? { label, tokens, line } : null;
}

/** Parses a JSONL pattern file; blank lines are skipped; anything malformed throws PatternError naming the line. */
export function parsePatterns(text: string): Pattern[] {
  const out: Pattern[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (err) {
      throw new PatternError(line, null, `not JSON (${(err as Error).message})`);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
      throw new PatternError(line, null, 'expected an object with "label" and "pattern"');
    const o = obj as Record<string, unknown>;
    if (typeof o.label !== 'string' || !LABEL.test(o.label))
      throw new PatternError(line, 'label', 'expected a label (letters, digits, _ . : -)');
    const label = o.label;
    if (typeof o.pattern === 'string') {
      const p = phrasePattern(label, o.pattern, line);
      if (!p) throw new PatternError(line, 'pattern', 'the phrase is empty');
      out.push(p);
      return;
    }
    if (!Array.isArray(o.pattern) || o.pattern.length === 0)
      throw new PatternError(line, 'pattern', 'expected a phrase (string) or a non-empty list of token objects');
    const tokens = o.pattern.map((t, k): TokenSpec => {
      const field = `pattern[${k}]`;
      if (typeof t !== 'object' || t === null || Array.isArray(t))
        throw new PatternError(line, field, 'expected a token object such as {"lower": "trail"}');
      const entries = Object.entries(t as Record<string, unknown>);
      if (entries.length !== 1) throw new PatternError(line, field, 'a token object takes exactly one of lower, orth, text');
      const [key, value] = entries[0]!;
      if (typeof value !== 'string' || value.length === 0) throw new PatternError(line, field, `"${key}" must be a non-empty string`);
      const k2 = key.toLowerCase();
      if (k2 === 'lower') return { lower: value.toLowerCase() };
      if (k2 === 'orth' || k2 === 'text') return { orth: value };
      throw new PatternError(line, field, `unsupported token attribute "${key}" (use lower, orth or text)`);
    });
    out.push({ label, tokens, line });
  });
  return out;
}

/** Matches patterns against a text: indexed by first token, so cost grows with the text, not with the pattern count. */
export class PatternMatcher {
  private readonly byOrth = new Map<string, Pattern[]>();
  private readonly byLower = new Map<string, Pattern[]>();

  constructor(patterns: readonly Pattern[]) {
    for (const p of patterns) {
      const first = p.tokens[0]!;
      const [map, key] = 'lower' in first ? [this.byLower, first.lower] : [this.byOrth, first.orth];
      const list = map.get(key);
      if (list) list.push(p);
      else map.set(key, [p]);
    }
  }

  get size(): number {
    let n = 0;
    for (const l of this.byOrth.values()) n += l.length;
    for (const l of this.byLower.values()) n += l.length;
    return n;
  }

  /** Every match (duplicates of the same offsets and label once), in text order. */
  match(text: string | CodePoints, tokens?: readonly Token[]): PatternMatch[] {
    const cps = typeof text === 'string' ? new CodePoints(text) : text;
    const out: PatternMatch[] = [];
    const seen = new Set<string>();
    tokens ??= tokenize(cps);
    const lowers = tokens.map((t) => t.text.toLowerCase());
    for (let i = 0; i < tokens.length; i++) {
      const candidates = [...(this.byOrth.get(tokens[i]!.text) ?? []), ...(this.byLower.get(lowers[i]!) ?? [])];
      for (const p of candidates) {
        if (i + p.tokens.length > tokens.length) continue;
        const ok = p.tokens.every((spec, k) => ('lower' in spec ? lowers[i + k] === spec.lower : tokens[i + k]!.text === spec.orth));
        if (!ok) continue;
        const start = tokens[i]!.start;
        const end = tokens[i + p.tokens.length - 1]!.end;
        const key = `${start}:${end}:${p.label}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ start, end, label: p.label, text: cps.slice(start, end), ref: p.ref ?? null });
      }
    }
    return out.sort((a, b) => a.start - b.start || b.end - a.end);
  }
}

/** Catalog patterns: every item title (ITEM) and every attribute/feature value (its field's label), 2+ characters. */
export function catalogPatterns(values: Iterable<{ label: string; value: string; ref?: SpanRef }>): Pattern[] {
  const seen = new Set<string>();
  const out: Pattern[] = [];
  for (const { label, value, ref } of values) {
    const v = value.trim();
    if ([...v].length < 2) continue;
    const key = `${label}\u0000${v}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const p = phrasePattern(label, v);
    if (p) out.push(ref ? { ...p, ref } : p);
  }
  return out;
}
