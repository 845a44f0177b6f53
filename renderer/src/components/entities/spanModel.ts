/**
 * Pure helpers of the span editor: offsets (the DOM counts UTF-16 units, the contract code points), word snapping,
 * the nesting tree spans render as, overlap checks and an undo history. No React here.
 */
import { toCodePointOffset, toUtf16Offset, type LabelDef, type Nesting, type Span, type SpanInput } from '../../../../preload/api-entities';

/** `idx[cp]` is the UTF-16 offset of code point offset `cp` (length + 1 entries). */
export function cpToUtf16Index(text: string): Int32Array {
  const out: number[] = [0];
  for (let u = 0; u < text.length; ) {
    const c = text.charCodeAt(u);
    u += c >= 0xd800 && c <= 0xdbff && u + 1 < text.length ? 2 : 1;
    out.push(u);
  }
  return Int32Array.from(out);
}

export { toCodePointOffset, toUtf16Offset };

const WORD = /[\p{L}\p{N}\p{M}_]/u;

function isWordAt(text: string, u: number): boolean {
  if (u < 0 || u >= text.length) return false;
  const c = text.charCodeAt(u);
  // A low surrogate belongs to the character before it.
  const start = c >= 0xdc00 && c <= 0xdfff && u > 0 ? u - 1 : u;
  const cp = text.codePointAt(start);
  return cp !== undefined && WORD.test(String.fromCodePoint(cp));
}

/**
 * Snaps a UTF-16 selection [s, e) to word boundaries: a start or end inside a word moves out to the word's edge;
 * surrounding white space is trimmed. Returns null when nothing but white space is left.
 */
export function snapToWords(text: string, s: number, e: number): [number, number] | null {
  let a = Math.max(0, Math.min(s, e));
  let b = Math.min(text.length, Math.max(s, e));
  while (a < b && /\s/u.test(text[a] ?? '')) a++;
  while (b > a && /\s/u.test(text[b - 1] ?? '')) b--;
  if (a >= b) return null;
  while (a > 0 && isWordAt(text, a) && isWordAt(text, a - 1)) a--;
  while (b < text.length && isWordAt(text, b - 1) && isWordAt(text, b)) b++;
  return [a, b];
}

/** Trims white space only (exact-character mode) and keeps surrogate pairs whole. */
export function exactRange(text: string, s: number, e: number): [number, number] | null {
  let a = Math.max(0, Math.min(s, e));
  let b = Math.min(text.length, Math.max(s, e));
  const lo = (u: number) => {
    const c = text.charCodeAt(u);
    return c >= 0xdc00 && c <= 0xdfff;
  };
  if (a > 0 && lo(a)) a--;
  if (b < text.length && lo(b)) b++;
  while (a < b && /\s/u.test(text[a] ?? '')) a++;
  while (b > a && /\s/u.test(text[b - 1] ?? '')) b--;
  return a < b ? [a, b] : null;
}

/** A span of the editor's working copy. */
export type EditSpan = Span;

export const sameRange = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start === b.start && a.end === b.end;

/** Partial overlap: they cross without one containing the other. */
export function crosses(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end && !(a.start <= b.start && b.end <= a.end) && !(b.start <= a.start && a.end <= b.end);
}

const contains = (o: { start: number; end: number }, i: { start: number; end: number }): boolean => o.start <= i.start && i.end <= o.end && !sameRange(o, i);

/**
 * Why `span` cannot join `spans` (ignoring the one at index `except`), or null. Partial overlaps are always refused;
 * nesting follows the label set (`none`, `any`, or `rules` outer ⊃ inner).
 */
export function refusal(spans: readonly EditSpan[], span: { start: number; end: number; label: string; text: string }, nesting: Nesting, except = -1): string | null {
  for (let i = 0; i < spans.length; i++) {
    if (i === except) continue;
    const o = spans[i]!;
    if (crosses(o, span)) {
      return `“${span.text}” partially overlaps ${o.label} “${o.text}”: an entity is masked whole, so spans may nest but not cross`;
    }
    if (sameRange(o, span) && o.label === span.label) return `“${span.text}” is already labelled ${span.label}`;
    const outer = contains(o, span) ? o : contains(span, o) ? span : null;
    if (outer) {
      const inner = outer === o ? span : o;
      if (nesting.mode === 'none') return `${inner.label} “${inner.text}” would nest inside ${outer.label} “${outer.text}”, and this label set allows no nesting`;
      if (nesting.mode === 'rules' && !nesting.rules.some((r) => r.outer === outer.label && r.inner === inner.label)) {
        return `${inner.label} may not nest inside ${outer.label} (add the rule ${outer.label} ⊃ ${inner.label} in Labels)`;
      }
    }
  }
  return null;
}

/** Sorted in text order, outer spans before the spans they contain. */
export function sortSpans<T extends { start: number; end: number; label: string }>(spans: readonly T[]): T[] {
  return [...spans].sort((a, b) => a.start - b.start || b.end - a.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

export interface SpanNode {
  /** Index into the spans array given to `spanTree`. */
  index: number;
  span: EditSpan;
  /** UTF-16 offsets. */
  u0: number;
  u1: number;
  children: SpanNode[];
}

/** The containment forest of spans (which never cross), in UTF-16 offsets for rendering. */
export function spanTree(spans: readonly EditSpan[], idx: Int32Array): SpanNode[] {
  const order = spans.map((s, i) => ({ s, i })).sort((a, b) => a.s.start - b.s.start || b.s.end - a.s.end || a.i - b.i);
  const roots: SpanNode[] = [];
  const stack: SpanNode[] = [];
  const at = (cp: number) => idx[Math.max(0, Math.min(idx.length - 1, cp))] ?? 0;
  for (const { s, i } of order) {
    const node: SpanNode = { index: i, span: s, u0: at(s.start), u1: at(s.end), children: [] };
    while (stack.length > 0 && stack[stack.length - 1]!.span.end <= s.start) stack.pop();
    // A crossing span (never stored, but be safe) is shown as a sibling of what it crosses.
    while (stack.length > 0 && s.end > stack[stack.length - 1]!.span.end) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.children : roots).push(node);
    stack.push(node);
  }
  return roots;
}

export function toInput(s: EditSpan): SpanInput {
  return { start: s.start, end: s.end, label: s.label, source: s.source, text: s.text, ref: s.ref };
}

/** The label with hotkey `digit`, else the digit-th label in the set. */
export function labelForDigit(labels: readonly LabelDef[], digit: number): LabelDef | undefined {
  return labels.find((l) => l.hotkey === digit) ?? (labels.some((l) => l.hotkey !== null) ? undefined : labels[digit - 1]);
}

/** Undo/redo over immutable snapshots. */
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];
  constructor(
    public current: T,
    private readonly limit = 200,
  ) {}
  push(next: T): void {
    this.past.push(this.current);
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
    this.current = next;
  }
  /** Replaces the current state without a history step (a refused save puts back what the server holds). */
  replace(value: T): void {
    this.current = value;
    this.future = [];
  }
  undo(): boolean {
    const prev = this.past.pop();
    if (prev === undefined) return false;
    this.future.push(this.current);
    this.current = prev;
    return true;
  }
  redo(): boolean {
    const next = this.future.pop();
    if (next === undefined) return false;
    this.past.push(this.current);
    this.current = next;
    return true;
  }
  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }
  get depth(): number {
    return this.past.length;
  }
}

/** A label's colour as a translucent fill. */
export function fill(colour: string, alpha = 0.22): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (!m) return `rgba(120,120,120,${alpha})`;
  return `rgba(${parseInt(m[1]!, 16)},${parseInt(m[2]!, 16)},${parseInt(m[3]!, 16)},${alpha})`;
}

export const SOURCES = ['auto', 'pattern', 'catalog', 'human'] as const;
export const SOURCE_HINT: Record<(typeof SOURCES)[number], string> = {
  auto: 'textualizer',
  pattern: 'pattern file',
  catalog: 'catalog match',
  human: 'a curator',
};

export const HUMAN_NAME_KEY = 'ent-annotator';
export function storedAnnotator(): string {
  try {
    return localStorage.getItem(HUMAN_NAME_KEY) || 'curator';
  } catch {
    return 'curator';
  }
}
export function annotatorProblem(name: string): string | null {
  const t = name.trim();
  if (t.length === 0) return 'enter your name';
  if (t.length > 60) return 'at most 60 characters';
  if (t.startsWith('@')) return 'names starting with “@” are reserved';
  return null;
}
