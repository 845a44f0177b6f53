/**
 * The classic baselines on a dataset's own splits, as the studio's model is measured (DESIGN.md, evaluation
 * conventions): ranking models fit on each user's training part (all but the last two items), and rank the
 * test item (the last) over the full catalog minus the history, and over the very same 100 candidates the
 * model's sequential prompts list (the positive and 99 never-touched items, seeded); rating models fit on the
 * seeded 80/10/10 split's train part and are scored on its test part. Runs in a worker.
 */
import type { BaselineReport } from '../../preload/api-generation';
import type { ExampleData } from '../templates/data';
import { fitBiasedMf } from './baselines/biased-mf';
import { fitBpr } from './baselines/bpr';
import { fitItemKnn } from './baselines/item-knn';
import { fitMarkov } from './baselines/markov';
import { fitMostPopular } from './baselines/most-popular';
import type { Interaction } from './baselines/types';
import { indicesOf, leaveOneOut, rankingMetrics, ratingSplit, type RatedCase, type Score } from './baseline-splits';
import { mae, rmse } from './rating';

export interface BaselineOptions {
  seed: number;
  /** SASRec trains in TensorFlow.js; it is the slowest, so it can be left out. */
  sasrec: boolean;
  sasrecEpochs: number;
}

type Timed = (name: string, fn: () => Promise<Record<string, number>> | Record<string, number>) => Promise<void>;

async function rankingModels(opts: BaselineOptions, items: number, split: ReturnType<typeof leaveOneOut>, timed: Timed): Promise<void> {
  const { data, cases, trainSequences } = split;
  const ranking = (score: Score): Record<string, number> => rankingMetrics(cases, items, score);
  await timed('most-popular', () => ranking(fitMostPopular(data).score));
  await timed('item-kNN', () => ranking(fitItemKnn(data).score));
  await timed('BPR-MF', () => ranking(fitBpr(data, { seed: opts.seed }).score));
  const histories = new Map(cases.map((c) => [c.user, c.history]));
  await timed('Markov (first-order)', () => {
    const markov = fitMarkov(data);
    return ranking((user, candidates) => markov.score(histories.get(user) ?? [], candidates));
  });
  if (!opts.sasrec) return;
  await timed('SASRec', async () => {
    const { initBackend } = await import('../model/backend');
    const { trainSasrec, SASREC_DEFAULTS } = await import('./baselines/sasrec');
    await initBackend();
    const model = trainSasrec(trainSequences, items, { ...SASREC_DEFAULTS, epochs: opts.sasrecEpochs, seed: opts.seed });
    try {
      return ranking((user) => model.score(histories.get(user) ?? []));
    } finally {
      model.dispose();
    }
  });
}

async function ratingModels(
  users: number,
  items: number,
  rated: Interaction[],
  test: RatedCase[],
  seed: number,
  timed: Timed,
): Promise<void> {
  if (rated.length === 0 || test.length === 0) return;
  await timed('biased MF (ratings)', () => {
    const mf = fitBiasedMf({ users, items, train: rated }, { seed });
    const predicted = test.map((c) => mf.predict(c.user, c.item));
    const truth = test.map((c) => c.rating);
    return { RMSE: rmse(predicted, truth)!, MAE: mae(predicted, truth)!, ratings: test.length };
  });
  await timed('global mean (ratings)', () => {
    const mean = rated.reduce((a, r) => a + (r.rating ?? 0), 0) / rated.length;
    const truth = test.map((c) => c.rating);
    return {
      RMSE: rmse(
        truth.map(() => mean),
        truth,
      )!,
      MAE: mae(
        truth.map(() => mean),
        truth,
      )!,
      ratings: test.length,
    };
  });
}

export async function runBaselines(
  d: ExampleData,
  datasetId: number,
  opts: BaselineOptions,
  progress: (phase: string) => void,
): Promise<BaselineReport> {
  const ix = indicesOf(d);
  const models: BaselineReport['models'] = [];
  const timed: Timed = async (name, fn) => {
    progress(name);
    const t0 = performance.now();
    const metrics = await fn();
    models.push({ name, metrics, seconds: (performance.now() - t0) / 1000 });
  };
  await rankingModels(opts, ix.items, leaveOneOut(d, ix, opts.seed), timed);
  const { rated, test } = ratingSplit(d, ix, opts.seed);
  await ratingModels(d.users.length, ix.items, rated, test, opts.seed, timed);
  return {
    datasetId,
    seed: opts.seed,
    split: 'leave-one-out by user (time order, ties in source order) for ranking; seeded 80/10/10 by interaction for ratings',
    models,
    notes: [
      `full ranking: all ${ix.items} items minus the user's history; sampled: the test item + 99 never-touched items, the same lists the model's sequential prompts show (seed ${opts.seed})`,
      'ranking models fit on each user’s items before the last two; ties count against the target',
      opts.sasrec ? `SASRec: d=50, 2 blocks, ${opts.sasrecEpochs} epochs` : 'SASRec left out',
    ],
    createdAt: new Date().toISOString(),
  };
}
