/**
 * SASRec on ml-100k with the studio's leave-one-out split (each user's interactions in time order, equal
 * timestamps in file order; last → test, second to last → valid, the rest → train). Trains on the train part of
 * every sequence; every `--eval-every` epochs scores the valid items (history = train part) and keeps the weights
 * with the best valid NDCG@10 over the full catalogue, stopping after `--patience` checks without a gain. Then
 * scores the test items with history = train + valid: HR@10 / NDCG@10 over the full catalogue minus the history
 * and over 100 sampled candidates (target + 99 never-interacted items, seeded), with the training seconds.
 * Run: node --import tsx bench/sasrec.ts [--data DIR] [--backend wasm] [--epochs 400] [--max-length 50] …
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { compareTimeThenSeq, SPLIT_RULE } from '../main/datasets/split';
import { evaluateRanking, type RankingCase, type RankingEvaluation } from '../main/evaluation/baselines/evaluate';
import { SASREC_DEFAULTS, trainSasrec, type SasrecModel, type SasrecOptions } from '../main/evaluation/baselines/sasrec';
import { initBackend } from '../main/model/backend';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: join(import.meta.dirname, '../../shared/datasets/ml-100k') },
    backend: { type: 'string', default: 'wasm' },
    seed: { type: 'string', default: '0' },
    epochs: { type: 'string', default: '400' },
    'eval-every': { type: 'string', default: '10' },
    patience: { type: 'string', default: '5' },
    dim: { type: 'string', default: String(SASREC_DEFAULTS.dim) },
    blocks: { type: 'string', default: String(SASREC_DEFAULTS.blocks) },
    heads: { type: 'string', default: String(SASREC_DEFAULTS.heads) },
    'max-length': { type: 'string', default: String(SASREC_DEFAULTS.maxLength) },
    dropout: { type: 'string', default: String(SASREC_DEFAULTS.dropout) },
    'batch-size': { type: 'string', default: String(SASREC_DEFAULTS.batchSize) },
    lr: { type: 'string', default: String(SASREC_DEFAULTS.lr) },
  },
});
const seed = Number(values.seed);
const evalEvery = Number(values['eval-every']);
const patience = Number(values.patience);

/** Each user's items (dense 0-based ids in order of first appearance in the file), oldest first. */
function loadSequences(dir: string): { sequences: number[][]; items: number; interactions: number } {
  const lines = readFileSync(join(dir, 'ml-100k.inter'), 'utf8').split('\n');
  const header = (lines[0] ?? '').split('\t').map((h) => h.split(':')[0]);
  const [cu, ci, ct] = ['user_id', 'item_id', 'timestamp'].map((name) => header.indexOf(name)) as [number, number, number];
  const items = new Map<string, number>();
  const byUser = new Map<string, { item: number; ts: number; seq: number }[]>();
  let seq = 0;
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue;
    const f = line.split('\t');
    const id = f[ci] as string;
    const item = items.get(id) ?? (items.set(id, items.size), items.size - 1);
    const user = f[cu] as string;
    byUser.set(user, [...(byUser.get(user) ?? []), { item, ts: Number(f[ct]), seq: seq++ }]);
  }
  const sequences = [...byUser.values()].map((list) => list.sort(compareTimeThenSeq).map((r) => r.item));
  return { sequences, items: items.size, interactions: seq };
}

const { sequences, items, interactions } = loadSequences(values.data);
const users = sequences.filter((s) => s.length >= 3).map((s, user) => ({ user, seq: s }));
const train = users.map(({ seq }) => seq.slice(0, -2));
const validCases: RankingCase[] = users.map(({ user, seq }) => ({
  user,
  target: seq.at(-2)!,
  history: seq.slice(0, -2),
  interacted: [seq.at(-1)!],
}));
const testCases: RankingCase[] = users.map(({ user, seq }) => ({ user, target: seq.at(-1)!, history: seq.slice(0, -1) }));

const options: SasrecOptions = {
  dim: Number(values.dim),
  blocks: Number(values.blocks),
  heads: Number(values.heads),
  maxLength: Number(values['max-length']),
  dropout: Number(values.dropout),
  epochs: Number(values.epochs),
  batchSize: Number(values['batch-size']),
  lr: Number(values.lr),
  seed: seed + 1,
};

const choice = await initBackend({ prefer: values.backend });
console.log(`ml-100k: ${sequences.length} users × ${items} items, ${interactions} interactions; ${users.length} users with ≥ 3`);
console.log(`split: ${SPLIT_RULE}; train on all but the last two items per user`);
console.log(`back end: ${choice.backend}; SASRec ${JSON.stringify(options)}`);

function evaluate(model: SasrecModel, cases: readonly RankingCase[]): RankingEvaluation {
  const historyOf = new Map(cases.map((c) => [c.user, c.history]));
  const score = (user: number, candidates: ArrayLike<number>): Float64Array => {
    const s = model.score(historyOf.get(user)!);
    return Float64Array.from(candidates, (j) => s[j]!);
  };
  return evaluateRanking(score, cases, { items, seed, ks: [1, 5, 10] });
}

let best = { ndcg: -1, epoch: 0, weights: new Map<string, tf.Tensor>() };
let checksSinceBest = 0;
let trainMs = 0;
let epochStart = performance.now();
const model = trainSasrec(train, items, options, (epoch, loss, sofar) => {
  trainMs += performance.now() - epochStart;
  let verdict: 'stop' | undefined;
  if (epoch % evalEvery === 0) {
    const ndcg = evaluate(sofar, validCases).full['NDCG@10']!;
    console.log(
      `epoch ${epoch}: loss ${loss.toFixed(4)}, valid NDCG@10 full ${ndcg.toFixed(4)}, ${(trainMs / 1000).toFixed(1)} s training so far`,
    );
    if (ndcg > best.ndcg) {
      tf.dispose([...best.weights.values()]);
      best = { ndcg, epoch, weights: new Map([...sofar.params].map(([n, v]) => [n, tf.clone(v)])) };
      checksSinceBest = 0;
    } else if (++checksSinceBest >= patience) verdict = 'stop';
  }
  epochStart = performance.now();
  return verdict;
});
for (const [name, t] of best.weights) model.params.get(name)!.assign(t);

const fmt = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : x.toFixed(4));
const steps = Math.ceil(train.filter((s) => s.length >= 2).length / options.batchSize) * model.epochsTrained;
console.log(
  `trained ${model.epochsTrained} epochs (${steps} steps) in ${(trainMs / 1000).toFixed(1)} s on ${choice.backend}; best valid NDCG@10 ${fmt(best.ndcg)} at epoch ${best.epoch}`,
);
const scoreStart = performance.now();
const ev = evaluate(model, testCases);
const scoreSeconds = (performance.now() - scoreStart) / 1000;
console.log('| model | HR@10 full | NDCG@10 full | HR@10 sampled-100 | NDCG@10 sampled-100 |');
console.log('|---|---|---|---|---|');
console.log(
  `| SASRec | ${fmt(ev.full['HR@10'])} | ${fmt(ev.full['NDCG@10'])} | ${fmt(ev.sampled['HR@10'])} | ${fmt(ev.sampled['NDCG@10'])} |`,
);
console.log(
  `test: ${ev.full.count} users; full = ${ev.candidateSets.full}; sampled = ${ev.candidateSets.sampled}; scoring ${scoreSeconds.toFixed(1)} s`,
);
tf.dispose([...best.weights.values()]);
model.dispose();
