/**
 * A trie over token-id sequences (pure). It serves two jobs: the entity pool whose paths decide the dynamic
 * intra-positions of Part B (docs/algorithms.md §1.4), and constrained decoding, where only the children of the
 * decoded prefix may come next (OpenP5's `prefix_allowed_tokens_fn`, §2.6).
 */

export interface TrieNode {
  readonly children: Map<number, TrieNode>;
  /** Whether a whole inserted sequence ends here (a prefix of a longer one may also end here). */
  terminal: boolean;
}

const newNode = (): TrieNode => ({ children: new Map(), terminal: false });

export class TokenTrie {
  readonly root: TrieNode = newNode();
  private count = 0;

  static from(sequences: Iterable<readonly number[]>): TokenTrie {
    const trie = new TokenTrie();
    for (const s of sequences) trie.insert(s);
    return trie;
  }

  /** Distinct sequences inserted. */
  get size(): number {
    return this.count;
  }

  /** Adds a sequence; returns false when it was already there. */
  insert(sequence: readonly number[]): boolean {
    let node = this.root;
    for (const t of sequence) {
      let child = node.children.get(t);
      if (!child) {
        child = newNode();
        node.children.set(t, child);
      }
      node = child;
    }
    if (node.terminal) return false;
    node.terminal = true;
    this.count++;
    return true;
  }

  /** The node reached by following `prefix` from `from` (the root by default), or null when the path leaves the trie. */
  walk(prefix: readonly number[], from: TrieNode = this.root): TrieNode | null {
    let node: TrieNode | undefined = from;
    for (const t of prefix) {
      node = node.children.get(t);
      if (!node) return null;
    }
    return node;
  }

  /** Token ids that may follow `node`, in insertion order. */
  children(node: TrieNode): number[] {
    return [...node.children.keys()];
  }

  /** Token ids that may follow `prefix`; empty when the prefix is not in the trie (or ends every sequence through it). */
  allowed(prefix: readonly number[]): number[] {
    const node = this.walk(prefix);
    return node ? this.children(node) : [];
  }

  /** Whether `sequence` was inserted as a whole (not merely as a prefix of another). */
  has(sequence: readonly number[]): boolean {
    return this.walk(sequence)?.terminal ?? false;
  }
}
