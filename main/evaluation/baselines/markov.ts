/**
 * First-order Markov chain: the next item after `i` is scored by how often `j` followed `i` in the training
 * sequences, ties broken by popularity (so the many never-followed items are not all tied with the target). On
 * ml-100k it is the strongest simple anchor: users rated in sessions, and rating order carries much of the signal.
 */
import { fitMostPopular } from './most-popular';
import { checkTrainData, type TrainData } from './types';

export interface MarkovModel {
  /** Scores of `candidates` after a history (time order); only the last item matters. */
  score(history: readonly number[], candidates: ArrayLike<number>): Float64Array;
}

export function fitMarkov(data: TrainData): MarkovModel {
  checkTrainData(data);
  const next = new Map<number, Map<number, number>>();
  const byUser = new Map<number, { t: number; k: number; item: number }[]>();
  data.train.forEach((r, k) => {
    const list = byUser.get(r.user) ?? [];
    list.push({ t: r.t, k, item: r.item });
    byUser.set(r.user, list);
  });
  for (const list of byUser.values()) {
    list.sort((a, b) => a.t - b.t || a.k - b.k);
    for (let i = 1; i < list.length; i++) {
      const from = list[i - 1]!.item;
      const m = next.get(from) ?? new Map<number, number>();
      m.set(list[i]!.item, (m.get(list[i]!.item) ?? 0) + 1);
      next.set(from, m);
    }
  }
  const pop = fitMostPopular(data).counts;
  const maxPop = Math.max(1, ...pop);
  return {
    score(history, candidates) {
      const m = history.length ? next.get(history.at(-1)!) : undefined;
      // Popularity is scaled below one transition, so it only orders items the chain ties.
      return Float64Array.from(candidates, (j) => (m?.get(j) ?? 0) + (0.5 * (pop[j] ?? 0)) / maxPop);
    },
  };
}
