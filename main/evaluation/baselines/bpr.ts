/**
 * BPR-MF (Rendle et al. 2009) for implicit-feedback ranking: x̂_ui = b_i + p_u·q_i, trained by SGD on
 * −ln σ(x̂_ui − x̂_uj) with L2, where (u, i) is a training interaction drawn uniformly and j an item drawn
 * uniformly among those u never interacted with. One epoch draws as many triples as there are interactions.
 */
import { mulberry32, randomInt, randomNormal } from '../../random';
import { checkTrainData, userItemSets, type RankingModel, type TrainData } from './types';

export interface BprOptions {
  factors?: number;
  epochs?: number;
  learningRate?: number;
  regularization?: number;
  initStd?: number;
  seed?: number;
  /** Mean BPR loss of each epoch's triples (for progress). */
  onEpoch?: (epoch: number, meanLoss: number) => void;
}

export interface BprModel extends RankingModel {
  itemBias: Float64Array;
  userFactors: Float64Array;
  itemFactors: Float64Array;
  factors: number;
}

export function fitBpr(data: TrainData, options: BprOptions = {}): BprModel {
  checkTrainData(data);
  const f = options.factors ?? 32;
  const epochs = options.epochs ?? 30;
  const lr = options.learningRate ?? 0.05;
  const reg = options.regularization ?? 0.01;
  const initStd = options.initStd ?? 0.1;
  const rng = mulberry32(options.seed ?? 1);
  if (data.train.length === 0) throw new RangeError('BPR needs training interactions; there are none');
  const seen = userItemSets(data).map((items) => new Set(items));
  const users = Int32Array.from(data.train, (r) => r.user);
  const items = Int32Array.from(data.train, (r) => r.item);

  const itemBias = new Float64Array(data.items);
  const userFactors = Float64Array.from({ length: data.users * f }, () => initStd * randomNormal(rng));
  const itemFactors = Float64Array.from({ length: data.items * f }, () => initStd * randomNormal(rng));

  for (let epoch = 1; epoch <= epochs; epoch++) {
    let loss = 0;
    let steps = 0;
    for (let step = 0; step < users.length; step++) {
      const k = randomInt(rng, users.length);
      const u = users[k] as number;
      const i = items[k] as number;
      const positives = seen[u] as Set<number>;
      if (positives.size >= data.items) continue; // a user who has every item has no negative
      let j: number;
      do j = randomInt(rng, data.items);
      while (positives.has(j));
      const pu = u * f;
      const qi = i * f;
      const qj = j * f;
      let x = (itemBias[i] as number) - (itemBias[j] as number);
      for (let d = 0; d < f; d++)
        x += (userFactors[pu + d] as number) * ((itemFactors[qi + d] as number) - (itemFactors[qj + d] as number));
      // g = σ(−x) = −∂loss/∂x; the loss itself computed stably.
      const g = 1 / (1 + Math.exp(x));
      loss += x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
      steps++;
      itemBias[i] = (itemBias[i] as number) + lr * (g - reg * (itemBias[i] as number));
      itemBias[j] = (itemBias[j] as number) + lr * (-g - reg * (itemBias[j] as number));
      for (let d = 0; d < f; d++) {
        const p = userFactors[pu + d] as number;
        const a = itemFactors[qi + d] as number;
        const b = itemFactors[qj + d] as number;
        userFactors[pu + d] = p + lr * (g * (a - b) - reg * p);
        itemFactors[qi + d] = a + lr * (g * p - reg * a);
        itemFactors[qj + d] = b + lr * (-g * p - reg * b);
      }
    }
    options.onEpoch?.(epoch, steps ? loss / steps : Number.NaN);
  }

  return {
    itemBias,
    userFactors,
    itemFactors,
    factors: f,
    score: (user, candidates) =>
      Float64Array.from(candidates, (item) => {
        let s = itemBias[item] as number;
        for (let d = 0; d < f; d++) s += (userFactors[user * f + d] as number) * (itemFactors[item * f + d] as number);
        return s;
      }),
  };
}
