/**
 * Part B intra-positions (pure), docs/algorithms.md §1.4. During generation the entity boundaries of the output
 * are unknown, so the intra id is decided token by token against the entity pool's trie; training builds Part B
 * ids with this same tracker, so the ids a model sees for a teacher-forced target are the ids it gets when it
 * generates that target.
 *
 * The rule: `[sop]` → 1; the first token after it → 2; after that a token that continues a path of the trie
 * counts on (intra + 1), and any other token restarts at 1 (and starts a new path if an entity begins with it).
 * Without a trie the tracker is GLM's plain counter (`counter + 1`: 1, 2, 3, …).
 *
 * Prefix collisions (entity A is a prefix of entity B): after A's last token, a token that could continue B
 * counts on even when the text meant "A, then a standalone token". The rule is greedy on purpose: training and
 * inference apply it to the same tokens, so they always agree; the id then means "continues a known entity
 * path", not "inside the labelled entity". A pool that needs exact boundaries must be prefix-free (end every
 * sequence with a closing token, as the item trie does with its end token).
 */
import type { TokenTrie, TrieNode } from './trie';

export class IntraTracker {
  private intra = 0;
  private node: TrieNode | null = null;
  private afterSop = false;
  private started = false;

  constructor(private readonly trie: TokenTrie | null) {}

  /** Opens a span: the id of its `[sop]`. */
  start(): number {
    this.started = true;
    this.afterSop = true;
    this.node = null;
    this.intra = 1;
    return 1;
  }

  /** The id of input token `t`, the token that follows the previous one in the span (fed back after it was generated). */
  next(t: number): number {
    if (!this.started) throw new Error('IntraTracker.next before start: every Part B span opens with [sop]');
    if (!this.trie) return ++this.intra;
    if (this.afterSop) {
      this.afterSop = false;
      this.intra = 2;
      this.node = this.trie.root.children.get(t) ?? null;
      return this.intra;
    }
    const child = this.node?.children.get(t);
    if (child) {
      this.intra++;
      this.node = child;
    } else {
      this.intra = 1;
      this.node = this.trie.root.children.get(t) ?? null;
    }
    return this.intra;
  }
}

/** Intra ids of the Part B inputs `[sop] ...span` (length span.length + 1), built by the tracker inference uses. */
export function spanIntraIds(span: readonly number[], trie: TokenTrie | null): number[] {
  const tracker = new IntraTracker(trie);
  const ids = [tracker.start()];
  for (const t of span) ids.push(tracker.next(t));
  return ids;
}
