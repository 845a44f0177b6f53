/** The new LUM run form's state as typed, and the config it amounts to (only what differs from the defaults). */
import { LumConfig, type LumPresetName } from '../../../../preload/api-lum';

const NUMBERS = [
  'steps',
  'minutes',
  'batchSize',
  'learningRate',
  'temperature',
  'seed',
  'layers',
  'width',
  'heads',
  'ffn',
  'contextLength',
  'dropout',
  'warmupSteps',
  'weightDecay',
  'clipNorm',
  'checkpointEvery',
] as const;
export type NumberKey = (typeof NUMBERS)[number];

export interface LumFormState {
  name: string;
  /** '' the default field, NONE no condition tokens, else a field name. */
  condition: string;
  preset: LumPresetName;
  length: 'steps' | 'minutes';
  backend: string;
  numbers: Record<NumberKey, string>;
}

export const NONE = '__none__';

export const emptyLumForm = (): LumFormState => ({
  name: '',
  condition: '',
  preset: 'small',
  length: 'steps',
  backend: 'auto',
  numbers: Object.fromEntries(NUMBERS.map((k) => [k, ''])) as Record<NumberKey, string>,
});

/** Only what differs from the defaults, numbers as numbers (a half-typed one stays text so the schema names it). */
export function lumFormToConfig(f: LumFormState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (f.name.trim()) out.name = f.name.trim();
  if (f.condition === NONE) out.condition = null;
  else if (f.condition) out.condition = f.condition;
  if (f.preset !== 'small') out.preset = f.preset;
  for (const k of NUMBERS) {
    if ((k === 'steps' && f.length !== 'steps') || (k === 'minutes' && f.length !== 'minutes')) continue;
    const v = f.numbers[k].trim();
    if (v === '') continue;
    out[k] = Number.isFinite(Number(v)) ? Number(v) : v;
  }
  if (f.backend !== 'auto') out.backend = f.backend;
  return out;
}

export function checkLumConfig(config: Record<string, unknown>): Map<string, string> {
  const r = LumConfig.safeParse(config);
  const issues = new Map<string, string>();
  if (!r.success) for (const i of r.error.issues) issues.set(i.path.map(String).join('.') || 'config', i.message);
  return issues;
}
