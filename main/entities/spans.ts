/**
 * Spans (pure): code-point offsets, end-exclusive, with their text. Validation refuses what an entity-level
 * mask cannot use: offsets outside the text, text that differs from the record at the offsets, unknown labels,
 * duplicates, partial overlaps, and nesting the label set does not allow.
 */
import {
  codePointLength,
  toCodePointOffset,
  toUtf16Offset,
  type Nesting,
  type Span,
  type SpanInput,
  type SpanRef,
  type SpanSource,
} from '../../preload/api-entities';

import { CodePoints } from '../model/code-points';

export { codePointLength, toCodePointOffset, toUtf16Offset, CodePoints };

/** A span that failed validation: which one (index in the input) and why; `other` is the span it clashed with. */
export class SpanProblem extends Error {
  constructor(
    readonly index: number,
    readonly reason: string,
    readonly other?: number,
  ) {
    super(`span ${index + 1}: ${reason}`);
    this.name = 'SpanProblem';
  }
}

export interface SpanRules {
  /** Known labels; undefined accepts any label. */
  labels?: ReadonlySet<string>;
  nesting: Nesting;
}

export const describeSpan = (s: { start: number; end: number; label: string; text?: string | undefined }): string =>
  `[${s.start},${s.end}) ${s.label}${s.text !== undefined ? ` ${JSON.stringify(s.text)}` : ''}`;

/** Orders spans by start, longer first, then label: outer before inner, stable for equal keys. */
export const compareSpans = (a: { start: number; end: number; label: string }, b: { start: number; end: number; label: string }): number =>
  a.start - b.start || b.end - a.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

export function nestingAllowed(nesting: Nesting, outer: string, inner: string): boolean {
  if (nesting.mode === 'any') return true;
  if (nesting.mode === 'none') return false;
  return nesting.rules.some((r) => r.outer === outer && r.inner === inner);
}

/**
 * Validates spans against a text and returns them sorted (compareSpans) with their text filled in.
 * Throws SpanProblem naming the first bad span (index into the input) and, for clashes, the other one.
 */
export function validateSpans(text: string | CodePoints, spans: readonly SpanInput[], rules: SpanRules): Span[] {
  const cps = typeof text === 'string' ? new CodePoints(text) : text;
  const out: { span: Span; index: number }[] = spans.map((s, index) => {
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end <= s.start) {
      throw new SpanProblem(index, `${describeSpan(s)}: offsets must be whole numbers with 0 ≤ start < end`);
    }
    if (s.end > cps.length) throw new SpanProblem(index, `${describeSpan(s)}: ends past the record's ${cps.length} characters`);
    if (rules.labels && !rules.labels.has(s.label)) throw new SpanProblem(index, `${describeSpan(s)}: unknown label "${s.label}"`);
    const actual = cps.slice(s.start, s.end);
    if (s.text !== undefined && s.text !== actual) {
      throw new SpanProblem(index, `${describeSpan(s)}: text does not match the record, which reads ${JSON.stringify(actual)} there`);
    }
    const source: SpanSource = s.source ?? 'human';
    const ref: SpanRef | null = s.ref ?? null;
    return { span: { start: s.start, end: s.end, label: s.label, source, text: actual, ref }, index };
  });
  out.sort((a, b) => compareSpans(a.span, b.span) || a.index - b.index);
  // Sweep: a stack of open spans; each new span either starts after the top ends, nests in it, or overlaps it partially.
  const stack: { span: Span; index: number }[] = [];
  for (let i = 0; i < out.length; i++) {
    const cur = out[i]!;
    const prev = out[i - 1];
    if (prev && prev.span.start === cur.span.start && prev.span.end === cur.span.end && prev.span.label === cur.span.label) {
      throw new SpanProblem(cur.index, `${describeSpan(cur.span)} is the same as span ${prev.index + 1}`, prev.index);
    }
    while (stack.length > 0 && stack[stack.length - 1]!.span.end <= cur.span.start) stack.pop();
    const top = stack[stack.length - 1];
    if (top) {
      if (cur.span.end > top.span.end) {
        throw new SpanProblem(
          cur.index,
          `${describeSpan(cur.span)} partially overlaps span ${top.index + 1} ${describeSpan(top.span)}: an entity is masked whole, so spans may nest but not cross`,
          top.index,
        );
      }
      if (!nestingAllowed(rules.nesting, top.span.label, cur.span.label)) {
        throw new SpanProblem(
          cur.index,
          `${describeSpan(cur.span)} is nested in span ${top.index + 1} ${describeSpan(top.span)}, and the label set does not allow ${cur.span.label} inside ${top.span.label}`,
          top.index,
        );
      }
    }
    stack.push(cur);
  }
  return out.map((o) => o.span);
}

/**
 * Adds candidate spans to existing valid ones, dropping each candidate that duplicates, partially overlaps or
 * nests where the rules refuse (candidates are tried longest first). Returns the merged, sorted list and how many were dropped.
 */
export function mergeSpans(
  text: string | CodePoints,
  existing: readonly Span[],
  candidates: readonly Span[],
  rules: SpanRules,
): { spans: Span[]; added: Span[]; skipped: number } {
  const cps = typeof text === 'string' ? new CodePoints(text) : text;
  const kept = [...existing];
  const added: Span[] = [];
  let skipped = 0;
  const ordered = [...candidates].sort((a, b) => b.end - b.start - (a.end - a.start) || compareSpans(a, b));
  for (const c of ordered) {
    if (!fits(kept, c, rules)) {
      skipped++;
      continue;
    }
    kept.push(c);
    added.push(c);
  }
  return { spans: validateSpans(cps, kept, rules), added, skipped };
}

/** Whether `c` can join `spans` (a valid set) without a duplicate, a partial overlap, or a nesting the rules refuse. */
function fits(spans: readonly Span[], c: Span, rules: SpanRules): boolean {
  if (rules.labels && !rules.labels.has(c.label)) return false;
  let parent: Span | undefined;
  for (const s of spans) {
    if (s.end <= c.start || c.end <= s.start) continue;
    if (s.start === c.start && s.end === c.end && s.label === c.label) return false;
    const cInS = s.start <= c.start && c.end <= s.end;
    const sInC = c.start <= s.start && s.end <= c.end;
    if (!cInS && !sInC) return false;
    if (cInS && !(s.start === c.start && s.end === c.end && compareSpans(c, s) < 0)) {
      // c goes inside s: its immediate parent is the smallest enclosing span.
      if (!parent || s.end - s.start < parent.end - parent.start) parent = s;
    } else if (!nestingAllowed(rules.nesting, c.label, s.label)) return false;
  }
  return !parent || nestingAllowed(rules.nesting, parent.label, c.label);
}
