import type { ResolvedConfig, RunConfig } from './config';
import type { BatchPlan } from './corpus';

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
