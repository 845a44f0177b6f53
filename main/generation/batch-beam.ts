/**
 * Constrained beam search over many prompts at once, on the GLM's key/value cache (issue #10): each prompt (a
 * group) keeps `width` hypotheses; every step feeds one token per hypothesis of every group in one batch. The
 * search itself is decode.ts's beamSearch, group by group: candidates ranked by the model's log-probability
 * (no renormalisation under the constraint), `[eop]` among the best `width` closes a hypothesis, the best
 * `width` others stay alive, and a group stops once no live hypothesis can beat its worst finished one.
 */
import type { Glm } from '../model/glm';
import { decodeStep, disposeCache, encodePartA, reorder, type PartBCache } from '../model/kv-cache';
import { spanIntraIds } from '../model/intra-positions';
import type { TokenTrie } from '../model/trie';
import { SPECIAL } from '../model/types';
import type { Constraint, Hypothesis } from './decode';
import { prefixKey, withColdItems } from './cold-backoff';
import type { ItemTrie, RankedItem } from './item-trie';
import type { GenerationPartA } from './scorer';

export interface BeamGroup {
  partA: GenerationPartA;
  /** The tokens allowed after a prefix (null: any). */
  constraint: Constraint;
}

export interface BatchBeamOptions {
  width: number;
  maxTokens: number;
  eop: number;
  /** The entity pool training used for Part B intra ids (null: GLM's counter). */
  trie: TokenTrie | null;
  /** Told of every candidate a step scored (kept or not): its group, parent's tokens, token and log-probability. */
  onScored?: (group: number, parent: readonly number[], token: number, logProb: number) => void;
}

interface Beam {
  tokens: number[];
  logProb: number;
}

/** The n best candidates (largest logProb first; ties by parent, then token), without sorting them all. */
function best<T extends { logProb: number; parent: number; token: number }>(list: T[], n: number): T[] {
  list.sort((a, b) => b.logProb - a.logProb || a.parent - b.parent || a.token - b.token);
  return list.slice(0, n);
}

/** Beam search for every group; returns each group's hypotheses, best first (finished, then unfinished to fill up). */
export function batchBeamSearch(model: Glm, groups: readonly BeamGroup[], opts: BatchBeamOptions): Hypothesis[][] {
  const G = groups.length;
  if (G === 0) return [];
  const { width: W, maxTokens, eop } = opts;
  const V = model.config.vocabSize;
  const a = encodePartA(
    model,
    groups.map((g) => g.partA),
  );
  let past: PartBCache | null = null;
  const alive: Beam[][] = groups.map(() => [{ tokens: [], logProb: 0 }]);
  const finished: Hypothesis[][] = groups.map(() => []);
  const stuck: Beam[][] = groups.map(() => []);
  const done = new Array<boolean>(G).fill(false);
  try {
    for (let step = 0; step < maxTokens && !done.every(Boolean); step++) {
      const S = step === 0 ? 1 : W;
      const tokens = new Int32Array(G * S);
      const inter = new Int32Array(G * S);
      const intra = new Int32Array(G * S);
      groups.forEach((g, gi) => {
        for (let s = 0; s < S; s++) {
          const beam = alive[gi]![Math.min(s, Math.max(0, alive[gi]!.length - 1))];
          const row = gi * S + s;
          inter[row] = g.partA.maskPosition;
          if (!beam) continue; // a finished group: any token, its rows are ignored
          const ids = spanIntraIds(beam.tokens, opts.trie);
          tokens[row] = beam.tokens.length ? beam.tokens.at(-1)! : SPECIAL.sop;
          intra[row] = ids.at(-1)!;
        }
      });
      const out = decodeStep(model, a, past, { slots: S, tokens, inter, intra });
      past = out.cache;
      const parents = new Int32Array(G * W);
      groups.forEach((g, gi) => {
        const beams = alive[gi]!;
        if (done[gi] || beams.length === 0) {
          done[gi] = true;
          parents.fill(gi * S, gi * W, (gi + 1) * W);
          return;
        }
        const candidates: { parent: number; token: number; logProb: number }[] = [];
        beams.forEach((b, s) => {
          const off = (gi * S + s) * V;
          const allowed = g.constraint(b.tokens);
          if (allowed !== null && allowed.length === 0) {
            stuck[gi]!.push(b);
            return;
          }
          if (allowed) for (const t of allowed) candidates.push({ parent: s, token: t, logProb: b.logProb + out.logProbs[off + t]! });
          else for (let t = 0; t < V; t++) candidates.push({ parent: s, token: t, logProb: b.logProb + out.logProbs[off + t]! });
        });
        if (opts.onScored) for (const c of candidates) opts.onScored(gi, beams[c.parent]!.tokens, c.token, c.logProb);
        const ranked = best(candidates, 2 * W);
        const next: Beam[] = [];
        const from: number[] = [];
        ranked.forEach((c, rank) => {
          if (next.length >= W) return;
          const parent = beams[c.parent]!;
          if (c.token === eop) {
            // As decode.ts: an [eop] ranked outside the best `width` candidates was not in the beam.
            if (rank < W) addFinished(finished[gi]!, { tokens: parent.tokens, logProb: c.logProb, score: c.logProb, finished: true }, W);
          } else {
            next.push({ tokens: [...parent.tokens, c.token], logProb: c.logProb });
            from.push(c.parent);
          }
        });
        alive[gi] = next;
        for (let s = 0; s < W; s++) parents[gi * W + s] = gi * S + (from[s] ?? from[0] ?? 0);
        const fin = finished[gi]!;
        if (next.length === 0 || (fin.length === W && next[0]!.logProb <= fin[W - 1]!.score)) done[gi] = true;
      });
      if (!done.every(Boolean)) past = reorder(past, parents, W);
    }
  } finally {
    if (past) disposeCache(past);
    disposeCache(a);
  }
  return groups.map((_, gi) => {
    const fin = finished[gi]!;
    if (fin.length < W) {
      const rest = [...alive[gi]!, ...stuck[gi]!]
        .map((b) => ({ tokens: b.tokens, logProb: b.logProb, score: b.logProb, finished: false }))
        .sort((x, y) => y.score - x.score);
      fin.push(...rest.slice(0, W - fin.length));
    }
    return fin;
  });
}

function addFinished(list: Hypothesis[], h: Hypothesis, width: number): void {
  if (list.length === width) {
    if (h.score <= list[width - 1]!.score) return;
    list.pop();
  }
  let at = list.length;
  while (at > 0 && h.score > list[at - 1]!.score) at--;
  list.splice(at, 0, h);
}

export interface ItemGroup {
  partA: GenerationPartA;
  catalog: ItemTrie;
  /** Items never to return (the user's history). */
  exclude: Iterable<number>;
}

export interface RankBatchOptions {
  k: number;
  width: number;
  trie: TokenTrie | null;
  /** Items no training sequence holds, placed by back-off (cold-backoff.ts) in one place of every 1/share. */
  cold?: { items: readonly number[]; share: number };
}

/**
 * The k best items of each group by one batched constrained beam: distinct items, best first, none excluded —
 * rankItems (item-trie.ts) for many prompts at once.
 */
export function rankItemsBatch(model: Glm, groups: readonly ItemGroup[], opts: RankBatchOptions): RankedItem[][] {
  if (!Number.isInteger(opts.k) || opts.k < 1 || opts.width < opts.k)
    throw new RangeError(`k must be a positive integer no larger than the width ${opts.width}`);
  const excluded = groups.map((g) => new Set(g.exclude));
  const maxTokens = Math.max(...groups.map((g) => g.catalog.maxTokens));
  const cold = opts.cold && opts.cold.share > 0 && opts.cold.items.length > 0 ? opts.cold : null;
  const scored = groups.map(() => new Map<string, number>());
  const hyps = batchBeamSearch(
    model,
    groups.map((g, i) => ({ partA: g.partA, constraint: g.catalog.constraint(excluded[i]!) })),
    {
      width: opts.width,
      maxTokens,
      eop: groups[0]?.catalog.eop ?? SPECIAL.eop,
      trie: opts.trie,
      ...(cold
        ? { onScored: (gi: number, parent: readonly number[], t: number, lp: number) => scored[gi]!.set(prefixKey([...parent, t]), lp) }
        : {}),
    },
  );
  return hyps.map((list, i) => {
    const out: RankedItem[] = [];
    for (const h of list) {
      const item = h.finished ? groups[i]!.catalog.itemOf(h.tokens, excluded[i]) : null;
      if (item !== null) out.push({ item, score: h.score, logProb: h.logProb, tokens: h.tokens });
    }
    if (!cold) return out.slice(0, opts.k);
    return withColdItems(groups[i]!.catalog, out, scored[i]!, { cold: cold.items, share: cold.share, k: opts.k, exclude: excluded[i]! });
  });
}
