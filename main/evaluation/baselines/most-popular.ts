/** Most-popular: every user gets the items with the most training interactions. The floor any model must beat. */
import { checkTrainData, type RankingModel, type TrainData } from './types';

export interface MostPopularModel extends RankingModel {
  /** Training interactions per item (repeats count: a re-watch is popularity too). */
  counts: Float64Array;
}

export function fitMostPopular(data: TrainData): MostPopularModel {
  checkTrainData(data);
  const counts = new Float64Array(data.items);
  for (const r of data.train) counts[r.item] = (counts[r.item] as number) + 1;
  return {
    counts,
    score: (_user, candidates) => Float64Array.from(candidates, (item) => counts[item] ?? Number.NaN),
  };
}
