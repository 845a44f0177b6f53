/**
 * Cold items in generative retrieval (pure; issue #10, TIGER's cold-start rule): an item no training sequence
 * holds has codes the model never learned to close on, so a beam almost never finishes on it. Its code prefix
 * is still meaningful — semantic identifiers give a new item its warm neighbours' first codes — so a cold item
 * is scored by backing off: the model's log-probability of the deepest prefix of its tokens that the beam
 * scored, plus a uniform guess among the catalog's branches for each token below it. One place in every
 * 1/share of the list (TIGER's ε) goes to items placed this way, so the beam's own top stays as it is.
 */
import type { ItemTrie, RankedItem } from './item-trie';

/** The log-probabilities of the prefixes a beam scored (the alive ones' children), keyed by their tokens. */
export type ScoredPrefixes = ReadonlyMap<string, number>;

export const prefixKey = (tokens: readonly number[]): string => tokens.join(',');

export interface ColdBackoffOptions {
  /** Items no training sequence holds (the identifier set's cold flags). */
  cold: readonly number[];
  /** Share of the list's places given to items placed by back-off (0 turns it off): one place in every 1/share. */
  share: number;
  k: number;
  exclude: ReadonlySet<number>;
}

interface Backoff {
  /** Tokens of the deepest prefix the beam scored. */
  depth: number;
  score: number;
}

/**
 * The back-off of one item: null when the beam scored no non-empty prefix of its tokens (atomic
 * identifiers, or a branch the beam never reached), so an item is placed only where the model pointed.
 */
export function backoff(catalog: ItemTrie, tokens: readonly number[], scored: ScoredPrefixes): Backoff | null {
  let node = catalog.trie.root;
  const branching: number[] = [];
  for (const t of tokens) {
    branching.push(node.children.size);
    const next = node.children.get(t);
    if (!next) return null;
    node = next;
  }
  for (let m = tokens.length - 1; m >= 1; m--) {
    const lp = scored.get(prefixKey(tokens.slice(0, m)));
    if (lp === undefined) continue;
    let guess = 0;
    for (let d = m; d < tokens.length; d++) guess -= Math.log(branching[d]!);
    return { depth: m, score: lp + guess };
  }
  return null;
}

/**
 * The beam's list with cold items in every (1/share)-th place (share 0.1: the 10th and the 20th), best back-off
 * score first, k items in all (cold ones fill up when the beam's list runs short). Fixed places keep the beam's
 * own top intact — a cold item costs a warm one only at the end of each block — where merging by the back-off
 * score would let an optimistic guess crowd the top.
 */
export function withColdItems(
  catalog: ItemTrie,
  ranked: readonly RankedItem[],
  scored: ScoredPrefixes,
  opts: ColdBackoffOptions,
): RankedItem[] {
  const every = opts.share > 0 ? Math.max(1, Math.round(1 / opts.share)) : 0;
  if (every === 0 || opts.cold.length === 0 || every > opts.k) return ranked.slice(0, opts.k);
  const listed = new Set(ranked.map((r) => r.item));
  const placed: RankedItem[] = [];
  for (const item of opts.cold) {
    if (listed.has(item) || opts.exclude.has(item)) continue;
    const tokens = catalog.tokensOf(item);
    const b = tokens && backoff(catalog, tokens, scored);
    if (tokens && b) placed.push({ item, score: b.score, logProb: b.score, tokens: [...tokens] });
  }
  placed.sort((a, b) => b.score - a.score || a.item - b.item);
  const out: RankedItem[] = [];
  let warm = 0;
  let cold = 0;
  while (out.length < opts.k && (warm < ranked.length || cold < placed.length)) {
    const slot = (out.length + 1) % every === 0;
    if ((slot && cold < placed.length) || warm >= ranked.length) out.push(placed[cold++]!);
    else out.push(ranked[warm++]!);
  }
  return out;
}
