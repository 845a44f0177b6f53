import type { Span, SpanSource } from '../../../preload/api-entities';

/** A record as exporters see it. */
export interface ExportRecord {
  id: number;
  userExtId: string;
  text: string;
  spans: readonly Span[];
}

/** A span read from a file, in code points, not yet checked against a record. `field` says where in the line it was. */
export interface ImportedSpan {
  start: number;
  end: number;
  label: string;
  text?: string;
  source?: SpanSource;
  field: string;
}
/** A token-indexed span (CoNLL, HF): tokens first..last inclusive. */
export interface TokenSpan {
  first: number;
  last: number;
  label: string;
  field: string;
}

/** One document of an imported file; the service finds its record, checks it and converts token spans. */
export interface ImportedDoc {
  /** 1-based line (JSONL, CoNLL) or task number (Label Studio JSON). */
  line: number;
  recordId?: number;
  /** The record's text as the file has it (checked against the record). */
  text?: string;
  /** Tokens when the file is token-based (CoNLL, HF); spans then come as tokenSpans. */
  tokens?: string[];
  spans: ImportedSpan[];
  tokenSpans?: TokenSpan[];
}

/** Malformed input at a line (and field) of a file. */
export class FormatError extends Error {
  constructor(
    readonly line: number,
    readonly field: string | null,
    readonly reason: string,
  ) {
    super(`line ${line}${field ? ` field "${field}"` : ''}: ${reason}`);
    this.name = 'FormatError';
  }
}

export interface SpanFormatModule {
  extension: string;
  mime: string;
  /** Writes records; returns the file text and how many spans it holds. */
  write(records: readonly ExportRecord[]): { text: string; spans: number };
  read(text: string): ImportedDoc[];
}

export const SOURCES: readonly SpanSource[] = ['auto', 'pattern', 'catalog', 'human'];
export const asSource = (v: unknown): SpanSource | undefined => (SOURCES.includes(v as SpanSource) ? (v as SpanSource) : undefined);

/** Parses JSONL: one object per non-blank line, each handed to `each` with its line number. */
export function readJsonl(text: string, each: (obj: Record<string, unknown>, line: number) => ImportedDoc): ImportedDoc[] {
  const docs: ImportedDoc[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (err) {
      throw new FormatError(i + 1, null, `not JSON (${(err as Error).message})`);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new FormatError(i + 1, null, 'expected a JSON object');
    docs.push(each(obj as Record<string, unknown>, i + 1));
  });
  return docs;
}

export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** The record id a line names (`record_id`, or an integer `id`), if any. */
export function recordIdOf(o: Record<string, unknown>, line: number): number | undefined {
  const meta = typeof o.meta === 'object' && o.meta !== null ? (o.meta as Record<string, unknown>) : {};
  const v = o.record_id ?? meta.record_id;
  if (v === undefined || v === null) return undefined;
  if (!isInt(v) || v < 1) throw new FormatError(line, 'record_id', 'expected a positive integer');
  return v;
}

/** BIO tags over tokens for non-crossing spans: the outermost spans only (BIO cannot nest). */
export function outermost<T extends { start: number; end: number }>(spans: readonly T[]): T[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: T[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) continue;
    out.push(s);
  }
  return out;
}

/** Token-indexed spans from BIO tags (B-X starts; I-X continues a span of X, or starts one after O or another label). */
export function fromBio(tags: readonly string[], fieldOf: (i: number) => string, lineOf: (i: number) => number): TokenSpan[] {
  const out: TokenSpan[] = [];
  let cur: TokenSpan | null = null;
  tags.forEach((tag, i) => {
    if (tag === 'O') {
      cur = null;
      return;
    }
    const m = /^([BI])-(.+)$/.exec(tag);
    if (!m) throw new FormatError(lineOf(i), fieldOf(i), `tag "${tag}" is not O, B-LABEL or I-LABEL`);
    const [, bi, label] = m as unknown as [string, string, string];
    if (bi === 'I' && cur !== null && (cur as TokenSpan).label === label) {
      (cur as TokenSpan).last = i;
      return;
    }
    cur = { first: i, last: i, label, field: fieldOf(i) };
    out.push(cur);
  });
  return out;
}
