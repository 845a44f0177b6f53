/**
 * Textualizing (pure): a user's features and behaviour sequence → one record's text with entity spans
 * (RecSysLLM §Data Phase; docs/algorithms.md §1.1). Every inserted value is an entity labelled with its field
 * (upper-cased), linked to its row and field; every item title is an ITEM entity linked to the item.
 */
import type { Span, SpanRef, TextProfile } from '../../preload/api-entities';
import { codePointLength } from './spans';
import { keyedRng, pickIndices } from '../random';

/** A literal, or a placeholder with the literal written when its value is unknown (`{occupation|person}`). */
export type TemplatePart = { lit: string } | { field: string; fallback?: string };

/**
 * Parses `{field}` and `{field|fallback}` placeholders; `{{` and `}}` are literal braces. Throws on an unclosed or
 * empty placeholder.
 */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let lit = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '{' && template[i + 1] === '{') {
      lit += '{';
      i++;
    } else if (c === '}' && template[i + 1] === '}') {
      lit += '}';
      i++;
    } else if (c === '{') {
      const close = template.indexOf('}', i + 1);
      if (close < 0) throw new TemplateError(`unclosed "{" at character ${i + 1}`);
      const inner = template.slice(i + 1, close);
      const bar = inner.indexOf('|');
      const field = (bar < 0 ? inner : inner.slice(0, bar)).trim();
      if (!field || inner.includes('{')) throw new TemplateError(`empty or malformed placeholder at character ${i + 1}`);
      if (lit) parts.push({ lit });
      lit = '';
      parts.push(bar < 0 ? { field } : { field, fallback: inner.slice(bar + 1) });
      i = close;
    } else if (c === '}') {
      throw new TemplateError(`lone "}" at character ${i + 1} (write "}}" for a brace)`);
    } else lit += c;
  }
  if (lit) parts.push({ lit });
  return parts;
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

export const templateFields = (template: string): string[] => parseTemplate(template).flatMap((p) => ('field' in p ? [p.field] : []));

/** The label for a field: ITEM for an item's title, USER / ITEM_ID for ids, else the field upper-cased (other characters → _). */
export function labelFor(kind: 'user' | 'item' | 'interaction', field: string): string {
  if (kind === 'item' && field === 'title') return 'ITEM';
  if (field === 'id') return kind === 'user' ? 'USER' : 'ITEM_ID';
  return field.toUpperCase().replace(/[^\p{L}\p{N}_.:-]/gu, '_') || '_';
}

/** How a value reads in text: arrays joined by ", ", numbers as JS prints them; null, undefined and blank read as nothing. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(formatValue).filter(Boolean).join(', ');
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v).trim();
}

export interface TUser {
  id: number;
  extId: string;
  features: Record<string, unknown>;
}
export interface TItem {
  id: number;
  extId: string;
  title: string | null;
  attrs: Record<string, unknown>;
}
export interface TBehaviour {
  id: number;
  itemId: number;
  rating: number | null;
  /** Seconds since the epoch (values above 1e11 are read as milliseconds). */
  ts: number | null;
}

/**
 * Values that say "unknown" rather than describe the user (ml-100k's occupation "other" and "none"): a sentence
 * reads badly with them in a noun's place ("A 53-year-old other."), so the user template treats them as missing.
 */
const UNKNOWN_VALUES = new Set(['', 'other', 'none', 'unknown', 'n/a', 'na', 'nan', 'null', '?', '-', 'unspecified', 'not specified']);
export const isUnknownValue = (text: string): boolean => UNKNOWN_VALUES.has(text.trim().toLowerCase());

/** Appends text and spans, counting code points as it goes. */
class Writer {
  text = '';
  length = 0;
  readonly spans: Span[] = [];

  lit(s: string): void {
    this.text += s;
    this.length += codePointLength(s);
  }

  entity(value: string, label: string, ref: SpanRef): void {
    if (!value) return;
    const start = this.length;
    this.lit(value);
    this.spans.push({ start, end: this.length, label, source: 'auto', text: value, ref });
  }
}

/** Parsed templates of a profile, so a dataset's users are rendered without reparsing. */
export interface CompiledProfile {
  profile: TextProfile;
  user: TemplatePart[];
  item: TemplatePart[];
  rating: TemplatePart[];
  date: TemplatePart[];
}

export function compileProfile(profile: TextProfile): CompiledProfile {
  const named = (what: string, t: string): TemplatePart[] => {
    try {
      return parseTemplate(t);
    } catch (err) {
      throw new TemplateError(`${what} template: ${(err as Error).message}`);
    }
  };
  return {
    profile,
    user: named('user', profile.user),
    item: named('item', profile.item),
    rating: named('rating', profile.behaviour.ratingFormat),
    date: named('date', profile.behaviour.dateFormat),
  };
}

const toSeconds = (ts: number): number => (ts > 1e11 ? ts / 1000 : ts);
export const isoDate = (ts: number): string => new Date(toSeconds(ts) * 1000).toISOString().slice(0, 10);

export type Window = 'long' | 'medium' | 'short';
const WINDOWS: readonly Window[] = ['long', 'medium', 'short'];

/** Which window each behaviour (in time order) falls in: by age before the last one, or by position without timestamps. */
export function assignWindows(behaviours: readonly TBehaviour[], shortDays: number, mediumDays: number): Window[] {
  const n = behaviours.length;
  if (n === 0) return [];
  if (behaviours.every((b) => b.ts !== null)) {
    const last = Math.max(...behaviours.map((b) => toSeconds(b.ts!)));
    return behaviours.map((b) => {
      const days = (last - toSeconds(b.ts!)) / 86400;
      return days <= shortDays ? 'short' : days <= mediumDays ? 'medium' : 'long';
    });
  }
  return behaviours.map((_, i) => (i < n * 0.5 ? 'long' : i < n * 0.8 ? 'medium' : 'short'));
}

/** Splits n by shares (largest remainder), then moves what a window cannot fill to the others, most recent first. */
export function windowQuotas(n: number, shares: Record<Window, number>, available: Record<Window, number>): Record<Window, number> {
  const total = shares.long + shares.medium + shares.short;
  const raw = WINDOWS.map((w) => (total > 0 ? (shares[w] / total) * n : 0));
  const q = raw.map(Math.floor);
  let left = n - q.reduce((a, b) => a + b, 0);
  const byRemainder = WINDOWS.map((_, i) => i).sort((a, b) => raw[b]! - q[b]! - (raw[a]! - q[a]!) || b - a);
  for (const i of byRemainder) {
    if (left <= 0) break;
    q[i]!++;
    left--;
  }
  let excess = 0;
  WINDOWS.forEach((w, i) => {
    if (q[i]! > available[w]) {
      excess += q[i]! - available[w];
      q[i] = available[w];
    }
  });
  for (const i of [2, 1, 0]) {
    const room = available[WINDOWS[i]!] - q[i]!;
    const add = Math.min(room, excess);
    q[i]! += add;
    excess -= add;
  }
  return { long: q[0]!, medium: q[1]!, short: q[2]! };
}

/**
 * RecSysLLM behaviour sampling: up to `maxBehaviours`, shared among long/medium/short windows, drawn uniformly
 * within each window by a generator seeded with (seed, user), returned as indices in time order.
 */
export function sampleBehaviours(behaviours: readonly TBehaviour[], b: TextProfile['behaviour'], userKey: string): number[] {
  const n = Math.min(b.maxBehaviours, behaviours.length);
  if (n === behaviours.length) return behaviours.map((_, i) => i);
  const windows = assignWindows(behaviours, b.shortDays, b.mediumDays);
  const members: Record<Window, number[]> = { long: [], medium: [], short: [] };
  windows.forEach((w, i) => members[w].push(i));
  const quotas = windowQuotas(n, b.windows, { long: members.long.length, medium: members.medium.length, short: members.short.length });
  const rng = keyedRng(b.seed, userKey);
  const chosen: number[] = [];
  for (const w of WINDOWS) {
    for (const k of pickIndices(members[w].length, quotas[w], rng)) chosen.push(members[w][k]!);
  }
  return chosen.sort((x, y) => x - y);
}

interface Value {
  text: string;
  label: string;
  ref: SpanRef;
  /** Written inside quotes (outside the entity), so a title holding the list's separator stays one unambiguous item. */
  quote?: boolean;
}

function writeValue(w: Writer, v: Value): void {
  if (v.quote && v.text) {
    w.lit('“');
    w.entity(v.text, v.label, v.ref);
    w.lit('”');
  } else w.entity(v.text, v.label, v.ref);
}

function render(w: Writer, parts: readonly TemplatePart[], value: (field: string) => Value): void {
  for (const p of parts) {
    if ('lit' in p) w.lit(p.lit);
    else {
      const v = value(p.field);
      if (!v.text && p.fallback !== undefined) w.lit(p.fallback);
      else writeValue(w, v);
    }
  }
}

type Piece = { lit: string } | { value: Value };
/** Where a sentence ends inside a literal: after its terminal punctuation and the spaces that follow. */
const SENTENCE_END = /[.!?]+(?:\s+|$)/g;

/**
 * The user template, sentence by sentence: an unknown value (missing, blank, or a word like "other") writes the
 * placeholder's fallback when it has one, else drops its whole sentence — never "A 53-year-old other." nor "Gender: .".
 */
function renderSentences(w: Writer, parts: readonly TemplatePart[], value: (field: string) => Value): void {
  const kept: Piece[] = [];
  let sentence: Piece[] = [];
  let drop = false;
  let lastDropped = false;
  const flush = (): void => {
    if (sentence.length === 0) return;
    if (!drop) kept.push(...sentence);
    lastDropped = drop;
    sentence = [];
    drop = false;
  };
  for (const p of parts) {
    if ('lit' in p) {
      let from = 0;
      for (const m of p.lit.matchAll(SENTENCE_END)) {
        const to = m.index + m[0].length;
        sentence.push({ lit: p.lit.slice(from, to) });
        flush();
        from = to;
      }
      if (from < p.lit.length) sentence.push({ lit: p.lit.slice(from) });
    } else {
      const v = value(p.field);
      if (!isUnknownValue(v.text)) sentence.push({ value: v });
      else if (p.fallback !== undefined) sentence.push({ lit: p.fallback });
      else drop = true;
    }
  }
  flush();
  // A dropped last sentence leaves the previous one's trailing space behind.
  const last = kept[kept.length - 1];
  if (lastDropped && last && 'lit' in last) last.lit = last.lit.trimEnd();
  for (const piece of kept) {
    if ('lit' in piece) w.lit(piece.lit);
    else writeValue(w, piece.value);
  }
}

export interface TextualizedRecord {
  text: string;
  spans: Span[];
  /** Behaviours written (after sampling). */
  behaviours: number;
}

/**
 * One user's record. `behaviours` must be in time order (ties in file order); `items` holds at least every item they name.
 */
export function textualizeUser(
  c: CompiledProfile,
  user: TUser,
  behaviours: readonly TBehaviour[],
  items: ReadonlyMap<number, TItem>,
): TextualizedRecord {
  const w = new Writer();
  renderSentences(w, c.user, (field) => ({
    text: field === 'id' ? user.extId : formatValue(user.features[field]),
    label: labelFor('user', field),
    ref: { kind: 'user', id: user.id, field },
  }));
  const b = c.profile.behaviour;
  // A title holding the separator's mark ("Usual Suspects, The (1995)" in a comma list) is quoted.
  const mark = b.separator.trim();
  const picked = sampleBehaviours(behaviours, b, user.extId);
  if (picked.length > 0) {
    w.lit(b.intro);
    picked.forEach((index, k) => {
      const beh = behaviours[index]!;
      const item = items.get(beh.itemId);
      if (k > 0) w.lit(b.separator);
      render(w, c.item, (field) => {
        const text =
          field === 'id'
            ? (item?.extId ?? '')
            : field === 'title'
              ? item?.title?.trim() || item?.extId || ''
              : formatValue(item?.attrs[field]);
        return {
          text,
          label: labelFor('item', field),
          ref: { kind: 'item', id: beh.itemId, field },
          quote: mark !== '' && text.includes(mark),
        };
      });
      if (b.rating && beh.rating !== null) {
        render(w, c.rating, (field) => ({
          text: field === 'rating' ? formatValue(beh.rating) : '',
          label: 'RATING',
          ref: { kind: 'interaction', id: beh.id, field: 'rating' },
        }));
      }
      if (b.date && beh.ts !== null) {
        render(w, c.date, (field) => ({
          text: field === 'date' ? isoDate(beh.ts!) : '',
          label: 'DATE',
          ref: { kind: 'interaction', id: beh.id, field: 'date' },
        }));
      }
    });
    w.lit(b.outro);
  }
  return { text: w.text, spans: w.spans, behaviours: picked.length };
}

/** Labels a profile produces, in the order they appear (user fields, ITEM and item fields, RATING, DATE). */
export function profileLabels(c: CompiledProfile): string[] {
  const labels = new Set<string>();
  for (const p of c.user) if ('field' in p) labels.add(labelFor('user', p.field));
  for (const p of c.item) if ('field' in p) labels.add(labelFor('item', p.field));
  if (c.profile.behaviour.rating && c.rating.some((p) => 'field' in p)) labels.add('RATING');
  if (c.profile.behaviour.date && c.date.some((p) => 'field' in p)) labels.add('DATE');
  return [...labels];
}

/** A starting profile from a dataset's columns: the user's features in a sentence, titles in the sequence. */
export function defaultProfile(userFields: readonly string[], base: TextProfile): TextProfile {
  const has = (f: string): boolean => userFields.includes(f);
  let user: string;
  // "person" stands in for an occupation that says nothing ("other", "none"); the city is its own sentence so a
  // user without one keeps their age and occupation.
  if (has('age') && has('occupation')) user = `A {age}-year-old {occupation|person}.${has('city') ? ' They live in {city}.' : ''}`;
  else if (userFields.length > 0)
    user = `A user with ${userFields
      .slice(0, 6)
      .map((f) => `${f} {${f}}`)
      .join(', ')}.`;
  else user = 'User {id}.';
  if (has('gender')) user += ' Gender: {gender}.';
  return { ...base, user };
}
