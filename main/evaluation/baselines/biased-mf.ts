/**
 * Biased matrix factorization for explicit ratings (Koren, Bell & Volinsky 2009, "SVD" in Surprise):
 * r̂_ui = μ + b_u + b_i + p_u·q_i, fitted by SGD on the squared error with L2 on every parameter except μ,
 * visiting the rated interactions in a fresh seeded order each epoch. Interactions without a rating are ignored.
 */
import { mulberry32, randomInt, randomNormal } from '../../random';
import { checkTrainData, type RatingModel, type TrainData } from './types';

export interface BiasedMfOptions {
  factors?: number;
  epochs?: number;
  learningRate?: number;
  /** L2 weight on biases and factors. */
  regularization?: number;
  /** Standard deviation of the normal initial factors. */
  initStd?: number;
  seed?: number;
  /** Mean squared training error of each epoch, as measured during it (for progress). */
  onEpoch?: (epoch: number, trainMse: number) => void;
}

export interface BiasedMfModel extends RatingModel {
  globalMean: number;
  userBias: Float64Array;
  itemBias: Float64Array;
  /** users × factors, row-major. */
  userFactors: Float64Array;
  /** items × factors, row-major. */
  itemFactors: Float64Array;
  factors: number;
}

/** Fisher–Yates with the seeded generator. */
export function shuffleInPlace(order: Int32Array, rng: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
}

export function fitBiasedMf(data: TrainData, options: BiasedMfOptions = {}): BiasedMfModel {
  checkTrainData(data);
  const f = options.factors ?? 32;
  const epochs = options.epochs ?? 20;
  const lr = options.learningRate ?? 0.01;
  const reg = options.regularization ?? 0.05;
  const initStd = options.initStd ?? 0.1;
  const rng = mulberry32(options.seed ?? 1);
  const rated = data.train.filter((r): r is typeof r & { rating: number } => r.rating !== null && Number.isFinite(r.rating));
  if (rated.length === 0) throw new RangeError('biased MF needs rated interactions; this training set has none');
  const users = Int32Array.from(rated, (r) => r.user);
  const items = Int32Array.from(rated, (r) => r.item);
  const ratings = Float64Array.from(rated, (r) => r.rating);
  const globalMean = ratings.reduce((s, x) => s + x, 0) / ratings.length;

  const userBias = new Float64Array(data.users);
  const itemBias = new Float64Array(data.items);
  const userFactors = Float64Array.from({ length: data.users * f }, () => initStd * randomNormal(rng));
  const itemFactors = Float64Array.from({ length: data.items * f }, () => initStd * randomNormal(rng));
  const order = Int32Array.from({ length: rated.length }, (_, k) => k);

  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffleInPlace(order, rng);
    let sse = 0;
    for (let n = 0; n < order.length; n++) {
      const k = order[n] as number;
      const u = users[k] as number;
      const i = items[k] as number;
      const pu = u * f;
      const qi = i * f;
      let dot = 0;
      for (let d = 0; d < f; d++) dot += (userFactors[pu + d] as number) * (itemFactors[qi + d] as number);
      const e = (ratings[k] as number) - (globalMean + (userBias[u] as number) + (itemBias[i] as number) + dot);
      sse += e * e;
      userBias[u] = (userBias[u] as number) + lr * (e - reg * (userBias[u] as number));
      itemBias[i] = (itemBias[i] as number) + lr * (e - reg * (itemBias[i] as number));
      for (let d = 0; d < f; d++) {
        const p = userFactors[pu + d] as number;
        const q = itemFactors[qi + d] as number;
        userFactors[pu + d] = p + lr * (e * q - reg * p);
        itemFactors[qi + d] = q + lr * (e * p - reg * q);
      }
    }
    options.onEpoch?.(epoch, sse / rated.length);
  }

  const predict = (user: number, item: number): number => {
    let dot = 0;
    for (let d = 0; d < f; d++) dot += (userFactors[user * f + d] as number) * (itemFactors[item * f + d] as number);
    return globalMean + (userBias[user] as number) + (itemBias[item] as number) + dot;
  };
  return {
    globalMean,
    userBias,
    itemBias,
    userFactors,
    itemFactors,
    factors: f,
    predict,
    score: (user, candidates) => Float64Array.from(candidates, (item) => predict(user, item)),
  };
}
