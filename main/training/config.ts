/**
 * A training run's configuration: JSON with camelCase keys, each with a default, unknown keys refused (issue #5).
 * `resolveConfig` turns it into the explicit numbers a run records, so a run's record never depends on defaults
 * that may change later.
 */
import type { z } from 'zod';
import { StudioError } from '../errors';
import { PRESETS, type ModelConfig, type PresetName } from '../model/types';

export { RunConfig, RUN_DEFAULTS, FAMILY_NAMES, type RunConfigInput } from '../../preload/api-training';
import { DEFAULT_STEPS, RUN_DEFAULTS, RunConfig, WARMUP_FRACTION } from '../../preload/api-training';

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

/**
 * A run configuration from outside a window (the CLI's run.json, a script), checked by the same schema the transport
 * checks `runs.start` with. The error names the field and, given the file's text, the file and the key's line.
 */
export function parseRunConfig(raw: unknown, source?: { file: string; text: string }): RunConfig {
  const parsed = RunConfig.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || '(config)';
  const what = `${field}: ${issue.code === 'unrecognized_keys' ? `unknown key(s): ${issue.keys.join(', ')}` : issue.message}`;
  if (!source) throw new StudioError('bad_input', `run config: ${what}`, { field });
  const line = lineOfKey(source.text, issue);
  throw new StudioError('bad_input', `${source.file}:${line}: run config: ${what}`, { file: source.file, line, field });
}

/**
 * A stored run's configuration, read once where the row is read, so services and the window use `run.config` as a
 * typed value with every default filled in. A run stored before a rule was tightened keeps the keys it was started
 * with, over the defaults, rather than vanishing from the list.
 */
export function storedRunConfig(json: unknown): RunConfig {
  const parsed = RunConfig.safeParse(json);
  return parsed.success ? parsed.data : ({ ...RUN_DEFAULTS, ...(json as object) } as RunConfig);
}

/** The line of the JSON key an issue is about (its last path key, or the unknown key), else 1. */
function lineOfKey(text: string, issue: z.core.$ZodIssue): number {
  const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : [...issue.path].reverse().find((k) => typeof k === 'string');
  if (typeof key !== 'string') return 1;
  const at = text.search(new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`));
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}

/** The model's shape: the preset's values for the keys the configuration leaves out. */
export function resolveModel(c: RunConfig): ModelConfig {
  const p = PRESETS[c.preset as PresetName];
  return {
    vocabSize: c.vocabSize ?? p.vocabSize,
    layers: c.layers ?? p.layers,
    width: c.width ?? p.width,
    heads: c.heads ?? p.heads,
    ffn: c.ffn ?? p.ffn,
    maxLength: c.contextLength ?? p.maxLength,
    dropout: c.dropout,
  };
}

/** Fine-tuning steps from `steps`, or from `epochs` over the training examples available. */
export function resolveConfig(c: RunConfig, trainExamples: number, defaultName: string): ResolvedConfig {
  const model = resolveModel(c);
  if (model.width % model.heads !== 0) throw new RangeError(`width ${model.width} is not divisible by heads ${model.heads}`);
  const steps = c.steps ?? (c.epochs !== undefined ? Math.max(1, Math.ceil((c.epochs * trainExamples) / c.batchSize)) : DEFAULT_STEPS);
  const total = steps + c.pretrainSteps;
  const familyWeights = Object.fromEntries(c.families.map((f) => [f, c.familyWeights[f] ?? 1]));
  if (Object.values(familyWeights).every((w) => w === 0)) throw new RangeError('every family weight is 0');
  const { steps: _s, epochs: _e, warmupSteps: _w, ...rest } = c;
  return {
    ...rest,
    name: c.name ?? defaultName,
    model,
    steps,
    warmupSteps: c.warmupSteps ?? Math.round(total * WARMUP_FRACTION),
    familyWeights,
  };
}
