/**
 * Writes a run as a bundle (in the worker that owns the tensors): the model the runner would train, at a
 * checkpoint or at its initial weights, the batches drawBatch gives for the bundled steps, the studio's loss and
 * gradients for the first of them, the tokenizer, the trainer script and its README. Everything goes to a
 * temporary folder that is renamed into place at the end, so a failed export leaves nothing behind.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Db } from '../db/connection';
import { initBackend } from '../model/backend';
import { loadCheckpoint } from '../model/checkpoint';
import { createGlm, type Glm } from '../model/glm';
import { addLora } from '../model/lora';
import { ADAMW_DEFAULTS, AdamW, FINAL_LR_FRACTION } from '../model/optimizer';
import { stepSeed } from '../model/train-step';
import type { ModelConfig } from '../model/types';
import type { ResolvedConfig, RunConfig } from '../training/config';
import { drawBatch } from '../training/corpus';
import { batchPlan, runCorpus, type ItemIdSetRef } from '../training/runner';
import { VERSION } from '../version';
import { ItemIdStore } from '../itemids/sql';
import { BUNDLE_FORMAT, BUNDLE_VERSION, FILES, type ItemIdsFile, Manifest, MOMENT1, MOMENT2, WEIGHTS_FORMAT } from './format';
import { readmeFor } from './readme';
import { encodeSafetensors, type NamedTensor } from './safetensors';
import { batchTensors, realTokens, SHARD_BYTES, SHARD_STEPS } from './shards';

const README_TEMPLATE = 'README.template.md';

export interface ExportJob {
  runId: number;
  runName: string;
  datasetId: number;
  datasetName: string;
  runDir: string;
  config: RunConfig;
  /** The run's configuration as it resolved when it started (model shape, steps, warm-up, family weights). */
  resolved: ResolvedConfig;
  /** The checkpoint to start from; null for the run's initial weights (step 0). */
  checkpoint: { file: string; step: number } | null;
  /** Where a run `from` another starts when it has no checkpoint of its own. */
  source: { checkpoint: string; tokenizer: string } | null;
  /** The identifier set the run writes items with (its resolved configuration names it). */
  itemIdSet: ItemIdSetRef | null;
  /** Steps to bundle; null: up to the end of the run's schedule. */
  steps: number | null;
  /** The folder to create (must not exist, or be empty). */
  out: string;
  /** resources/bundle: train.py and the README template. */
  scriptDir: string;
}

export type ExportMessage =
  | { type: 'phase'; phase: string }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; manifest: Manifest; bytes: number };

/** The run's model and optimizer at the starting point, built exactly as the runner builds them. */
async function startingModel(
  job: ExportJob,
  model: ModelConfig,
  totalSteps: number,
): Promise<{ glm: Glm; optimizer: AdamW; step: number }> {
  const c = job.config;
  const glm = createGlm(model, c.seed);
  if (job.source && !job.checkpoint) await loadCheckpoint(job.source.checkpoint, glm, null);
  if (c.lora) addLora(glm, { rank: c.lora.rank, alpha: c.lora.alpha, targets: c.lora.targets }, c.seed);
  const optimizer = new AdamW(glm.trainable(), {
    lr: c.learningRate,
    warmupSteps: job.resolved.warmupSteps,
    totalSteps,
    weightDecay: c.weightDecay,
    clipNorm: c.clipNorm,
  });
  let step = 0;
  if (job.checkpoint) step = (await loadCheckpoint(job.checkpoint.file, glm, optimizer)).step ?? job.checkpoint.step;
  return { glm, optimizer, step };
}

const flat = async (t: tf.Tensor): Promise<Float32Array> => ((await t.data()) as Float32Array).slice();

/** The studio's loss and gradients for one batch in training mode (the step's dropout), with no update. */
function studioGradients(glm: Glm, batch: ReturnType<typeof drawBatch>['batch'], seed: number, step: number) {
  const trainable = glm.trainable();
  const { value, grads } = tf.variableGrads(
    () => glm.loss(batch, { training: true, seed: stepSeed(seed, step) }).loss,
    [...trainable.values()],
  );
  return { value, grads: new Map([...trainable].map(([name, v]) => [name, grads[v.name]!] as const)) };
}

/** Refuses an output folder that holds anything: a bundle is written whole or not at all. */
export function checkOutFolder(out: string): void {
  if (existsSync(out) && readdirSync(out).length > 0) throw new Error(`${out} exists and is not empty: choose a new folder for the bundle`);
  if (!existsSync(dirname(out))) throw new Error(`${dirname(out)} does not exist`);
}

export async function writeBundle(db: Db, job: ExportJob, send: (m: ExportMessage) => void): Promise<void> {
  checkOutFolder(job.out);
  const c = job.config;
  const r = job.resolved;
  send({ type: 'phase', phase: 'starting the compute back end' });
  const choice = await initBackend(c.backend === 'auto' ? {} : { prefer: c.backend });

  send({ type: 'phase', phase: 'reading the dataset, templates and tokenizer' });
  const tokFile = join(job.runDir, FILES.tokenizer);
  if (!existsSync(tokFile)) throw new Error(`run ${job.runId} has no tokenizer yet (${tokFile}): start the run first`);
  const corpus = runCorpus(db, job, (phase) => send({ type: 'phase', phase }));

  const model: ModelConfig = { ...r.model, dropout: c.dropout };
  const totalSteps = r.pretrainSteps + r.steps;
  send({ type: 'phase', phase: 'building the model' });
  const { glm, optimizer, step: start } = await startingModel(job, model, totalSteps);
  const end = start + (job.steps ?? totalSteps - start);
  if (end <= start)
    throw new Error(
      `run ${job.runId} has finished its ${totalSteps} steps at step ${start}: give the number of steps to bundle (--steps N)`,
    );

  const tmp = join(dirname(job.out), `.${basename(job.out)}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(join(tmp, FILES.shards), { recursive: true });
  try {
    send({ type: 'phase', phase: `drawing the batches of steps ${start}–${end - 1}` });
    const labelIndex = new Map<string, number>();
    const shards: Manifest['shards'] = [];
    let pending: NamedTensor[] = [];
    let pendingBytes = 0;
    let firstStep = start;
    let tokens = 0;
    const flush = (upTo: number): void => {
      if (!pending.length) return;
      const file = `${FILES.shards}/shard-${String(shards.length).padStart(5, '0')}.safetensors`;
      writeFileSync(join(tmp, file), encodeSafetensors(pending, { format: BUNDLE_FORMAT, firstStep: String(firstStep) }));
      shards.push({ file, firstStep, steps: upTo - firstStep });
      pending = [];
      pendingBytes = 0;
      firstStep = upTo;
    };
    let first: ReturnType<typeof drawBatch>['batch'] | null = null;
    for (let step = start; step < end; step++) {
      const drawn = drawBatch(corpus, batchPlan(c, r, step < r.pretrainSteps ? 'pretrain' : 'finetune'), step);
      if (step === start) first = drawn.batch;
      const rows = drawn.labels.map((l) => {
        if (!labelIndex.has(l)) labelIndex.set(l, labelIndex.size);
        return labelIndex.get(l)!;
      });
      const tensors = batchTensors(step, drawn.batch, rows);
      pending.push(...tensors);
      pendingBytes += tensors.reduce((n, t) => n + t.data.byteLength, 0);
      tokens += realTokens(drawn.batch);
      if (pendingBytes >= SHARD_BYTES || step + 1 - firstStep >= SHARD_STEPS) flush(step + 1);
      if ((step - start) % 50 === 0 || step + 1 === end) send({ type: 'progress', done: step + 1 - start, total: end - start });
    }
    flush(end);

    send({ type: 'phase', phase: 'computing the studio loss and gradients of the first batch' });
    const { value, grads } = studioGradients(glm, first!, c.seed, start);
    const studioLoss = (await value.data())[0]!;
    const gradTensors: NamedTensor[] = [];
    for (const [name, g] of grads) gradTensors.push({ name, shape: g.shape, data: await flat(g) });
    tf.dispose([value, ...grads.values()]);
    writeFileSync(join(tmp, FILES.parity), encodeSafetensors(gradTensors, { format: WEIGHTS_FORMAT, step: String(start) }));

    send({ type: 'phase', phase: 'writing the weights' });
    const weights: NamedTensor[] = [];
    for (const [name, v] of glm.params) weights.push({ name, shape: v.shape, data: await flat(v) });
    // Moments only where the run has taken steps: a fresh AdamW's are zeros, and torch starts from nothing the same.
    if (optimizer.step > 0) {
      const state = await optimizer.exportState();
      for (const name of optimizer.names()) {
        const shape = glm.param(name).shape;
        weights.push({ name: MOMENT1 + name, shape, data: state.m.get(name)! }, { name: MOMENT2 + name, shape, data: state.v.get(name)! });
      }
    }
    writeFileSync(
      join(tmp, FILES.weights),
      encodeSafetensors(weights, {
        format: WEIGHTS_FORMAT,
        step: String(start),
        adamStep: String(optimizer.step),
        runId: String(job.runId),
        model: JSON.stringify(model),
        lora: JSON.stringify(glm.lora),
      }),
    );

    let itemIds: Manifest['itemIds'] = null;
    if (job.itemIdSet) {
      // The shards already hold the identifiers as token ids; the list lets a PyTorch user read them back as items.
      const set = job.itemIdSet;
      const file: ItemIdsFile = {
        name: set.name,
        version: set.version,
        scheme: set.scheme,
        items: new ItemIdStore(db).codes(set.id).map((x) => ({ item: x.extId, identifier: x.identifier, codes: x.codes, cold: x.cold })),
      };
      writeFileSync(join(tmp, FILES.itemIds), `${JSON.stringify(file)}\n`);
      itemIds = { name: set.name, version: set.version, scheme: set.scheme, items: file.items.length, file: FILES.itemIds };
    }

    const manifest: Manifest = Manifest.parse({
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      createdAt: new Date().toISOString(),
      studioVersion: VERSION,
      run: { id: job.runId, name: job.runName, dataset: job.datasetName, config: { ...c }, resolved: { ...r } },
      model,
      lora: glm.lora ? { ...glm.lora, targets: [...glm.lora.targets] } : null,
      params: [...glm.params].map(([name, v]) => ({ name, shape: v.shape, trainable: v.trainable })),
      optimizer: {
        lr: c.learningRate,
        warmupSteps: r.warmupSteps,
        totalSteps,
        finalLrFraction: FINAL_LR_FRACTION,
        beta1: ADAMW_DEFAULTS.beta1,
        beta2: ADAMW_DEFAULTS.beta2,
        eps: ADAMW_DEFAULTS.eps,
        weightDecay: c.weightDecay,
        clipNorm: c.clipNorm,
      },
      seed: c.seed,
      batchSize: c.batchSize,
      startStep: start,
      endStep: end,
      adamStep: optimizer.step,
      checkpointEvery: c.checkpointEvery,
      rowLabels: [...labelIndex.keys()],
      itemIds,
      shards,
      tokens,
      parity: { step: start, studioLoss, backend: choice.backend, gradients: FILES.parity },
    });
    copyFileSync(tokFile, join(tmp, FILES.tokenizer));
    copyFileSync(join(job.scriptDir, FILES.script), join(tmp, FILES.script));
    writeFileSync(join(tmp, FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(tmp, FILES.readme), readmeFor(manifest, readFileSync(join(job.scriptDir, README_TEMPLATE), 'utf8')));
    if (existsSync(job.out)) rmSync(job.out, { recursive: true });
    renameSync(tmp, job.out);
    const bytes = folderBytes(job.out);
    send({ type: 'done', manifest, bytes });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  } finally {
    glm.dispose();
    optimizer.dispose();
  }
}

/** Bytes under a folder, every file counted. */
export function folderBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true }))
    n += e.isDirectory() ? folderBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
}
