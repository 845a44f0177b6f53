/**
 * Statistics of a review (pure): win rate, rubric means, agreement between reviewers, position bias and
 * self-consistency, each with the formula it computes. Intervals are 95% and treat every judgment as independent,
 * which overstates precision a little when several reviewers judge the same pairs.
 */
import { cohensKappa } from '../entities/agreement';
import { sides } from './blind';
import type { Judgment, Preference, Rubric } from './types';

// Quantiles for the 95% intervals. The t quantile inverts the exact closed-form CDF for integer degrees of freedom,
// so small samples get exact values and no table needs checking.

/** The two-sided 95% normal quantile, Φ⁻¹(0.975). */
export const Z95 = 1.959964;

/**
 * A(t | ν) = P(|T| ≤ t) for Student's t with integer ν ≥ 1 (Abramowitz & Stegun 26.7.3–26.7.4), with θ = atan(t/√ν):
 *   ν odd:  A = (2/π)·(θ + sinθ·cosθ·(1 + (2/3)cos²θ + (2·4)/(3·5)cos⁴θ + … + (2·4…(ν−3))/(3·5…(ν−2))cos^(ν−3)θ)), the
 *           bracket only for ν > 1;
 *   ν even: A = sinθ·(1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + … + (1·3…(ν−3))/(2·4…(ν−2))cos^(ν−2)θ).
 */
export function studentTwoSidedCdf(t: number, df: number): number {
  const theta = Math.atan(Math.abs(t) / Math.sqrt(df));
  const s = Math.sin(theta);
  const c2 = Math.cos(theta) ** 2;
  if (df % 2 === 1) {
    if (df === 1) return (2 / Math.PI) * theta;
    let term = 1;
    let sum = 1;
    for (let k = 2; k <= df - 3; k += 2) {
      term *= (k / (k + 1)) * c2;
      sum += term;
    }
    return (2 / Math.PI) * (theta + s * Math.cos(theta) * sum);
  }
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= df - 3; k += 2) {
    term *= (k / (k + 1)) * c2;
    sum += term;
  }
  return s * sum;
}

/**
 * Cornish–Fisher expansion of the t quantile in powers of 1/ν (Abramowitz & Stegun 26.7.5), from the normal
 * quantile z; its error at ν > 1000 is far below 1e-9 for the 97.5% point.
 */
function cornishFisher(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/**
 * t_{0.975, df}, the quantile for a two-sided 95% interval, for integer df ≥ 1: bisection on A(t | ν) = 0.95 up to
 * df = 1000 (exact to ~1e-12), the Cornish–Fisher expansion beyond, where the series would be long.
 */
export function t975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a positive integer, got ${df}`);
  if (df > 1000) return cornishFisher(Z95, df);
  let lo = Z95;
  let hi = 13;
  for (let i = 0; i < 100 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2;
    if (studentTwoSidedCdf(mid, df) < 0.95) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export const PREFERENCES: readonly Preference[] = ['A', 'B', 'tie'];

/** A share with its 95% interval; low and high are null when there is nothing to estimate it from. */
export interface Interval {
  low: number | null;
  high: number | null;
}

/**
 * Wilson score interval for k successes in n trials:
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²),  p̂ = k/n.
 * Unlike p̂ ± z√(p̂(1−p̂)/n) it stays inside [0, 1] and is not empty at p̂ = 0 or 1.
 */
export function wilson(k: number, n: number, z = Z95): Interval {
  if (n === 0) return { low: null, high: null };
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

const originals = (judgments: readonly Judgment[]): Judgment[] => judgments.filter((j) => j.repeatOf === null);

export interface WinRate extends Interval {
  /** Shares of all judgments (repeats excluded) that preferred A, B, or neither; 0 when there are none. */
  a: number;
  b: number;
  tie: number;
  n: number;
  /** A's share of the decisive judgments, #A / (#A + #B): the estimate that low and high bound. */
  aOfDecisive: number | null;
}

/** Win rate of A over B: shares of A, B and tie, and A's share of decisive judgments with its Wilson interval. */
export function winRate(judgments: readonly Judgment[]): WinRate {
  const used = originals(judgments);
  const n = used.length;
  const a = used.filter((j) => j.preference === 'A').length;
  const b = used.filter((j) => j.preference === 'B').length;
  const share = (k: number): number => (n === 0 ? 0 : k / n);
  return { a: share(a), b: share(b), tie: share(n - a - b), n, aOfDecisive: a + b === 0 ? null : a / (a + b), ...wilson(a, a + b) };
}

export interface MeanInterval extends Interval {
  mean: number | null;
  n: number;
}

/**
 * Mean with a 95% t interval: x̄ ± t₀.₉₇₅(n−1) · s/√n, s² = Σ(x − x̄)²/(n − 1). The interval needs n ≥ 2;
 * the mean needs n ≥ 1.
 */
export function meanInterval(values: readonly number[]): MeanInterval {
  const n = values.length;
  if (n === 0) return { mean: null, low: null, high: null, n };
  const mean = values.reduce((s, x) => s + x, 0) / n;
  if (n === 1) return { mean, low: null, high: null, n };
  const s = Math.sqrt(values.reduce((acc, x) => acc + (x - mean) ** 2, 0) / (n - 1));
  const half = (t975(n - 1) * s) / Math.sqrt(n);
  return { mean, low: mean - half, high: mean + half, n };
}

export interface CriterionMeans {
  criterion: string;
  a: MeanInterval;
  b: MeanInterval;
}

/** Per criterion (in rubric order) and side, the mean score with its t interval; repeats and missing scores excluded. */
export function rubricMeans(judgments: readonly Judgment[], rubric: Rubric): CriterionMeans[] {
  const used = originals(judgments);
  const values = (side: 'a' | 'b', criterion: string): number[] =>
    used.map((j) => j.scores[side][criterion]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return rubric.map((criterion) => ({ criterion, a: meanInterval(values('a', criterion)), b: meanInterval(values('b', criterion)) }));
}

/**
 * Cohen's κ for two reviewers' labels on the same items: κ = (pₒ − pₑ)/(1 − pₑ), pₒ the share of items they agree
 * on, pₑ = Σ_c p₁(c)·p₂(c) the agreement expected from each reviewer's label shares. Null with no items, or when
 * pₑ = 1 (both used one and the same label, so agreement beyond chance is undefined).
 */
export function cohenKappa(pairsOfLabels: readonly (readonly [Preference, Preference])[]): number | null {
  return cohensKappa(
    pairsOfLabels.map(([x]) => x),
    pairsOfLabels.map(([, y]) => y),
  );
}

/**
 * Fleiss' κ for items × categories counts, each item rated by the same number m ≥ 2 of raters (not necessarily the
 * same people): Pᵢ = (Σⱼ nᵢⱼ² − m)/(m(m − 1)), P̄ the mean of Pᵢ, pⱼ = Σᵢ nᵢⱼ/(N·m), P̄ₑ = Σⱼ pⱼ²,
 * κ = (P̄ − P̄ₑ)/(1 − P̄ₑ). Null with no items, fewer than two raters, or P̄ₑ = 1 (one category only).
 * Throws when the rows do not all sum to the same m, since the formula assumes it.
 */
export function fleissKappa(matrix: readonly (readonly number[])[]): number | null {
  const items = matrix.length;
  if (items === 0) return null;
  const m = matrix[0]!.reduce((s, x) => s + x, 0);
  const k = matrix[0]!.length;
  for (const row of matrix) {
    if (row.length !== k || row.reduce((s, x) => s + x, 0) !== m) throw new RangeError('Fleiss kappa needs the same raters per item');
  }
  if (m < 2) return null;
  let pBar = 0;
  const colTotals = new Array<number>(k).fill(0);
  for (const row of matrix) {
    pBar += (row.reduce((s, x) => s + x * x, 0) - m) / (m * (m - 1));
    row.forEach((x, j) => (colTotals[j]! += x));
  }
  pBar /= items;
  const pe = colTotals.reduce((s, t) => s + (t / (items * m)) ** 2, 0);
  if (1 - pe < 1e-12) return null;
  return (pBar - pe) / (1 - pe);
}

export interface Agreement {
  /** 'cohen' when the items used were all judged by the same two reviewers, 'fleiss' otherwise; 'none' without any. */
  method: 'cohen' | 'fleiss' | 'none';
  kappa: number | null;
  /** Reviewers per item used. */
  reviewers: number;
  /** Pairs the kappa was computed over. */
  items: number;
}

/**
 * Agreement on preferences (A/B/tie; repeats excluded) over the pairs judged by the most reviewers: m = the largest
 * number of reviewers any pair has, items = the pairs with m judgments (kappa needs the same number per item, so
 * pairs fewer reviewers have reached are left out). Cohen's κ when m = 2 and those pairs share the same two
 * reviewers, Fleiss' κ otherwise (m ≥ 3, or two reviewers varying from pair to pair).
 */
export function agreement(judgments: readonly Judgment[]): Agreement {
  const byPair = new Map<string, Map<string, Preference>>();
  for (const j of originals(judgments)) {
    let m = byPair.get(j.key);
    if (!m) byPair.set(j.key, (m = new Map()));
    if (!m.has(j.reviewer)) m.set(j.reviewer, j.preference);
  }
  const reviewers = [...byPair.values()].reduce((most, m) => Math.max(most, m.size), 0);
  if (reviewers < 2) return { method: 'none', kappa: null, reviewers, items: 0 };
  const used = [...byPair.values()].filter((m) => m.size === reviewers);
  const panels = new Set(used.map((m) => JSON.stringify([...m.keys()].sort())));
  if (reviewers === 2 && panels.size === 1) {
    const [first, second] = [...used[0]!.keys()].sort() as [string, string];
    const kappa = cohenKappa(used.map((m) => [m.get(first)!, m.get(second)!] as const));
    return { method: 'cohen', kappa, reviewers, items: used.length };
  }
  const matrix = used.map((m) => PREFERENCES.map((p) => [...m.values()].filter((v) => v === p).length));
  return { method: 'fleiss', kappa: fleissKappa(matrix), reviewers, items: used.length };
}

export interface PositionBias extends Interval {
  /** Share of decisive judgments that preferred the output shown on the left; null when there are none. */
  left: number | null;
  n: number;
}

/**
 * Share of decisive judgments (repeats included: each is a presentation of its own) that preferred the left output,
 * with its Wilson interval; an unbiased panel sits near 0.5.
 */
export function positionBias(judgments: readonly Judgment[]): PositionBias {
  const decisive = judgments.filter((j) => j.preference !== 'tie');
  const left = decisive.filter((j) => j.preference === sides(j.order).left).length;
  const n = decisive.length;
  return { left: n === 0 ? null : left / n, n, ...wilson(left, n) };
}

export interface SelfConsistency {
  agreeing: number;
  n: number;
  rate: number | null;
}

/**
 * For each repeat a reviewer judged whose original that reviewer also judged: whether the two preferences, in A/B
 * terms, are equal (a tie agrees only with a tie). rate = agreeing / n, null when n = 0.
 */
export function selfConsistency(judgments: readonly Judgment[]): SelfConsistency {
  const original = new Map<string, Preference>();
  for (const j of judgments) if (j.repeatOf === null) original.set(JSON.stringify([j.reviewer, j.position]), j.preference);
  let agreeing = 0;
  let n = 0;
  for (const j of judgments) {
    if (j.repeatOf === null) continue;
    const first = original.get(JSON.stringify([j.reviewer, j.repeatOf]));
    if (first === undefined) continue;
    n++;
    if (first === j.preference) agreeing++;
  }
  return { agreeing, n, rate: n === 0 ? null : agreeing / n };
}

/** Win rate per template, or per 'seen' / 'unseen', keys in sorted order (repeats excluded, as in winRate). */
export function breakdown(judgments: readonly Judgment[], by: 'template' | 'seen'): Record<string, WinRate> {
  const groups = new Map<string, Judgment[]>();
  for (const j of originals(judgments)) {
    const g = by === 'template' ? j.template : j.seen ? 'seen' : 'unseen';
    const list = groups.get(g);
    if (list) list.push(j);
    else groups.set(g, [j]);
  }
  return Object.fromEntries([...groups.keys()].sort().map((group) => [group, winRate(groups.get(group)!)]));
}
