/**
 * BPE merge learning (pure) over a table of pre-token counts. Words are counted once up front, so a merge costs
 * the words that contain its pair, not the corpus: each pair keeps the set of words it occurs in, counts change
 * incrementally, and a max-heap with lazy invalidation finds the next best pair.
 */

export interface LearnedMerges {
  /** Symbol strings: the alphabet (most frequent character first), then each new merged string. */
  symbols: string[];
  /** Merges in the order learned: symbols[a] + symbols[b] = symbols[c]. */
  merges: [a: number, b: number, c: number][];
}

export interface LearnOptions {
  /** The most symbols (alphabet + merged) to return. */
  maxSymbols: number;
  /** A pair seen fewer times than this is never merged. */
  minFrequency: number;
  /** Characters kept in the alphabet whatever their count (the word-start marker). */
  requiredChars?: readonly string[];
  /** Strings no merge may produce (the special tokens' surface forms). */
  forbidden?: ReadonlySet<string>;
}

// Pair keys pack two symbol ids into one number; ids stay below 2^21, far above any vocabulary size used here.
const SHIFT = 2097152;
const pairKey = (a: number, b: number): number => a * SHIFT + b;

export function learnMerges(wordCounts: ReadonlyMap<string, number>, opts: LearnOptions): LearnedMerges {
  if (opts.maxSymbols >= SHIFT) throw new RangeError(`at most ${SHIFT - 1} symbols`);
  const charCounts = new Map<string, number>();
  for (const [word, n] of wordCounts) for (const ch of word) charCounts.set(ch, (charCounts.get(ch) ?? 0) + n);
  const required = (opts.requiredChars ?? []).filter((c) => !charCounts.has(c));
  const alphabet = [...required, ...[...charCounts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([c]) => c)].slice(
    0,
    opts.maxSymbols,
  );
  const symbols = [...alphabet];
  const idOf = new Map(symbols.map((s, i) => [s, i]));

  // Characters left out of a full alphabet become -1, which never pairs.
  const words: number[][] = [];
  const freqs: number[] = [];
  for (const [word, n] of wordCounts) {
    words.push(Array.from(word, (ch) => idOf.get(ch) ?? -1));
    freqs.push(n);
  }

  const counts = new Map<number, number>();
  const where = new Map<number, Set<number>>();
  const changed = new Set<number>();
  const addPairs = (w: number, sign: 1 | -1): void => {
    const s = words[w]!;
    const f = freqs[w]! * sign;
    for (let i = 0; i + 1 < s.length; i++) {
      const a = s[i]!;
      const b = s[i + 1]!;
      if (a < 0 || b < 0) continue;
      const k = pairKey(a, b);
      counts.set(k, (counts.get(k) ?? 0) + f);
      changed.add(k);
      if (sign > 0) {
        let set = where.get(k);
        if (!set) where.set(k, (set = new Set()));
        set.add(w);
      }
    }
  };
  for (let w = 0; w < words.length; w++) addPairs(w, 1);

  const heap = new PairHeap();
  const flush = (): void => {
    for (const k of changed) {
      const c = counts.get(k) ?? 0;
      if (c > 0) heap.push(c, k);
      else counts.delete(k);
    }
    changed.clear();
  };
  flush();

  const merges: [number, number, number][] = [];
  const banned = new Set<number>();
  while (symbols.length < opts.maxSymbols) {
    let best = heap.pop();
    // Stale entries (the pair's count moved since it was pushed) are dropped here rather than updated in place.
    while (best && (counts.get(best.key) !== best.count || banned.has(best.key))) best = heap.pop();
    if (!best || best.count < opts.minFrequency) break;
    const a = Math.floor(best.key / SHIFT);
    const b = best.key % SHIFT;
    const merged = symbols[a]! + symbols[b]!;
    if (opts.forbidden?.has(merged)) {
      banned.add(best.key);
      continue;
    }
    let c = idOf.get(merged);
    if (c === undefined) {
      c = symbols.length;
      symbols.push(merged);
      idOf.set(merged, c);
    }
    merges.push([a, b, c]);
    for (const w of where.get(best.key) ?? []) {
      const s = words[w]!;
      if (!containsPair(s, a, b)) continue;
      addPairs(w, -1);
      words[w] = mergePair(s, a, b, c);
      addPairs(w, 1);
    }
    where.delete(best.key);
    counts.delete(best.key);
    changed.delete(best.key);
    flush();
  }
  return { symbols, merges };
}

function containsPair(s: readonly number[], a: number, b: number): boolean {
  for (let i = 0; i + 1 < s.length; i++) if (s[i] === a && s[i + 1] === b) return true;
  return false;
}

/** Replaces every non-overlapping (a, b), left to right, with c — the same rule encoding applies. */
export function mergePair(s: readonly number[], a: number, b: number, c: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (i + 1 < s.length && s[i] === a && s[i + 1] === b) {
      out.push(c);
      i++;
    } else out.push(s[i]!);
  }
  return out;
}

/** Max-heap of (count, pair key); ties go to the smaller key so that training is deterministic. */
class PairHeap {
  private readonly c: number[] = [];
  private readonly k: number[] = [];

  push(count: number, key: number): void {
    this.c.push(count);
    this.k.push(key);
    let i = this.c.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.above(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  pop(): { count: number; key: number } | undefined {
    if (this.c.length === 0) return undefined;
    const top = { count: this.c[0]!, key: this.k[0]! };
    const lastC = this.c.pop()!;
    const lastK = this.k.pop()!;
    if (this.c.length > 0) {
      this.c[0] = lastC;
      this.k[0] = lastK;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.c.length && this.above(l, m)) m = l;
        if (r < this.c.length && this.above(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }

  private above(i: number, j: number): boolean {
    return this.c[i]! > this.c[j]! || (this.c[i] === this.c[j] && this.k[i]! < this.k[j]!);
  }

  private swap(i: number, j: number): void {
    [this.c[i], this.c[j]] = [this.c[j]!, this.c[i]!];
    [this.k[i], this.k[j]] = [this.k[j]!, this.k[i]!];
  }
}
