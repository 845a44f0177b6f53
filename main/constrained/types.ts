import type { SamplerSpec } from '../optim/sampler';

export type BaselineModel = 'l1-logistic' | 'l1-linear' | 'nuclear-mc';
export type SolverName = 'sfw' | 'fw' | 'mhk';

export interface BaselineConfig {
  model: BaselineModel;
  radius: number;
  epochs: number;
  batchSize: number;
  sampler: SamplerSpec;
  /** Stop when the gap estimate falls below this; null runs every epoch. */
  tol: number | null;
  /** Also run deterministic FW and the unit-batch MHK baseline on the same problem, for the comparison plot. */
  compare: boolean;
}

export interface RatingRow {
  userId: number;
  itemId: number;
  rating: number;
  user: Readonly<Record<string, unknown>>;
  item: Readonly<Record<string, unknown>>;
}

export interface BaselineData {
  train: RatingRow[];
  valid: RatingRow[];
  test: RatingRow[];
}

export interface CurvePoint {
  epoch: number;
  objective: number;
  gap: number | null;
  gapEstimate: number;
  seconds: number;
}

export interface BaselineOutcome {
  curves: Partial<Record<SolverName, CurvePoint[]>>;
  /** Per solver, metrics on the valid and test splits (e.g. RMSE, MAE; accuracy, AUC, logLoss). */
  metrics: Partial<Record<SolverName, Record<string, number>>>;
  /** The reference every model must beat: the training mean (ratings) or the base rate (clicks). */
  reference: Record<string, number>;
  features: number;
  nonZero: number;
  topFeatures: { name: string; weight: number }[];
  trainRows: number;
}

export const CLICK_THRESHOLD = 4;
