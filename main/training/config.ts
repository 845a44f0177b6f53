/**
 * A training run's configuration: JSON with camelCase keys, each with a default, unknown keys refused (issue #5).
 * `resolveConfig` turns it into the explicit numbers a run records, so a run's record never depends on defaults
 * that may change later.
 */
import { PRESETS, type ModelConfig, type PresetName } from '../model/types';

export { RunConfig, FAMILY_NAMES, type RunConfigInput } from '../../preload/api-training';
import { DEFAULT_STEPS, RunConfig } from '../../preload/api-training';

/** A file in the run folder that asks the run to stop after its current step (also from another process). */
export const STOP_FILE = 'STOP';

/** Everything explicit: the model shape, the step counts, the weights. */
export interface ResolvedConfig extends Omit<RunConfig, 'steps' | 'epochs' | 'warmupSteps' | 'familyWeights'> {
  name: string;
  model: ModelConfig;
  steps: number;
  warmupSteps: number;
  familyWeights: Record<string, number>;
  /** The identifier set's version the run trained with (config.itemIds names it), or null for titles. */
  itemIdSet?: { id: number; name: string; version: number; scheme: string } | null;
  /** A time-budgeted run's step counts came from its measured speed (a resume keeps them). */
  calibrated?: boolean;
  /** Training examples per family the dataset fed (a ticked family with 0 was not trained: the UI says so). */
  trainExamples?: Record<string, number>;
}

/** Fine-tuning steps from `steps`, or from `epochs` over the training examples available. */
export function resolveConfig(c: RunConfig, trainExamples: number, defaultName: string): ResolvedConfig {
  const p = PRESETS[c.preset as PresetName];
  const model: ModelConfig = {
    vocabSize: c.vocabSize ?? p.vocabSize,
    layers: c.layers ?? p.layers,
    width: c.width ?? p.width,
    heads: c.heads ?? p.heads,
    ffn: c.ffn ?? p.ffn,
    maxLength: c.contextLength ?? p.maxLength,
    dropout: c.dropout,
  };
  if (model.width % model.heads !== 0) throw new RangeError(`width ${model.width} is not divisible by heads ${model.heads}`);
  const steps = c.steps ?? (c.epochs !== undefined ? Math.max(1, Math.ceil((c.epochs * trainExamples) / c.batchSize)) : DEFAULT_STEPS);
  const total = steps + c.pretrainSteps;
  const familyWeights = Object.fromEntries(c.families.map((f) => [f, c.familyWeights[f] ?? 1]));
  if (Object.values(familyWeights).every((w) => w === 0)) throw new RangeError('every family weight is 0');
  const { steps: _s, epochs: _e, warmupSteps: _w, ...rest } = c;
  return { ...rest, name: c.name ?? defaultName, model, steps, warmupSteps: c.warmupSteps ?? Math.round(total * 0.05), familyWeights };
}
