/**
 * How codes are written as text (pure): level l's code c is the token `<{letter l}{c}>` (`<a3><b17><c5><d0>`),
 * one added token of the tokenizer per (level, code), so levels never share tokens and an identifier is read
 * one level per token.
 */
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export const levelToken = (level: number, code: number): string => {
  const letter = LETTERS[level];
  if (letter === undefined) throw new RangeError(`identifiers have at most ${LETTERS.length} levels`);
  return `<${letter}${code}>`;
};

export const identifierOf = (codes: readonly number[]): string => codes.map((c, l) => levelToken(l, c)).join('');

/** Every token a set of identifiers uses, level by level, codes in increasing order. */
export function identifierTokens(codes: Iterable<readonly number[]>): string[] {
  const byLevel: Set<number>[] = [];
  for (const c of codes) c.forEach((v, l) => (byLevel[l] ??= new Set()).add(v));
  return byLevel.flatMap((s, l) => [...s].sort((a, b) => a - b).map((v) => levelToken(l, v)));
}

const TOKEN = /<([a-z])(\d{1,7})>/g;

/** The level tokens an identifier text holds, in order. */
export const tokensOf = (identifier: string): string[] => identifier.match(TOKEN) ?? [];

/** Every distinct level token of many identifier texts, by level and then code (a stable vocabulary order). */
export function vocabularyOf(identifiers: Iterable<string>): string[] {
  const all = new Set<string>();
  for (const id of identifiers) for (const t of tokensOf(id)) all.add(t);
  const key = (t: string): [string, number] => [t[1]!, Number(t.slice(2, -1))];
  return [...all].sort((a, b) => {
    const [la, ca] = key(a);
    const [lb, cb] = key(b);
    return la < lb ? -1 : la > lb ? 1 : ca - cb;
  });
}
