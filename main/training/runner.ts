/**
 * One training run, start to finish, in the worker thread that owns the tensors: back end, data, tokenizer,
 * model (optionally from another run's checkpoint, with LoRA), then steps with metrics, checkpoints written
 * atomically, and a stop flag read between steps. Batches and dropout derive from (seed, step), so a run
 * resumed from its checkpoint at step k continues exactly as if it had never stopped.
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Db } from '../db/connection';
import { initBackend } from '../model/backend';
import { loadCheckpoint, readCheckpointHeader, saveCheckpoint } from '../model/checkpoint';
import { createGlm } from '../model/glm';
import { addLora } from '../model/lora';
import { AdamW } from '../model/optimizer';
import { Tokenizer } from '../model/tokenizer';
import { trainStep } from '../model/train-step';
import type { ModelConfig } from '../model/types';
import type { MetricPoint, ValidationPoint } from '../../preload/api-training';
import { compileSpec } from '../templates/examples';
import { loadExampleData } from '../templates/load';
import { TemplateStore } from '../templates/sql';
import { EntityStore } from '../entities/sql';
import { effectiveProfile } from '../entities/profile';
import { StudioError } from '../errors';
import { ItemIdStore } from '../itemids/sql';
import type { Rich } from '../templates/lang/index';
import { resolveConfig, resolveModel, type ResolvedConfig, type RunConfig } from './config';
import { buildCorpus, drawBatch, validationBatches, type BatchPlan, type Corpus, type FamilyName } from './corpus';
import { validationEvery, validationLoss } from './validation';
import { identifierRecords } from './identifier-records';

export interface TrainJob {
  runId: number;
  datasetId: number;
  datasetName: string;
  runDir: string;
  config: RunConfig;
  /** Continue from this checkpoint (written by this run). */
  resume: { file: string; step: number } | null;
  /** Start from another run's weights and tokenizer (config.from). */
  source: { checkpoint: string; tokenizer: string } | null;
  /** Seconds the run trained before this attempt, so elapsed time keeps counting across resumes. */
  elapsedBefore: number;
  /** The identifier set items are written with (config.itemIds, resolved when the run first started); null: titles. */
  itemIdSet: ItemIdSetRef | null;
  /** A time-budgeted run that already measured its speed keeps the step counts it chose then. */
  calibrated: Calibrated | null;
}

export interface ItemIdSetRef {
  id: number;
  name: string;
  version: number;
  scheme: string;
}

/** Step counts a time-budgeted run chose from its measured speed. */
export interface Calibrated {
  pretrainSteps: number;
  steps: number;
  warmupSteps: number;
}

/** Steps a time-budgeted run takes before it sizes itself, the first few of them untimed. */
export const CALIBRATION_STEPS = 30;
const CALIBRATION_WARMUP = 5;

export type TrainMessage =
  | { type: 'phase'; phase: string }
  | {
      type: 'ready';
      backend: string;
      note: string;
      resolved: ResolvedConfig;
      totalSteps: number;
      startStep: number;
      trainExamples: Record<string, number>;
    }
  /** A time-budgeted run sized itself: its step counts and total changed. */
  | { type: 'resolved'; resolved: ResolvedConfig; totalSteps: number }
  | { type: 'step'; metric: MetricPoint; tensors: number }
  | { type: 'validation'; point: ValidationPoint }
  | { type: 'checkpoint'; step: number; file: string; bytes: number }
  | { type: 'done'; stopped: boolean; step: number; budget?: boolean };

const writeAtomic = (file: string, text: string): void => {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
};

/** What `runCorpus` reads of a run. */
export type CorpusJob = Pick<TrainJob, 'datasetId' | 'datasetName' | 'runDir' | 'config' | 'source' | 'itemIdSet'>;

/**
 * A run's corpus exactly as its training reads it: the dataset (with the run's identifiers), its templates and its
 * tokenizer (the run's own, else its source's, else trained here). The bundle export draws its batches from it.
 */
export function runCorpus(db: Db, job: CorpusJob, phase: (phase: string) => void = () => undefined): Corpus {
  const c = job.config;
  const data = loadExampleData(db, job.datasetId, job.datasetName);
  let texts: Rich[] | undefined;
  if (job.itemIdSet) {
    const codes = new ItemIdStore(db).codes(job.itemIdSet.id);
    if (codes.length === 0)
      throw new StudioError('not_found', `identifier set ${job.itemIdSet.name} v${job.itemIdSet.version} has no codes`);
    data.identifiers = new Map(codes.map((x) => [x.itemId, x.identifier]));
    const entities = new EntityStore(db);
    texts = identifierRecords(effectiveProfile(entities, job.datasetId).profile, entities.users(job.datasetId), data);
  }
  const only = c.templates ? new Set(c.templates) : null;
  const specs = new TemplateStore(db)
    .list()
    .filter((t) => !only || only.has(t.id))
    .map((t) => compileSpec(t));

  const tokFile = join(job.runDir, 'tokenizer.json');
  let tokenizer: Tokenizer | undefined;
  if (existsSync(tokFile)) tokenizer = Tokenizer.fromJSON(JSON.parse(readFileSync(tokFile, 'utf8')));
  else if (job.source) tokenizer = Tokenizer.fromJSON(JSON.parse(readFileSync(job.source.tokenizer, 'utf8')));
  phase(tokenizer ? 'building examples' : 'training the tokenizer and building examples');
  const families = c.families as FamilyName[];
  const vocabWanted = resolveModel(c).vocabSize;
  return buildCorpus(data, specs, families, c.splitSeed, vocabWanted, tokenizer, c.seed, texts);
}

/** The batch plan of a phase of a run, as its training draws batches (`resolved.model` is the model's shape). */
export function batchPlan(c: RunConfig, resolved: ResolvedConfig, phase: BatchPlan['phase']): BatchPlan {
  return {
    phase,
    maxLength: resolved.model.maxLength,
    batchSize: c.batchSize,
    mode: c.spanOrder,
    objectives: c.objectives,
    familyWeights: resolved.familyWeights,
  };
}

export async function runTraining(db: Db, job: TrainJob, send: (m: TrainMessage) => void, shouldStop: () => boolean): Promise<void> {
  const c = job.config;
  send({ type: 'phase', phase: 'starting the compute back end' });
  const choice = await initBackend(c.backend === 'auto' ? {} : { prefer: c.backend });
  const note = choice.skipped.length ? `skipped: ${choice.skipped.map((s) => `${s.rung} (${s.reason})`).join('; ')}` : '';

  send({ type: 'phase', phase: 'reading the dataset and templates' });
  const corpus = runCorpus(db, job, (phase) => send({ type: 'phase', phase }));
  const tokFile = join(job.runDir, 'tokenizer.json');
  if (!existsSync(tokFile)) writeAtomic(tokFile, JSON.stringify(corpus.tokenizer.toJSON()));

  const trainExamples = Object.fromEntries([...corpus.refs].map(([f, list]) => [f, list.length]));
  const total = Object.values(trainExamples).reduce((a, b) => a + b, 0);
  const resolved = resolveConfig(c, total, `run ${job.runId}`);
  let modelConfig: ModelConfig = { ...resolved.model, vocabSize: corpus.tokenizer.vocabSize };
  // A resumed run continues with the shape it was saved with; a run from another run takes that run's shape.
  const shaped = job.resume?.file ?? job.source?.checkpoint;
  if (shaped) modelConfig = { ...(await readCheckpointHeader(shaped)).config, dropout: c.dropout };
  if (modelConfig.vocabSize !== corpus.tokenizer.vocabSize)
    throw new StudioError(
      'bad_input',
      `the checkpoint it starts from has a vocabulary of ${modelConfig.vocabSize} tokens, the run's tokenizer ${corpus.tokenizer.vocabSize}: fine-tune from a run trained with the same itemIds`,
      { field: 'itemIds' },
    );
  resolved.model = modelConfig;
  resolved.itemIdSet = job.itemIdSet;
  resolved.trainExamples = Object.fromEntries((c.families as FamilyName[]).map((f) => [f, trainExamples[f] ?? 0]));
  if (job.calibrated) Object.assign(resolved, job.calibrated);
  let totalSteps = resolved.pretrainSteps + resolved.steps;
  if (resolved.pretrainSteps > 0 && corpus.records.length === 0)
    throw new Error('pretrainSteps needs textualized records: textualize the dataset on the Entities page, or set pretrainSteps to 0');

  send({ type: 'phase', phase: 'building the model' });
  const model = createGlm(modelConfig, c.seed);
  if (job.source && !job.resume) await loadCheckpoint(job.source.checkpoint, model, null);
  if (c.lora) addLora(model, { rank: c.lora.rank, alpha: c.lora.alpha, targets: c.lora.targets }, c.seed);
  const optimizer = new AdamW(model.trainable(), {
    lr: c.learningRate,
    warmupSteps: resolved.warmupSteps,
    totalSteps,
    weightDecay: c.weightDecay,
    clipNorm: c.clipNorm,
  });
  let step = 0;
  if (job.resume) {
    const header = await loadCheckpoint(job.resume.file, model, optimizer);
    step = header.step ?? job.resume.step;
  }
  send({
    type: 'ready',
    backend: [choice.backend === choice.rung ? choice.backend : `${choice.backend} (${choice.rung})`, choice.detail]
      .filter(Boolean)
      .join(': '),
    note,
    resolved,
    totalSteps,
    startStep: step,
    trainExamples,
  });

  const started = performance.now();
  const checkpoint = async (done: number): Promise<void> => {
    const file = join(job.runDir, `step-${String(done).padStart(7, '0')}.ckpt`);
    await saveCheckpoint(file, model, optimizer, { runId: job.runId, seed: c.seed });
    send({ type: 'checkpoint', step: done, file, bytes: statSync(file).size });
  };
  let stopped = false;
  let budgetReached = false;
  const budget = c.minutes === undefined ? null : c.minutes * 60;
  const plan = (phase: BatchPlan['phase']): BatchPlan => batchPlan(c, resolved, phase);
  const calibrateAt = budget !== null && !job.calibrated && step < CALIBRATION_STEPS ? CALIBRATION_STEPS : -1;
  // The first steps pay for kernel set-up and cold caches: calibration times the steps after them.
  let timedFrom = started;
  const validation = validationBatches(corpus, plan('finetune'));
  for (; step < totalSteps; step++) {
    if (step === CALIBRATION_WARMUP) timedFrom = performance.now();
    if (step === calibrateAt) {
      const perStep = (performance.now() - timedFrom) / 1000 / (CALIBRATION_STEPS - CALIBRATION_WARMUP);
      const sized = calibrate(corpus, plan, resolved, perStep, budget! - (performance.now() - started) / 1000, c.warmupSteps, step);
      Object.assign(resolved, sized, { calibrated: true });
      totalSteps = resolved.pretrainSteps + resolved.steps;
      optimizer.options.totalSteps = totalSteps;
      optimizer.options.warmupSteps = resolved.warmupSteps;
      send({ type: 'resolved', resolved, totalSteps });
      if (step >= totalSteps) break;
    }
    const phase = step < resolved.pretrainSteps ? 'pretrain' : 'finetune';
    const t0 = performance.now();
    const drawn = drawBatch(corpus, plan(phase), step);
    const r = trainStep(model, drawn.batch, optimizer, step, c.seed);
    const seconds = (performance.now() - t0) / 1000;
    let tokens = 0;
    for (let i = 0; i < drawn.batch.tokens.length; i++) if (drawn.batch.tokens[i] !== 0) tokens++;
    const sums = new Map<string, { s: number; n: number }>();
    drawn.labels.forEach((label, row) => {
      const e = sums.get(label) ?? { s: 0, n: 0 };
      e.s += r.perRow[row]!;
      e.n++;
      sums.set(label, e);
    });
    const byFamily = Object.fromEntries([...sums].map(([k, v]) => [k, v.s / v.n]));
    send({
      type: 'step',
      metric: {
        step,
        phase,
        loss: r.loss,
        lr: r.lr,
        gradNorm: r.gradNorm,
        tokensPerSecond: tokens / seconds,
        elapsed: job.elapsedBefore + (performance.now() - started) / 1000,
        byFamily,
      },
      tensors: tf.memory().numTensors,
    });
    if (!Number.isFinite(r.loss)) throw new Error(`the loss became ${r.loss} at step ${step}: lower the learning rate`);
    const done = step + 1;
    stopped = shouldStop();
    budgetReached = budget !== null && job.elapsedBefore + (performance.now() - started) / 1000 >= budget;
    const last = done === totalSteps || stopped || budgetReached;
    if (phase === 'finetune' && validation.length > 0 && (last || done % validationEvery(totalSteps, validation.length) === 0))
      send({ type: 'validation', point: { step, ...validationLoss(model, validation) } });
    if (done % c.checkpointEvery === 0 || done === totalSteps || stopped || budgetReached) await checkpoint(done);
    if (stopped || budgetReached) {
      step = done;
      break;
    }
  }
  send({ type: 'done', stopped, step: Math.min(step, totalSteps), ...(budgetReached ? { budget: true } : {}) });
}

/**
 * Sizes a time-budgeted run: `secondsPerStep` was measured on the phase calibration ran in; the other phase's
 * step time is scaled by its batches' token count (drawn, not trained). Both step counts scale by one factor,
 * keeping the configured ratio, so that the whole schedule fills the budget (`budget`: the seconds left, with
 * `done` steps already taken).
 */
function calibrate(
  corpus: Corpus,
  plan: (phase: BatchPlan['phase']) => BatchPlan,
  resolved: ResolvedConfig,
  secondsPerStep: number,
  budget: number,
  warmup: number | undefined,
  done: number,
): Calibrated {
  const tokens = (phase: BatchPlan['phase']): number => {
    let sum = 0;
    for (let k = 0; k < 8; k++) sum += drawBatch(corpus, plan(phase), 1_000_000 + k).batch.tokens.length;
    return sum / 8;
  };
  const measured: BatchPlan['phase'] = resolved.pretrainSteps > 0 ? 'pretrain' : 'finetune';
  const perToken = secondsPerStep / tokens(measured);
  const pre = resolved.pretrainSteps > 0 ? perToken * tokens('pretrain') : 0;
  const fine = resolved.steps > 0 ? perToken * tokens('finetune') : 0;
  // `done` steps are behind us; the rest of the budget pays for the rest of both phases, in the configured ratio.
  const k =
    (budget + done * (resolved.pretrainSteps > 0 ? pre : fine)) / Math.max(1e-9, resolved.pretrainSteps * pre + resolved.steps * fine);
  const pretrainSteps = resolved.pretrainSteps > 0 ? Math.max(done, Math.round(resolved.pretrainSteps * k)) : 0;
  const steps = Math.max(resolved.pretrainSteps > 0 ? 1 : done, Math.round(resolved.steps * k));
  return { pretrainSteps, steps, warmupSteps: warmup ?? Math.round((pretrainSteps + steps) * 0.05) };
}
