/**
 * The problem every solver here takes, min_{x∈C} f(x) = (1/n) Σ_i f_i(a_iᵀx), and the per-epoch record they all
 * return, so SFW, MHK and deterministic FW can be compared line by line.
 */
import { badInput } from '../errors';
import type { Constraint } from './lmo';
import type { Loss } from './losses';
import type { FeatureMatrix } from './matrix';

export interface GlmProblem {
  features: FeatureMatrix;
  labels: Float64Array;
  loss: Loss;
  constraint: Constraint;
}

export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /** Iterations run so far, all epochs together. */
  iterations: number;
  objective: number;
  /** Exact Frank-Wolfe gap max_{s∈C} ⟨∇f(x), x − s⟩ at the epoch's last iterate; null when skipped. */
  gap: number | null;
  /** The solver's own estimate of the gap at the same iterate, free of a full pass (see each solver). */
  gapEstimate: number;
}

export interface SolveResult {
  x: Float64Array;
  history: EpochRecord[];
  iterations: number;
  /** Why the run ended: all epochs done, the tolerance met, or the onEpoch callback asked to stop. */
  stoppedBy: 'epochs' | 'tolerance' | 'callback';
}

/** What every solver accepts besides its own knobs. */
export interface CommonOptions {
  epochs: number;
  x0?: Float64Array;
  /** Compute the exact gap (one extra pass over the data) at every epoch's end; default true. */
  exactGap?: boolean;
  /** Stop at an epoch's end when the gap test passes (see each solver). */
  tol?: number;
  /** Sees each epoch's record and the live iterate (copy it to keep it); return 'stop' to end the run. */
  onEpoch?: (record: EpochRecord, x: Float64Array) => void | 'stop';
}

export function checkProblem(p: GlmProblem): void {
  const { features: a, labels } = p;
  if (labels.length !== a.rows) throw badInput(`${a.rows} feature rows but ${labels.length} labels`);
  if (a.rows === 0) throw badInput('the problem has no samples');
  for (let i = 0; i < labels.length; i++) {
    const why = p.loss.checkLabel(labels[i]!);
    if (why) throw badInput(`sample ${i}: ${why}`);
  }
}

export function checkCommon(o: CommonOptions, d: number): void {
  if (!Number.isInteger(o.epochs) || o.epochs < 1) throw badInput(`epochs must be a positive integer, got ${o.epochs}`);
  if (o.x0 && o.x0.length !== d) throw badInput(`x0 has ${o.x0.length} entries, the problem has ${d} features`);
  if (o.tol !== undefined && !(o.tol >= 0)) throw badInput(`tol must be a non-negative number, got ${o.tol}`);
}

export function checkBatch(batchSize: number, n: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw badInput(`the batch size must be a positive integer, got ${batchSize}`);
  if (batchSize > n) throw badInput(`the batch size (${batchSize}) exceeds the number of samples (${n}), so an epoch would be empty`);
}
