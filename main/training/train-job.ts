/** What a training worker is asked to do and what it reports back. */
import type { MetricPoint, ValidationPoint } from '../../preload/api-training';
import type { ResolvedConfig, RunConfig } from './config';

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
