/**
 * The classic baselines on a dataset's own splits, as the studio's model is measured (DESIGN.md, evaluation
 * conventions): ranking models fit on each user's training part (all but the last two items), and rank the
 * test item (the last) over the full catalog minus the history, and over the very same 100 candidates the
 * model's sequential prompts list (the positive and 99 never-touched items, seeded); rating models fit on the
 * seeded 80/10/10 split's train part and are scored on its test part. Runs in a worker.
 */
import type { BaselineReport } from '../../preload/api-generation';
import { buildContext } from '../templates/context';
import { ratioSplit, trainingPart, type ExampleData } from '../templates/data';
import { fitBiasedMf } from './baselines/biased-mf';
import { fitBpr } from './baselines/bpr';
import { fullCandidates, type RankingCase } from './baselines/evaluate';
import { fitItemKnn } from './baselines/item-knn';
import { fitMarkov } from './baselines/markov';
import { fitMostPopular } from './baselines/most-popular';
import type { Interaction, TrainData } from './baselines/types';
import { rankingSummary, rankOf } from './ranking';
import { mae, rmse } from './rating';

export interface BaselineOptions {
  seed: number;
  /** SASRec trains in TensorFlow.js; it is the slowest, so it can be left out. */
  sasrec: boolean;
  sasrecEpochs: number;
}

type Score = (user: number, candidates: ArrayLike<number>) => ArrayLike<number>;

export async function runBaselines(
  d: ExampleData,
  datasetId: number,
  opts: BaselineOptions,
  progress: (phase: string) => void,
): Promise<BaselineReport> {
  const userIndex = new Map(d.users.map((u, k) => [u.id, k]));
  const itemIds = d.itemIds;
  const itemIndex = new Map(itemIds.map((id, k) => [id, k]));
  const items = itemIds.length;

  // Leave-one-out: train on seq[:-2]; test target seq[-1] with history seq[:-1].
  const train: Interaction[] = [];
  const cases: (RankingCase & { sampled: Int32Array })[] = [];
  const trainSequences: number[][] = d.users.map(() => []);
  for (const u of d.users) {
    const seq = d.sequences.get(u.id) ?? [];
    const n = seq.length;
    const ui = userIndex.get(u.id)!;
    trainingPart(seq).forEach((x, t) => {
      train.push({ user: ui, item: itemIndex.get(x.itemId)!, rating: x.rating, t });
      trainSequences[ui]!.push(itemIndex.get(x.itemId)!);
    });
    if (n < 2) continue;
    const { meta } = buildContext(d, 'sequential', { user: u, index: n - 1 }, opts.seed, false);
    cases.push({
      user: ui,
      target: itemIndex.get(seq[n - 1]!.itemId)!,
      history: seq.slice(0, n - 1).map((x) => itemIndex.get(x.itemId)!),
      sampled: Int32Array.from(meta.candidateIds!, (id) => itemIndex.get(id)!),
    });
  }
  const data: TrainData = { users: d.users.length, items, train };
  const all = Int32Array.from({ length: items }, (_, j) => j);

  const ranking = (score: Score): Record<string, number> => {
    const full: number[] = [];
    const sampled: number[] = [];
    for (const c of cases) {
      const scores = score(c.user, all);
      const cands = fullCandidates(c, items);
      full.push(
        rankOf(
          Float64Array.from(cands, (j) => scores[j] as number),
          cands.indexOf(c.target),
        ),
      );
      sampled.push(
        rankOf(
          Float64Array.from(c.sampled, (j) => scores[j] as number),
          c.sampled.indexOf(c.target),
        ),
      );
    }
    const f = rankingSummary(full);
    const s = rankingSummary(sampled);
    const out: Record<string, number> = { users: cases.length };
    for (const [k, v] of Object.entries(f)) if (k !== 'count' && v !== null) out[k] = v;
    for (const [k, v] of Object.entries(s)) if (k !== 'count' && v !== null) out[`${k} (100 sampled)`] = v;
    return out;
  };
  const models: BaselineReport['models'] = [];
  const timed = async (name: string, fn: () => Promise<Record<string, number>> | Record<string, number>): Promise<void> => {
    progress(name);
    const t0 = performance.now();
    const metrics = await fn();
    models.push({ name, metrics, seconds: (performance.now() - t0) / 1000 });
  };

  await timed('most-popular', () => ranking(fitMostPopular(data).score));
  await timed('item-kNN', () => ranking(fitItemKnn(data).score));
  await timed('BPR-MF', () => ranking(fitBpr(data, { seed: opts.seed }).score));
  const histories = new Map(cases.map((c) => [c.user, c.history]));
  await timed('Markov (first-order)', () => {
    const markov = fitMarkov(data);
    return ranking((user, candidates) => markov.score(histories.get(user) ?? [], candidates));
  });
  if (opts.sasrec) {
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

  // Ratings on the 80/10/10 split the rating templates use.
  const rated: Interaction[] = [];
  const test: { user: number; item: number; rating: number }[] = [];
  for (const u of d.users) {
    for (const x of d.sequences.get(u.id) ?? []) {
      if (x.rating === null) continue;
      const split = ratioSplit(opts.seed, x.id);
      const r = { user: userIndex.get(u.id)!, item: itemIndex.get(x.itemId)!, rating: x.rating, t: 0 };
      if (split === 'train') rated.push(r);
      else if (split === 'test') test.push(r);
    }
  }
  if (rated.length > 0 && test.length > 0) {
    await timed('biased MF (ratings)', () => {
      const mf = fitBiasedMf({ users: d.users.length, items, train: rated }, { seed: opts.seed });
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
  return {
    datasetId,
    seed: opts.seed,
    split: 'leave-one-out by user (time order, ties in source order) for ranking; seeded 80/10/10 by interaction for ratings',
    models,
    notes: [
      `full ranking: all ${items} items minus the user's history; sampled: the test item + 99 never-touched items, the same lists the model's sequential prompts show (seed ${opts.seed})`,
      'ranking models fit on each user’s items before the last two; ties count against the target',
      opts.sasrec ? `SASRec: d=50, 2 blocks, ${opts.sasrecEpochs} epochs` : 'SASRec left out',
    ],
    createdAt: new Date().toISOString(),
  };
}
