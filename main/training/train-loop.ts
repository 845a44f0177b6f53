/**
 * The steps of a run: one batch per step (drawn from (seed, step)), metrics per family, validation losses in the
 * fine-tuning phase, checkpoints written atomically, a stop flag read between steps, and a time-budgeted run's
 * one-off sizing after its first CALIBRATION_STEPS steps.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { saveCheckpoint } from '../model/checkpoint';
import type { Glm } from '../model/glm';
import type { AdamW } from '../model/optimizer';
import { trainStep } from '../model/train-step';
import { WARMUP_FRACTION } from '../../preload/api-training';
import type { ResolvedConfig } from './config';
import { drawBatch, validationBatches, type BatchPlan, type Corpus } from './corpus';
import { batchPlan } from './plan';
import { CALIBRATION_STEPS, type Calibrated, type TrainJob, type TrainMessage } from './train-job';
import { validationEvery, validationLoss } from './validation';

const CALIBRATION_WARMUP = 5;

export interface Training {
  job: TrainJob;
  corpus: Corpus;
  resolved: ResolvedConfig;
  model: Glm;
  optimizer: AdamW;
  send: (m: TrainMessage) => void;
  shouldStop: () => boolean;
}

/** Tokens that are not padding, and the mean loss of each family's rows. */
function batchFigures(
  drawn: ReturnType<typeof drawBatch>,
  perRow: ArrayLike<number>,
): { tokens: number; byFamily: Record<string, number> } {
  let tokens = 0;
  for (let i = 0; i < drawn.batch.tokens.length; i++) if (drawn.batch.tokens[i] !== 0) tokens++;
  const sums = new Map<string, { s: number; n: number }>();
  drawn.labels.forEach((label, row) => {
    const e = sums.get(label) ?? { s: 0, n: 0 };
    e.s += perRow[row]!;
    e.n++;
    sums.set(label, e);
  });
  return { tokens, byFamily: Object.fromEntries([...sums].map(([k, v]) => [k, v.s / v.n])) };
}

/** Trains from `step` to the end of the schedule (or a stop, or the time budget) and sends `done`. */
export async function trainSteps(t: Training, startStep: number, scheduled: number): Promise<void> {
  const { job, corpus, resolved, model, optimizer, send } = t;
  const c = job.config;
  let step = startStep;
  let totalSteps = scheduled;
  const started = performance.now();
  const elapsed = (): number => job.elapsedBefore + (performance.now() - started) / 1000;
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
    const { tokens, byFamily } = batchFigures(drawn, r.perRow);
    send({
      type: 'step',
      metric: {
        step,
        phase,
        loss: r.loss,
        lr: r.lr,
        gradNorm: r.gradNorm,
        tokensPerSecond: tokens / seconds,
        elapsed: elapsed(),
        byFamily,
      },
      tensors: tf.memory().numTensors,
    });
    if (!Number.isFinite(r.loss)) throw new Error(`the loss became ${r.loss} at step ${step}: lower the learning rate`);
    const done = step + 1;
    stopped = t.shouldStop();
    budgetReached = budget !== null && elapsed() >= budget;
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
  return { pretrainSteps, steps, warmupSteps: warmup ?? Math.round((pretrainSteps + steps) * WARMUP_FRACTION) };
}
