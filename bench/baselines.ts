/**
 * Classic baselines on ml-100k with the studio's leave-one-out split (each user's interactions in time order,
 * equal timestamps in file order; last → test, second to last → valid). Every model is fitted on all of a
 * user's interactions before the test item (train + valid), the same history the studio's model reads in
 * its test prompt, and scored on the test items:
 * HR@10 / NDCG@10 over the full catalogue minus the history and over 100 sampled candidates, RMSE/MAE for
 * biased MF, with fit seconds. Run: node --import tsx bench/baselines.ts [--data DIR] [--seed S]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compareTimeThenSeq } from '../main/datasets/split';
import { fitBiasedMf } from '../main/evaluation/baselines/biased-mf';
import { fitBpr } from '../main/evaluation/baselines/bpr';
import { buildRankingCases, evaluateRanking, evaluateRating } from '../main/evaluation/baselines/evaluate';
import { fitItemKnn } from '../main/evaluation/baselines/item-knn';
import { fitMostPopular } from '../main/evaluation/baselines/most-popular';
import type { Interaction, RankingModel, TrainData } from '../main/evaluation/baselines/types';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: join(import.meta.dirname, '../../shared/datasets/ml-100k') },
    seed: { type: 'string', default: '0' },
  },
});
const seed = Number(values.seed);

function load(dir: string): { rows: Interaction[]; users: number; items: number } {
  const lines = readFileSync(join(dir, 'ml-100k.inter'), 'utf8').split('\n');
  const header = (lines[0] ?? '').split('\t').map((h) => h.split(':')[0]);
  const col = (name: string): number => header.indexOf(name);
  const [cu, ci, cr, ct] = [col('user_id'), col('item_id'), col('rating'), col('timestamp')];
  const users = new Map<string, number>();
  const items = new Map<string, number>();
  const index = (m: Map<string, number>, id: string): number => m.get(id) ?? (m.set(id, m.size), m.size - 1);
  const rows: Interaction[] = [];
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue;
    const f = line.split('\t');
    rows.push({ user: index(users, f[cu] as string), item: index(items, f[ci] as string), rating: Number(f[cr]), t: Number(f[ct]) });
  }
  return { rows, users: users.size, items: items.size };
}

function leaveOneOut(rows: readonly Interaction[]): { known: Interaction[]; test: Interaction[] } {
  const byUser = new Map<number, { r: Interaction; seq: number }[]>();
  rows.forEach((r, seq) => byUser.set(r.user, [...(byUser.get(r.user) ?? []), { r, seq }]));
  const known: Interaction[] = [];
  const test: Interaction[] = [];
  for (const list of byUser.values()) {
    list.sort((a, b) => compareTimeThenSeq({ ts: a.r.t, seq: a.seq }, { ts: b.r.t, seq: b.seq }));
    list.forEach(({ r }, k) => (list.length >= 2 && k === list.length - 1 ? test : known).push(r));
  }
  return { known, test };
}

const { rows, users, items } = load(values.data);
const { known, test } = leaveOneOut(rows);
const data: TrainData = { users, items, train: known };
const cases = buildRankingCases(known, test);
console.log(`ml-100k: ${users} users × ${items} items, ${rows.length} interactions; fit on ${known.length}, test ${test.length}`);
console.log('split: leave-one-out by user, time order, ties keep file order; fit on train + valid');

function timed<T>(fit: () => T): [T, number] {
  const start = performance.now();
  const model = fit();
  return [model, (performance.now() - start) / 1000];
}

const fmt = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : x.toFixed(4));
const table: string[] = [
  '| model | fit s | HR@10 full | NDCG@10 full | HR@10 sampled-100 | NDCG@10 sampled-100 |',
  '|---|---|---|---|---|---|',
];
const models: [string, () => RankingModel][] = [
  ['most-popular', () => fitMostPopular(data)],
  ['item-kNN (k=50)', () => fitItemKnn(data, { neighbours: 50 })],
  ['BPR-MF', () => fitBpr(data, { seed: seed + 1 })],
  ['biased MF', () => fitBiasedMf(data, { seed: seed + 1 })],
];
let mfRating = '';
for (const [name, fit] of models) {
  const [model, seconds] = timed(fit);
  const ev = evaluateRanking(model.score, cases, { items, seed });
  table.push(
    `| ${name} | ${seconds.toFixed(2)} | ${fmt(ev.full['HR@10'])} | ${fmt(ev.full['NDCG@10'])} | ${fmt(ev.sampled['HR@10'])} | ${fmt(ev.sampled['NDCG@10'])} |`,
  );
  if ('predict' in model && typeof model.predict === 'function') {
    const predict = model.predict as (u: number, i: number) => number;
    const r = evaluateRating(
      predict,
      test.map((x) => ({ user: x.user, item: x.item, rating: x.rating as number })),
    );
    const mean = known.reduce((s, x) => s + (x.rating as number), 0) / known.length;
    const base = evaluateRating(
      () => mean,
      test.map((x) => ({ user: x.user, item: x.item, rating: x.rating as number })),
    );
    mfRating = `biased MF on the test ratings: RMSE ${fmt(r.RMSE)}, MAE ${fmt(r.MAE)} (global mean: RMSE ${fmt(base.RMSE)}, MAE ${fmt(base.MAE)}); fit ${seconds.toFixed(2)} s`;
  }
}
console.log(table.join('\n'));
console.log(`sampled candidates: ${evaluateRanking(() => new Float64Array(items), [], { items, seed }).candidateSets.sampled}`);
console.log(mfRating);
