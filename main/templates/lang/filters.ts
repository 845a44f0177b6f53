/**
 * The filters templates may use. Filters that only rearrange values (join, first, last, slice, reverse, default,
 * trim) keep entity spans; case filters keep them when the length is unchanged; filters that rewrite text drop
 * the spans they would cut, so no entity is ever half-covered.
 */
import { Rich, joinRich } from './rich';
import { isList, plain, toRich, toText, truthy, typeName, type Value } from './value';

export class FilterError extends Error {}

export interface Filter {
  /** Minimum and maximum number of arguments. */
  arity: [number, number];
  doc: string;
  apply(value: Value, args: Value[]): Value;
}

const needList = (name: string, v: Value): Value[] => {
  if (isList(v)) return v;
  if (typeof v === 'string' || v instanceof Rich) return Array.from(toText(v));
  throw new FilterError(`filter "${name}" needs a list, got ${typeName(v)}`);
};

const needNumber = (name: string, v: Value): number => {
  const n = typeof v === 'number' ? v : Number(toText(v));
  if (!Number.isFinite(n)) throw new FilterError(`filter "${name}" needs a number, got "${toText(v)}"`);
  return n;
};

/** Applies a same-length text mapping, keeping spans; otherwise spans are dropped. */
const mapCase = (v: Value, f: (s: string) => string): Rich => {
  const r = toRich(v);
  const out = f(r.text);
  const mapped = new Rich(out);
  return mapped.length === r.length ? new Rich(out, r.spans) : mapped;
};

export const FILTERS: Record<string, Filter> = {
  join: {
    arity: [0, 1],
    doc: 'items joined by a separator (default ""), entities kept: history | join(" , ")',
    apply: (v, [sep]) => joinRich(needList('join', v).map(toRich), toRich(sep ?? '')),
  },
  default: {
    arity: [1, 2],
    doc: 'a fallback when the value is undefined (or, with true as second argument, empty)',
    apply: (v, [fallback, ifEmpty]) => (v === undefined || (truthy(ifEmpty) && !truthy(v)) ? (fallback ?? '') : v),
  },
  first: { arity: [0, 0], doc: 'the first item', apply: (v) => needList('first', v)[0] },
  last: { arity: [0, 0], doc: 'the last item', apply: (v) => needList('last', v).at(-1) },
  length: {
    arity: [0, 0],
    doc: 'number of items (or characters)',
    apply: (v) => (v instanceof Rich ? v.length : needList('length', v).length),
  },
  reverse: { arity: [0, 0], doc: 'items in reverse order', apply: (v) => [...needList('reverse', v)].reverse() },
  upper: { arity: [0, 0], doc: 'upper case', apply: (v) => mapCase(v, (s) => s.toUpperCase()) },
  lower: { arity: [0, 0], doc: 'lower case', apply: (v) => mapCase(v, (s) => s.toLowerCase()) },
  capitalize: {
    arity: [0, 0],
    doc: 'first letter upper case, the rest lower',
    apply: (v) => mapCase(v, (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase()),
  },
  trim: {
    arity: [0, 0],
    doc: 'without leading and trailing whitespace',
    apply: (v) => {
      const r = toRich(v);
      const cps = Array.from(r.text);
      let a = 0;
      let b = cps.length;
      while (a < b && /\s/u.test(cps[a]!)) a++;
      while (b > a && /\s/u.test(cps[b - 1]!)) b--;
      return r.slice(a, b);
    },
  },
  truncate: {
    arity: [1, 2],
    doc: 'at most N characters, cut at a word boundary, then an ending (default "...")',
    apply: (v, [n, end]) => {
      const r = toRich(v);
      const max = needNumber('truncate', n);
      if (r.length <= max) return r;
      const cps = Array.from(r.text);
      let cut = max;
      while (cut > 0 && !/\s/u.test(cps[cut]!)) cut--;
      if (cut === 0) cut = max;
      const kept = r.slice(0, cut);
      return joinRich([kept, toRich(end ?? '...')], '');
    },
  },
  replace: {
    arity: [2, 2],
    doc: 'every occurrence of a text replaced (entity spans dropped if anything changed)',
    apply: (v, [from, to]) => {
      const r = toRich(v);
      const out = r.text.split(toText(from)).join(toText(to));
      return out === r.text ? r : new Rich(out);
    },
  },
  round: {
    arity: [0, 1],
    doc: 'a number rounded to N decimals (default 0)',
    apply: (v, [digits]) => {
      const f = 10 ** (digits === undefined ? 0 : needNumber('round', digits));
      return Math.round(needNumber('round', v) * f) / f;
    },
  },
  int: { arity: [0, 0], doc: 'a whole number', apply: (v) => Math.trunc(needNumber('int', v)) },
  float: { arity: [0, 0], doc: 'a number', apply: (v) => needNumber('float', v) },
  string: { arity: [0, 0], doc: 'the value as text (entities kept)', apply: (v) => toRich(v) },
  list: { arity: [0, 0], doc: 'the value as a list', apply: (v) => needList('list', v) },
  unique: {
    arity: [0, 0],
    doc: 'items without repeats (first kept)',
    apply: (v) => {
      const seen = new Set<unknown>();
      return needList('unique', v).filter((x) => {
        const k = plain(x);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    },
  },
};
