/**
 * The prefix browser's pure logic: how a code is written (level l's code c is the token `<{letter l}{c}>`, as
 * main/itemids/identifiers.ts writes identifiers), and the codes of one level among some items, with counts.
 */

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** `<a3>`: the token a model reads for code 3 of level 1 (level index 0). */
export const codeToken = (level: number, code: number): string => `<${LETTERS[level] ?? `L${level}:`}${code}>`;

export const prefixText = (prefix: readonly number[]): string => prefix.map((c, l) => codeToken(l, c)).join('');

export interface CodeCount {
  code: number;
  items: number;
}

/** The distinct codes at `level` among these code sequences (shorter ones have none), in code order, with counts. */
export function nextLevelCounts(codes: Iterable<readonly number[]>, level: number): CodeCount[] {
  const counts = new Map<number, number>();
  for (const c of codes) {
    const v = c[level];
    if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => a[0] - b[0]).map(([code, items]) => ({ code, items }));
}

/** A colour per first code: hues a golden angle apart, so neighbouring codes differ clearly. Null (no code): grey. */
export function codeColor(code: number | null): string {
  if (code === null) return '#8a94a3';
  return `hsl(${(code * 137.508) % 360} 62% 46%)`;
}
