/**
 * LUM's heavy work, in the worker thread that owns the tensors: training a run (back end, vocabularies, model,
 * steps with metrics, atomic checkpoints, a stop flag read between steps), querying its knowledge (group query,
 * nearest items) and training the click rankers on it. Batches and dropout derive from (seed, step), so a run
 * resumed from its checkpoint at step k continues exactly as if it had never stopped.
 */
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { LumConfig, LumMetric, LumRankingReport, LumResolved, RankVariant } from '../../preload/api-lum';
import { WARMUP_FRACTION } from '../../preload/api-training';
import type { Db } from '../db/connection';
import { StudioError } from '../errors';
import { initBackend, type BackendChoice } from '../model/backend';
import { loadCheckpoint, readCheckpointHeader, saveCheckpoint } from '../model/checkpoint';
import { AdamW } from '../model/optimizer';
import { drawBatch, historyOf, queryRows, tokenCount, type Segment } from './batches';
import { DEFAULT_LUM_STEPS, readVocab, resolveShape, VOCAB_FILE } from './config';
import {
  buildVocab,
  conditionId,
  encodeUsers,
  itemFeatures,
  valuesOf,
  type EncodedUser,
  type ItemFeatures,
  type LumRows,
  type LumVocab,
} from './data';
import { LumModel, lumStep, type LumShape } from './model';
import { trainRanker, type RankerOptions } from './ranker';
import {
  buildRankerTable,
  joinColumns,
  lumFeatures,
  standardizeColumns,
  variantLabel,
  type Knowledge,
  type RankerTable,
} from './ranker-data';
import { readLumRows } from './sql';

export interface LumTrainJob {
  kind: 'train';
  runId: number;
  datasetId: number;
  runDir: string;
  config: LumConfig;
  /** The condition field, resolved by the service (null: no condition tokens). */
  field: string | null;
  resume: { file: string; step: number } | null;
  elapsedBefore: number;
}

export interface LumQueryJob {
  kind: 'query';
  runId: number;
  datasetId: number;
  runDir: string;
  checkpoint: { file: string; step: number };
  /** Users by dataset id with their whole history, or every user with a test window, their history before it. */
  users: string[] | 'test';
  conditions: string[];
  top: number;
  /** Send the interest vectors back (for an export). */
  vectors: boolean;
}

export interface LumRankJob {
  kind: 'rank';
  runId: number;
  datasetId: number;
  runDir: string;
  checkpoint: { file: string; step: number };
  variants: RankVariant[];
  seed: number;
  ranker?: Partial<RankerOptions>;
}

export type LumJob = LumTrainJob | LumQueryJob | LumRankJob;

export interface QueriedItem {
  extId: string;
  title: string | null;
  values: string[];
}
export interface QueriedUser {
  extId: string;
  history: (QueriedItem & { rating: number | null })[];
  historyLength: number;
  results: { condition: string; top: (QueriedItem & { score: number })[]; matching: number; mean: number; sd: number; vector?: number[] }[];
}
export interface QueryOutcome {
  runId: number;
  checkpoint: number;
  field: string | null;
  conditions: string[];
  users: QueriedUser[];
}

export type LumMessage =
  | { type: 'phase'; phase: string }
  | { type: 'ready'; backend: string; note: string; resolved: LumResolved; totalSteps: number | null; startStep: number }
  | { type: 'step'; metric: LumMetric }
  | { type: 'checkpoint'; step: number; file: string; bytes: number }
  | { type: 'done'; stopped: boolean; step: number }
  | { type: 'progress'; done: number; total: number; phase: string }
  | { type: 'queried'; result: QueryOutcome }
  | { type: 'ranked'; variant: RankVariant; auc: number; gauc: number; report: LumRankingReport }
  | { type: 'rankDone' };

type Send = (m: LumMessage) => void;

const backendLabel = (c: BackendChoice): string =>
  [c.backend === c.rung ? c.backend : `${c.backend} (${c.rung})`, c.detail].filter(Boolean).join(': ');

const writeAtomic = (file: string, text: string): void => {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
};

export async function runLumJob(db: Db, job: LumJob, send: Send, shouldStop: () => boolean): Promise<void> {
  if (job.kind === 'train') return train(db, job, send, shouldStop);
  if (job.kind === 'query') return query(db, job, send);
  return rank(db, job, send, shouldStop);
}

/** The dataset as LUM trains on it: the run's vocabularies (written once, read back on resume), users and item features. */
function trainingData(db: Db, job: LumTrainJob): { vocab: LumVocab; users: EncodedUser[]; f: ItemFeatures; pretrainPairs: number } {
  const rows = readLumRows(db, job.datasetId);
  const vocabFile = join(job.runDir, VOCAB_FILE);
  const vocab = existsSync(vocabFile) ? readVocab(job.runDir) : buildVocab(rows, job.field);
  if (!existsSync(vocabFile)) writeAtomic(vocabFile, JSON.stringify(vocab));
  const users = encodeUsers(rows, vocab);
  const f = itemFeatures(rows, vocab);
  const pretrainPairs = users.reduce((a, u) => a + u.windows.pretrainEnd, 0);
  if (pretrainPairs === 0) throw new StudioError('bad_input', 'the dataset has no behaviour to pretrain on');
  return { vocab, users, f, pretrainPairs };
}

/** The run's configuration as it resolved: the model's shape and size, the schedule, the data's counts. */
function resolvedOf(
  job: LumTrainJob,
  shape: LumShape,
  model: LumModel,
  data: ReturnType<typeof trainingData>,
  schedule: { steps: number | null; warmupSteps: number },
): LumResolved {
  const c = job.config;
  const counts = model.counts();
  return {
    name: c.name ?? `LUM on dataset ${job.datasetId}`,
    condition: data.vocab.field,
    preset: c.preset,
    layers: shape.layers,
    width: shape.width,
    heads: shape.heads,
    ffn: shape.ffn,
    contextLength: shape.contextLength,
    dropout: shape.dropout,
    temperature: shape.temperature,
    steps: schedule.steps,
    minutes: c.minutes ?? null,
    batchSize: c.batchSize,
    learningRate: c.learningRate,
    warmupSteps: schedule.warmupSteps,
    weightDecay: c.weightDecay,
    clipNorm: c.clipNorm,
    seed: c.seed,
    checkpointEvery: c.checkpointEvery,
    backend: c.backend,
    params: counts.params,
    nonEmbeddingParams: counts.nonEmbedding,
    items: data.vocab.itemIds.length,
    conditionValues: data.vocab.conditionValues.length,
    pretrainPairs: data.pretrainPairs,
    users: data.users.length,
  };
}

interface LumTraining {
  job: LumTrainJob;
  shape: LumShape;
  model: LumModel;
  optimizer: AdamW;
  data: ReturnType<typeof trainingData>;
  steps: number | null;
  send: Send;
  shouldStop: () => boolean;
}

/** Steps until the schedule, the time budget or a stop ends them; a final checkpoint unless one was just written. */
async function trainLumSteps(t: LumTraining, startStep: number): Promise<void> {
  const { job, shape, model, optimizer, steps, send } = t;
  const { users, f } = t.data;
  const c = job.config;
  let step = startStep;
  const started = performance.now();
  const elapsed = (): number => job.elapsedBefore + (performance.now() - started) / 1000;
  let saved = -1;
  const checkpoint = async (done: number): Promise<void> => {
    const file = join(job.runDir, `step-${String(done).padStart(7, '0')}.ckpt`);
    await saveCheckpoint(file, model, optimizer, { runId: job.runId, seed: c.seed, lum: shape });
    saved = done;
    send({ type: 'checkpoint', step: done, file, bytes: statSync(file).size });
  };
  let stopped = false;
  const timeUp = (): boolean => c.minutes !== undefined && elapsed() >= c.minutes * 60;
  for (; steps === null || step < steps; step++) {
    if (timeUp()) break;
    const t0 = performance.now();
    const batch = drawBatch(users, { rows: c.batchSize, length: shape.contextLength }, c.seed, step);
    const r = lumStep(model, batch, f, optimizer, step, c.seed);
    const tokens = tokenCount(batch);
    send({
      type: 'step',
      metric: {
        step,
        loss: r.loss,
        accuracy: r.accuracy,
        lr: r.lr,
        gradNorm: r.gradNorm,
        tokens,
        tokensPerSecond: tokens / ((performance.now() - t0) / 1000),
        elapsed: elapsed(),
      },
    });
    if (!Number.isFinite(r.loss)) throw new Error(`the loss became ${r.loss} at step ${step}: lower the learning rate`);
    const done = step + 1;
    stopped = t.shouldStop();
    if (done % c.checkpointEvery === 0 || done === steps || stopped) await checkpoint(done);
    if (stopped) {
      step = done;
      break;
    }
  }
  if (!stopped && step > 0 && saved !== step) await checkpoint(step);
  send({ type: 'done', stopped, step });
}

async function train(db: Db, job: LumTrainJob, send: Send, shouldStop: () => boolean): Promise<void> {
  const c = job.config;
  send({ type: 'phase', phase: 'starting the compute back end' });
  const choice = await initBackend(c.backend === 'auto' ? {} : { prefer: c.backend });
  const note = choice.skipped.length ? `skipped: ${choice.skipped.map((s) => `${s.rung} (${s.reason})`).join('; ')}` : '';

  send({ type: 'phase', phase: 'reading the dataset' });
  const data = trainingData(db, job);

  send({ type: 'phase', phase: 'building the model' });
  const shape = resolveShape(c, data.vocab);
  const model = new LumModel(shape, c.seed);
  const steps = c.minutes === undefined ? (c.steps ?? DEFAULT_LUM_STEPS) : null;
  const warmupSteps = c.warmupSteps ?? (steps === null ? 20 : Math.round(WARMUP_FRACTION * steps));
  const resolved = resolvedOf(job, shape, model, data, { steps, warmupSteps });
  const optimizer = new AdamW(model.trainable(), {
    lr: c.learningRate,
    warmupSteps,
    // A time-bounded run has no step count: after warm-up its learning rate stays at the peak.
    totalSteps: steps ?? Number.POSITIVE_INFINITY,
    weightDecay: c.weightDecay,
    clipNorm: c.clipNorm,
  });
  let step = 0;
  if (job.resume) step = (await loadCheckpoint(job.resume.file, model, optimizer)).step ?? job.resume.step;
  send({ type: 'ready', backend: backendLabel(choice), note, resolved, totalSteps: steps, startStep: step });
  await trainLumSteps({ job, shape, model, optimizer, data, steps, send, shouldStop }, step);
  optimizer.dispose();
  model.dispose();
}

interface Loaded {
  model: LumModel;
  vocab: LumVocab;
  rows: LumRows;
  users: EncodedUser[];
  f: ItemFeatures;
}

/** The back end, the dataset in the run's index space, and the model with the checkpoint's weights. */
async function load(db: Db, job: LumQueryJob | LumRankJob, send: Send): Promise<Loaded> {
  send({ type: 'phase', phase: 'starting the compute back end' });
  await initBackend();
  send({ type: 'phase', phase: 'loading the run' });
  const vocab = readVocab(job.runDir);
  const header = await readCheckpointHeader(job.checkpoint.file);
  const shape = header.meta.lum as LumShape | undefined;
  if (!shape) throw new StudioError('bad_input', `${job.checkpoint.file} is not a LUM checkpoint`);
  const model = new LumModel(shape, 0);
  await loadCheckpoint(job.checkpoint.file, model, null);
  const rows = readLumRows(db, job.datasetId);
  return { model, vocab, rows, users: encodeUsers(rows, vocab), f: itemFeatures(rows, vocab) };
}

/** Interest vectors [users, queries, d] of one group-query pass per user over the given history ends. */
export function interestVectors(
  model: LumModel,
  f: ItemFeatures,
  users: readonly EncodedUser[],
  ends: readonly number[],
  conds: readonly number[],
  onChunk?: (done: number) => void,
): Float32Array {
  const d = model.shape.width;
  const maxPairs = Math.floor(model.shape.contextLength / 2);
  const out = new Float32Array(users.length * conds.length * d);
  const CHUNK = 64;
  for (let s = 0; s < users.length; s += CHUNK) {
    const part = users.slice(s, s + CHUNK);
    const histories: Segment[] = part.map((u, k) => historyOf(u, ends[s + k]!, maxPairs));
    const v = model.queryVectors(
      queryRows(
        histories,
        part.map(() => conds),
      ),
      f,
    );
    out.set(v.dataSync() as Float32Array, s * conds.length * d);
    v.dispose();
    onChunk?.(Math.min(users.length, s + CHUNK));
  }
  return out;
}

async function query(db: Db, job: LumQueryJob, send: Send): Promise<void> {
  const { model, vocab, rows, users, f } = await load(db, job, send);
  const conds = job.conditions.map((c) => conditionId(vocab, c));
  let picked: EncodedUser[];
  let ends: number[];
  if (job.users === 'test') {
    picked = users.filter((u) => u.windows.rankEnd < u.windows.n && u.windows.rankEnd > 0);
    ends = picked.map((u) => u.windows.rankEnd);
  } else {
    const byExt = new Map(users.map((u) => [u.extId, u]));
    const missing = job.users.filter((x) => !byExt.has(x));
    if (missing.length) throw new StudioError('bad_input', `no user ${missing.slice(0, 5).join(', ')} in the dataset`, { field: 'users' });
    picked = job.users.map((x) => byExt.get(x)!);
    ends = picked.map((u) => u.windows.n);
  }
  const total = picked.length;
  send({ type: 'progress', done: 0, total, phase: 'querying' });
  const d = model.shape.width;
  const Q = conds.length;
  const vectors = interestVectors(model, f, picked, ends, conds, (done) => send({ type: 'progress', done, total, phase: 'querying' }));
  const items = model.allItemEmbeddings(f);
  const N = f.count;
  const itemById = new Map(rows.items.map((it) => [it.id, it]));
  const describe = (index: number): QueriedItem => {
    const it = itemById.get(vocab.itemIds[index - 1]!);
    return { extId: it?.extId ?? String(index), title: it?.title ?? null, values: vocab.field ? valuesOf(it?.attrs[vocab.field]) : [] };
  };
  const out: QueriedUser[] = [];
  const CHUNK = 64;
  for (let s = 0; s < picked.length; s += CHUNK) {
    const part = picked.slice(s, s + CHUNK);
    const scores = tf.tidy(() =>
      tf.matMul(tf.tensor2d(vectors.subarray(s * Q * d, (s + part.length) * Q * d), [part.length * Q, d]), items, false, true),
    );
    const host = scores.dataSync() as Float32Array;
    scores.dispose();
    part.forEach((u, k) => {
      const end = ends[s + k]!;
      const seen = new Set(u.items.subarray(0, end));
      const history = [];
      for (let p = end - 1; p >= Math.max(0, end - 30); p--) history.push({ ...describe(u.items[p]!), rating: u.ratings[p] ?? null });
      const results = job.conditions.map((condition, q) => {
        const row = host.subarray((k * Q + q) * N, (k * Q + q + 1) * N);
        let sum = 0;
        let sq = 0;
        for (let i = 1; i < N; i++) {
          sum += row[i]!;
          sq += row[i]! * row[i]!;
        }
        const mean = sum / (N - 1);
        const top = topIndices(row, job.top, (i) => i > 0 && !seen.has(i));
        const value = condition.slice(condition.indexOf('=') + 1).trim();
        const described = top.map((i) => ({ ...describe(i), score: row[i]! }));
        const base = (s + k) * Q * d + q * d;
        return {
          condition,
          top: described,
          matching: described.length ? described.filter((x) => x.values.includes(value)).length / described.length : 0,
          mean,
          sd: Math.sqrt(Math.max(0, sq / (N - 1) - mean * mean)),
          ...(job.vectors ? { vector: Array.from(vectors.subarray(base, base + d)) } : {}),
        };
      });
      out.push({ extId: u.extId, history, historyLength: end, results });
    });
  }
  items.dispose();
  model.dispose();
  send({
    type: 'queried',
    result: { runId: job.runId, checkpoint: job.checkpoint.step, field: vocab.field, conditions: job.conditions, users: out },
  });
}

/** Indices of the k largest values among those `keep` accepts, largest first. */
export function topIndices(values: ArrayLike<number>, k: number, keep: (i: number) => boolean): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (!keep(i)) continue;
    if (best.length === k && values[i]! <= values[best[k - 1]!]!) continue;
    let at = best.length < k ? best.length : k - 1;
    if (best.length < k) best.push(i);
    while (at > 0 && values[best[at - 1]!]! < values[i]!) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = i;
  }
  return best;
}

/** The queries of the ranker: every condition value (at most 32, the commonest), or the null condition. */
export const RANK_QUERIES = 32;

/**
 * What the ranker reads of LUM: for every ranked user, one group query over the history before its training
 * window and one over the history before its test window, each asking every condition; and every item's embedding.
 */
export function knowledgeOf(
  model: LumModel,
  f: ItemFeatures,
  rows: LumRows,
  vocab: LumVocab,
  table: RankerTable,
  onProgress?: (done: number) => void,
): Knowledge {
  const conds = vocab.field === null ? [0] : Array.from({ length: Math.min(RANK_QUERIES, vocab.conditionValues.length) }, (_, i) => i + 1);
  const ranked = table.ranked;
  const before = interestVectors(
    model,
    f,
    ranked,
    ranked.map((u) => u.windows.pretrainEnd),
    conds,
    onProgress,
  );
  const after = interestVectors(
    model,
    f,
    ranked,
    ranked.map((u) => u.windows.rankEnd),
    conds,
    (d) => onProgress?.(ranked.length + d),
  );
  const vectors = new Float32Array(before.length * 2);
  vectors.set(before);
  vectors.set(after, before.length);
  const e = model.allItemEmbeddings(f);
  const items = (e.dataSync() as Float32Array).slice();
  e.dispose();
  const slotOf = new Map(conds.map((c, q) => [c, q]));
  const condIndex = new Map(vocab.conditionValues.map((v, i) => [v, i + 1]));
  const itemById = new Map(rows.items.map((it) => [it.id, it]));
  return {
    vectors,
    queries: conds.length,
    width: model.shape.width,
    items,
    querySlots: (index) => {
      if (vocab.field === null) return [0];
      const it = itemById.get(vocab.itemIds[index - 1]!);
      return valuesOf(it?.attrs[vocab.field])
        .map((v) => slotOf.get(condIndex.get(v) ?? -1))
        .filter((q): q is number => q !== undefined);
    },
  };
}

async function rank(db: Db, job: LumRankJob, send: Send, shouldStop: () => boolean): Promise<void> {
  const needsLum = job.variants.some((v) => v !== 'without');
  const { model, vocab, rows, users, f } = await load(db, job, send);
  send({ type: 'phase', phase: 'building the ranker rows' });
  const table = buildRankerTable(rows, users, vocab, job.seed);
  let knowledge: Knowledge | null = null;
  if (needsLum) {
    const total = 2 * table.ranked.length;
    knowledge = knowledgeOf(model, f, rows, vocab, table, (done) =>
      send({ type: 'progress', done, total, phase: 'querying LUM for every user (group query)' }),
    );
  }
  model.dispose();
  for (const variant of job.variants) {
    if (shouldStop()) break;
    const started = performance.now();
    const input = rankerInput(table, knowledge, variant, vocab.itemIds.length + 1, users.length + 1);
    const epochs = job.ranker?.epochs ?? 12;
    send({ type: 'progress', done: 0, total: epochs, phase: `training the ranker ${variantLabel(variant)}` });
    const r = trainRanker(input.input, { seed: job.seed, ...job.ranker }, (epoch, a) =>
      send({
        type: 'progress',
        done: epoch,
        total: epochs,
        phase: `ranker ${variantLabel(variant)}: epoch ${epoch}, validation AUC ${a.toFixed(4)}`,
      }),
    );
    send({
      type: 'ranked',
      variant,
      auc: r.auc,
      gauc: r.gauc,
      report: {
        trainRows: r.trainRows,
        validRows: r.validRows,
        testRows: r.testRows,
        testUsers: r.testUsers,
        positiveShare: r.positiveShare,
        features: input.features,
        epochs: r.epochs,
        bestEpoch: r.bestEpoch,
        validAuc: r.validAuc,
        curve: r.curve,
        seed: job.seed,
        seconds: (performance.now() - started) / 1000,
      },
    });
  }
  send({ type: 'rankDone' });
}

/** The ranker's input for one variant: the shared columns, plus LUM's, standardised on the training rows. */
export function rankerInput(
  table: RankerTable,
  knowledge: Knowledge | null,
  variant: RankVariant,
  itemCount: number,
  userCount: number,
): { input: Parameters<typeof trainRanker>[0]; features: number } {
  let dense: Float32Array = table.base.slice();
  let width = table.baseNames.length;
  if (variant !== 'without') {
    if (!knowledge) throw new Error('internal: LUM features asked for without the knowledge');
    const lum = lumFeatures(table, knowledge, variant);
    dense = joinColumns(table.rows, dense, lum.values);
    width += lum.names.length;
  }
  standardizeColumns(dense, table.rows, table.part);
  return {
    input: {
      rows: table.rows,
      dense,
      width,
      users: table.users,
      userCount,
      items: table.items,
      itemCount,
      labels: table.labels,
      part: table.part,
      groups: table.groups,
    },
    features: width,
  };
}
