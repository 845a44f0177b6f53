/**
 * The catalog constraint (pure), docs/algorithms.md §2.6: a trie over every item's tokens followed by `[eop]`, so a
 * constrained beam can only close on a complete item, and each finished sequence names an item. A filtered
 * constraint (the user's history excluded) is derived per call from per-node item counts, without a new trie.
 */
import { TokenTrie, type TrieNode } from '../model/trie';
import { SPECIAL } from '../model/types';
import { beamSearch } from './decode';
import type { Scorer } from './scorer';

export interface CatalogItem {
  id: number;
  /** The text the model is trained to produce for this item (its title, or its id as text). */
  text: string;
}

/** The encoding the training targets went through (a Tokenizer). */
export interface ItemEncoder {
  encode(text: string): number[];
}

/** A Constraint (decode.ts) that always constrains: the catalog never leaves a step open. */
export type ItemConstraint = (prefix: readonly number[]) => readonly number[];

export class ItemTrie {
  readonly trie = new TokenTrie();
  /** The longest item in tokens, `[eop]` included: the maxTokens its decoding needs. */
  readonly maxTokens: number;
  /** Items at each end-of-item node: more than one when items share their text. */
  private readonly idsAt = new Map<TrieNode, number[]>();
  private readonly pathOf = new Map<number, number[]>();
  /** Distinct item sequences below each node (the node itself included when it ends one). */
  private readonly below = new Map<TrieNode, number>();

  private constructor(
    items: Iterable<{ id: number; tokens: readonly number[] }>,
    readonly eop: number,
  ) {
    let longest = 0;
    for (const { id, tokens } of items) {
      if (this.pathOf.has(id)) throw new Error(`item ${id} appears twice in the catalog`);
      if (tokens.length === 0) throw new RangeError(`item ${id} has no tokens`);
      if (tokens.includes(eop)) throw new RangeError(`item ${id}'s tokens contain the end token ${eop}`);
      const path = [...tokens, eop];
      this.trie.insert(path);
      const end = this.trie.walk(path)!;
      const ids = this.idsAt.get(end);
      if (ids) ids.push(id);
      else this.idsAt.set(end, [id]);
      this.pathOf.set(id, path);
      longest = Math.max(longest, path.length);
    }
    this.maxTokens = longest;
    this.count(this.trie.root);
  }

  /** Items from their texts, encoded as training encoded the targets. */
  static fromTexts(items: Iterable<CatalogItem>, encoder: ItemEncoder, eop: number = SPECIAL.eop): ItemTrie {
    return new ItemTrie(
      Array.from(items, (it) => ({ id: it.id, tokens: encoder.encode(it.text) })),
      eop,
    );
  }

  /** Items from token sequences (without `[eop]`). */
  static fromSequences(items: Iterable<{ id: number; tokens: readonly number[] }>, eop: number = SPECIAL.eop): ItemTrie {
    return new ItemTrie(items, eop);
  }

  /** Items in the catalog. */
  get size(): number {
    return this.pathOf.size;
  }

  /** Distinct item sequences: fewer than `size` when items share a text (ml-100k has a few twice-listed titles). */
  get sequences(): number {
    return this.idsAt.size;
  }

  /**
   * The allowed next tokens of a prefix: the trie's children, less any child below which every item is excluded
   * (an item sharing its text with one not excluded stays), so no beam is spent on a path that cannot close.
   */
  constraint(exclude: Iterable<number> = []): ItemConstraint {
    const excluded = new Set(exclude);
    const gone = new Map<TrieNode, number>();
    const seen = new Set<TrieNode>();
    for (const id of excluded) {
      const path = this.pathOf.get(id);
      if (!path) continue; // history items outside the catalog exclude nothing
      const end = this.trie.walk(path)!;
      if (seen.has(end)) continue;
      seen.add(end);
      if (!this.idsAt.get(end)!.every((i) => excluded.has(i))) continue;
      let node = this.trie.root;
      for (const t of path) {
        node = node.children.get(t)!;
        gone.set(node, (gone.get(node) ?? 0) + 1);
      }
    }
    if (gone.size === 0) return (prefix) => this.trie.allowed(prefix);
    return (prefix) => {
      const node = this.trie.walk(prefix);
      if (!node) return [];
      const out: number[] = [];
      for (const [t, child] of node.children) if ((gone.get(child) ?? 0) < this.below.get(child)!) out.push(t);
      return out;
    };
  }

  /** Every item whose tokens are `tokens` (with or without the closing `[eop]`); empty when none. */
  itemsOf(tokens: readonly number[]): readonly number[] {
    const path = tokens.at(-1) === this.eop ? tokens : [...tokens, this.eop];
    const end = this.trie.walk(path);
    return (end && this.idsAt.get(end)) ?? [];
  }

  /** The item named by `tokens`, the first in catalog order that is not excluded; null when none. */
  itemOf(tokens: readonly number[], exclude?: ReadonlySet<number>): number | null {
    return this.itemsOf(tokens).find((id) => !exclude?.has(id)) ?? null;
  }

  /** An item's tokens, without the closing `[eop]`. */
  tokensOf(id: number): readonly number[] | undefined {
    return this.pathOf.get(id)?.slice(0, -1);
  }

  private count(root: TrieNode): void {
    // Post-order without recursion: long catalogs make deep tries only in pathological cases, but cheaply safe.
    const stack: [TrieNode, boolean][] = [[root, false]];
    while (stack.length) {
      const [node, done] = stack.pop()!;
      if (done) {
        let n = this.idsAt.has(node) ? 1 : 0;
        for (const c of node.children.values()) n += this.below.get(c)!;
        this.below.set(node, n);
      } else {
        stack.push([node, true]);
        for (const c of node.children.values()) stack.push([c, false]);
      }
    }
  }
}

export interface RankedItem {
  item: number;
  /** The beam's ranking score (sequence log-probability unless a length penalty is set). */
  score: number;
  logProb: number;
  /** The item's tokens, without `[eop]`. */
  tokens: number[];
}

export interface RankItemsOptions {
  k: number;
  /** Beam width, at least k (default k); at most 20. */
  width?: number;
  /** Items never to return: the user's history in filtered evaluation. */
  exclude?: Iterable<number>;
  lengthPenalty?: number;
}

/**
 * The k best items by a constrained beam: distinct items (distinct token sequences), best first, never an
 * excluded one. Fewer than k only when fewer are left to name. The scorer must leave room for catalog.maxTokens.
 */
export function rankItems(scorer: Scorer, catalog: ItemTrie, opts: RankItemsOptions): RankedItem[] {
  const width = opts.width ?? opts.k;
  if (!Number.isInteger(opts.k) || opts.k < 1 || width < opts.k)
    throw new RangeError(`k must be a positive integer no larger than the width ${width}`);
  const excluded = new Set(opts.exclude ?? []);
  const hyps = beamSearch(scorer, {
    width,
    maxTokens: catalog.maxTokens,
    eop: catalog.eop,
    constraint: catalog.constraint(excluded),
    ...(opts.lengthPenalty === undefined ? {} : { lengthPenalty: opts.lengthPenalty }),
  });
  const out: RankedItem[] = [];
  for (const h of hyps) {
    const item = h.finished ? catalog.itemOf(h.tokens, excluded) : null;
    if (item !== null) out.push({ item, score: h.score, logProb: h.logProb, tokens: h.tokens });
  }
  return out.slice(0, opts.k);
}
