/**
 * Item-kNN (Deshpande & Karypis; RecBole's ItemKNN): cosine similarity between item columns of the binary
 * user × item matrix, sim(i, j) = |U_i ∩ U_j| / sqrt(|U_i| · |U_j|); each item keeps its k most similar items,
 * and a user's score for j is the sum of sim(i, j) over the history items i that keep j as a neighbour.
 *
 * Similarities are built one item row at a time into a dense scratch row (time ~ Σ_u |H_u|², memory
 * items × k), so a large catalogue never needs the items × items matrix.
 */
import { checkTrainData, userItemSets, type RankingModel, type TrainData } from './types';

export interface ItemKnnOptions {
  /** Neighbours kept per item. */
  neighbours?: number;
}

export interface ItemKnnModel extends RankingModel {
  /** Row i's neighbours are neighbourItems[i·k .. i·k + k), -1 where an item has fewer than k co-consumed items. */
  neighbourItems: Int32Array;
  neighbourSims: Float32Array;
  k: number;
}

export function fitItemKnn(data: TrainData, options: ItemKnnOptions = {}): ItemKnnModel {
  checkTrainData(data);
  const k = options.neighbours ?? 50;
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`neighbours is a positive integer, got ${k}`);
  const histories = userItemSets(data);
  const usersOf: number[][] = Array.from({ length: data.items }, () => []);
  histories.forEach((items, u) => items.forEach((i) => usersOf[i]?.push(u)));
  const degree = Float64Array.from(usersOf, (us) => us.length);

  const neighbourItems = new Int32Array(data.items * k).fill(-1);
  const neighbourSims = new Float32Array(data.items * k);
  const co = new Float64Array(data.items);
  const touched: number[] = [];
  for (let i = 0; i < data.items; i++) {
    for (const u of usersOf[i] as number[]) {
      for (const j of histories[u] as Int32Array) {
        if (j === i) continue;
        if (co[j] === 0) touched.push(j);
        co[j] = (co[j] as number) + 1;
      }
    }
    const sims = touched.map((j) => ({ j, s: (co[j] as number) / Math.sqrt((degree[i] as number) * (degree[j] as number)) }));
    // Ties broken by item index so that a fit is the same on every machine.
    sims.sort((a, b) => b.s - a.s || a.j - b.j);
    sims.slice(0, k).forEach(({ j, s }, slot) => {
      neighbourItems[i * k + slot] = j;
      neighbourSims[i * k + slot] = s;
    });
    for (const j of touched) co[j] = 0;
    touched.length = 0;
  }

  const scratch = new Float64Array(data.items);
  return {
    neighbourItems,
    neighbourSims,
    k,
    score: (user, candidates) => {
      const history = histories[user] ?? new Int32Array(0);
      for (const i of history) {
        for (let slot = i * k; slot < i * k + k; slot++) {
          const j = neighbourItems[slot] as number;
          if (j < 0) break;
          scratch[j] = (scratch[j] as number) + (neighbourSims[slot] as number);
        }
      }
      const out = Float64Array.from(candidates, (item) => scratch[item] ?? Number.NaN);
      scratch.fill(0);
      return out;
    },
  };
}
