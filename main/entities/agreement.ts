/**
 * Inter-annotator agreement (pure): span-level F1 on exact (start, end, label) matches, per pair and per label,
 * and Cohen's kappa over per-token labels (O outside every span, else the innermost covering span's label).
 */
import { tokenize, type Token } from './tokens';

export interface ASpan {
  start: number;
  end: number;
  label: string;
}
/** One record as the annotators left it. */
export interface ARecord {
  id: number;
  text: string;
  /** Spans per annotator (only annotators who annotated the record). */
  byAnnotator: ReadonlyMap<string, readonly ASpan[]>;
  /** Decisions per annotator, where given. */
  decisions?: ReadonlyMap<string, string>;
  adjudicated?: boolean;
}

export interface LabelCounts {
  label: string;
  a: number;
  b: number;
  matched: number;
  f1: number | null;
}

const key = (s: ASpan): string => `${s.start}:${s.end}:${s.label}`;
export const f1 = (a: number, b: number, matched: number): number | null => (a + b === 0 ? null : (2 * matched) / (a + b));

/** Exact matches between two span lists (as multisets), counted per label. */
export function matchSpans(a: readonly ASpan[], b: readonly ASpan[]): Map<string, { a: number; b: number; matched: number }> {
  const per = new Map<string, { a: number; b: number; matched: number }>();
  const get = (l: string): { a: number; b: number; matched: number } => {
    let c = per.get(l);
    if (!c) per.set(l, (c = { a: 0, b: 0, matched: 0 }));
    return c;
  };
  const pool = new Map<string, number>();
  for (const s of b) {
    get(s.label).b++;
    pool.set(key(s), (pool.get(key(s)) ?? 0) + 1);
  }
  for (const s of a) {
    const c = get(s.label);
    c.a++;
    const left = pool.get(key(s)) ?? 0;
    if (left > 0) {
      c.matched++;
      pool.set(key(s), left - 1);
    }
  }
  return per;
}

/** Per-token labels: O, or the label of the innermost (shortest) span overlapping the token. */
export function tokenLabels(tokens: readonly Token[], spans: readonly ASpan[]): string[] {
  return tokens.map((t) => {
    let best: ASpan | null = null;
    for (const s of spans) {
      if (s.start < t.end && t.start < s.end && (!best || s.end - s.start < best.end - best.start)) best = s;
    }
    return best ? best.label : 'O';
  });
}

/** Cohen's kappa of two label sequences of equal length; null when chance agreement is total (undefined). */
export function cohensKappa(a: readonly string[], b: readonly string[]): number | null {
  const n = a.length;
  if (n === 0 || n !== b.length) return null;
  let agree = 0;
  const ca = new Map<string, number>();
  const cb = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) agree++;
    ca.set(a[i]!, (ca.get(a[i]!) ?? 0) + 1);
    cb.set(b[i]!, (cb.get(b[i]!) ?? 0) + 1);
  }
  const po = agree / n;
  let pe = 0;
  for (const [label, count] of ca) pe += (count / n) * ((cb.get(label) ?? 0) / n);
  if (1 - pe < 1e-12) return null;
  return (po - pe) / (1 - pe);
}

export interface PairResult {
  a: string;
  b: string;
  records: number;
  f1: number | null;
  kappa: number | null;
  tokens: number;
  perLabel: LabelCounts[];
}

export interface AgreementResult {
  annotators: string[];
  pairs: PairResult[];
  perLabel: LabelCounts[];
  overall: { f1: number | null; kappa: number | null };
  disputed: number[];
}

const sortedLabels = (m: Map<string, { a: number; b: number; matched: number }>): LabelCounts[] =>
  [...m.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([label, c]) => ({ label, ...c, f1: f1(c.a, c.b, c.matched) }));

const add = (
  into: Map<string, { a: number; b: number; matched: number }>,
  from: Map<string, { a: number; b: number; matched: number }>,
): void => {
  for (const [l, c] of from) {
    const t = into.get(l) ?? { a: 0, b: 0, matched: 0 };
    into.set(l, { a: t.a + c.a, b: t.b + c.b, matched: t.matched + c.matched });
  }
};

/**
 * Agreement over records: each pair of annotators is compared on the records both annotated. Kappa per pair is
 * computed over all tokens of those records pooled; overall kappa pools every pair's tokens. A record is disputed
 * when two annotators' spans or decisions differ and it has not been adjudicated.
 */
export function agreement(records: readonly ARecord[], only?: readonly string[]): AgreementResult {
  const names = new Set<string>();
  for (const r of records) for (const a of r.byAnnotator.keys()) if (!only || only.includes(a)) names.add(a);
  const annotators = [...names].sort();
  const pairs: PairResult[] = [];
  const pooled = new Map<string, { a: number; b: number; matched: number }>();
  const allA: string[] = [];
  const allB: string[] = [];
  const tokenCache = new Map<number, Token[]>();
  for (let i = 0; i < annotators.length; i++) {
    for (let j = i + 1; j < annotators.length; j++) {
      const a = annotators[i]!;
      const b = annotators[j]!;
      const per = new Map<string, { a: number; b: number; matched: number }>();
      const la: string[] = [];
      const lb: string[] = [];
      let n = 0;
      for (const r of records) {
        const sa = r.byAnnotator.get(a);
        const sb = r.byAnnotator.get(b);
        if (!sa || !sb) continue;
        n++;
        add(per, matchSpans(sa, sb));
        let toks = tokenCache.get(r.id);
        if (!toks) tokenCache.set(r.id, (toks = tokenize(r.text)));
        la.push(...tokenLabels(toks, sa));
        lb.push(...tokenLabels(toks, sb));
      }
      if (n === 0) continue;
      const perLabel = sortedLabels(per);
      const tot = perLabel.reduce((t, c) => ({ a: t.a + c.a, b: t.b + c.b, m: t.m + c.matched }), { a: 0, b: 0, m: 0 });
      pairs.push({ a, b, records: n, f1: f1(tot.a, tot.b, tot.m), kappa: cohensKappa(la, lb), tokens: la.length, perLabel });
      add(pooled, per);
      allA.push(...la);
      allB.push(...lb);
    }
  }
  const perLabel = sortedLabels(pooled);
  const tot = perLabel.reduce((t, c) => ({ a: t.a + c.a, b: t.b + c.b, m: t.m + c.matched }), { a: 0, b: 0, m: 0 });
  const disputed = records.filter((r) => !r.adjudicated && isDisputed(r, only)).map((r) => r.id);
  return { annotators, pairs, perLabel, overall: { f1: f1(tot.a, tot.b, tot.m), kappa: cohensKappa(allA, allB) }, disputed };
}

/** Two annotators whose span sets or decisions differ. */
export function isDisputed(r: ARecord, only?: readonly string[]): boolean {
  const sets = [...r.byAnnotator.entries()].filter(([a]) => !only || only.includes(a)).map(([, s]) => s.map(key).sort().join('|'));
  if (new Set(sets).size > 1) return true;
  const decisions = r.decisions ? [...r.decisions.entries()].filter(([a]) => !only || only.includes(a)).map(([, d]) => d) : [];
  return new Set(decisions).size > 1;
}
