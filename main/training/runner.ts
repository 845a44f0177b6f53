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
import type { MetricPoint } from '../../preload/api-training';
import { compileSpec } from '../templates/examples';
import { loadExampleData } from '../templates/load';
import { TemplateStore } from '../templates/sql';
import { resolveConfig, type ResolvedConfig, type RunConfig } from './config';
import { buildCorpus, drawBatch, type FamilyName } from './corpus';

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
}

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
  | { type: 'step'; metric: MetricPoint; tensors: number }
  | { type: 'checkpoint'; step: number; file: string; bytes: number }
  | { type: 'done'; stopped: boolean; step: number };

const writeAtomic = (file: string, text: string): void => {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
};

export async function runTraining(db: Db, job: TrainJob, send: (m: TrainMessage) => void, shouldStop: () => boolean): Promise<void> {
  const c = job.config;
  send({ type: 'phase', phase: 'starting the compute back end' });
  const choice = await initBackend(c.backend === 'auto' ? {} : { prefer: c.backend });
  const note = choice.skipped.length ? `skipped: ${choice.skipped.map((s) => `${s.rung} (${s.reason})`).join('; ')}` : '';

  send({ type: 'phase', phase: 'reading the dataset and templates' });
  const data = loadExampleData(db, job.datasetId, job.datasetName);
  const specs = new TemplateStore(db).list().map((t) => compileSpec(t));

  const tokFile = join(job.runDir, 'tokenizer.json');
  let tokenizer: Tokenizer | undefined;
  if (existsSync(tokFile)) tokenizer = Tokenizer.fromJSON(JSON.parse(readFileSync(tokFile, 'utf8')));
  else if (job.source) tokenizer = Tokenizer.fromJSON(JSON.parse(readFileSync(job.source.tokenizer, 'utf8')));
  send({ type: 'phase', phase: tokenizer ? 'building examples' : 'training the tokenizer and building examples' });
  const families = c.families as FamilyName[];
  const vocabWanted = c.vocabSize ?? resolveConfig(c, 0, '').model.vocabSize;
  const corpus = buildCorpus(data, specs, families, c.splitSeed, vocabWanted, tokenizer, c.seed);
  if (!existsSync(tokFile)) writeAtomic(tokFile, JSON.stringify(corpus.tokenizer.toJSON()));

  const trainExamples = Object.fromEntries([...corpus.refs].map(([f, list]) => [f, list.length]));
  const total = Object.values(trainExamples).reduce((a, b) => a + b, 0);
  const resolved = resolveConfig(c, total, `run ${job.runId}`);
  let modelConfig: ModelConfig = { ...resolved.model, vocabSize: corpus.tokenizer.vocabSize };
  // A resumed run continues with the shape it was saved with; a run from another run takes that run's shape.
  const shaped = job.resume?.file ?? job.source?.checkpoint;
  if (shaped) modelConfig = { ...(await readCheckpointHeader(shaped)).config, dropout: c.dropout };
  resolved.model = modelConfig;
  const totalSteps = resolved.pretrainSteps + resolved.steps;
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
  for (; step < totalSteps; step++) {
    const phase = step < resolved.pretrainSteps ? 'pretrain' : 'finetune';
    const t0 = performance.now();
    const drawn = drawBatch(
      corpus,
      {
        phase,
        maxLength: modelConfig.maxLength,
        batchSize: c.batchSize,
        mode: c.spanOrder,
        objectives: c.objectives,
        familyWeights: resolved.familyWeights,
      },
      step,
    );
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
    if (done % c.checkpointEvery === 0 || done === totalSteps || stopped) await checkpoint(done);
    if (stopped) {
      step = done;
      break;
    }
  }
  send({ type: 'done', stopped, step: Math.min(step, totalSteps) });
}
