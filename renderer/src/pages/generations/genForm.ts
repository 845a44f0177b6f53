/**
 * The start-a-set form's state and its mapping to `generations.start` arguments. The contract's schemas are the
 * one source of defaults and ranges: the form starts from `Decoding.parse({})`, sends only what differs from
 * the defaults, and checks a draft with the schema the back end validates with.
 */
import { Decoding, GenerationStart } from '../../../../preload/api-generation';
import type { ExampleSplit, Family } from '../../../../preload/api-templates';
import type { Run } from '../../../../preload/api-training';

export const DECODING_DEFAULTS: Decoding = Decoding.parse({});
export const METHODS: readonly Decoding['method'][] = ['greedy', 'beam', 'sample'];
export const SPLITS: readonly ExampleSplit[] = ['test', 'valid', 'train'];

/** Numbers stay as typed ('' is the default) so a half-typed value is not lost. */
export interface GenForm {
  runId: number | null;
  /** '' is the run's last checkpoint. */
  checkpoint: string;
  family: Family;
  split: ExampleSplit;
  /** None ticked: every template of the family. */
  templates: string[];
  limit: string;
  method: Decoding['method'];
  width: string;
  temperature: string;
  topK: string;
  topP: string;
  seed: string;
  maxTokens: string;
  coldShare: string;
  excludeHistory: boolean;
}

export type NumberKey = 'width' | 'temperature' | 'topK' | 'topP' | 'seed' | 'maxTokens' | 'coldShare';
export const NUMBER_KEYS: readonly NumberKey[] = ['width', 'temperature', 'topK', 'topP', 'seed', 'maxTokens', 'coldShare'];

/**
 * What a run was trained on, read from its stored configuration (defaults for anything it does not say). Its split
 * seed decides which examples exist (the 80/10/10 split, the 100 sampled candidates), so it is the seed a metric names.
 */
export function runFacts(run: Run): { families: Family[]; splitSeed: number } {
  const c = run.config;
  // A ticked family the dataset had no examples for was not trained (the run records its example counts).
  const fed = (run.resolved as { trainExamples?: Record<string, number> } | null)?.trainExamples;
  const families = fed ? c.families.filter((f) => (fed[f] ?? 0) > 0) : c.families;
  return { families, splitSeed: c.splitSeed };
}

/** A fresh form for a run: its first trained family (sequential when trained), the test split, default decoding. */
export function defaultGenForm(run: Run | null): GenForm {
  const families = run ? runFacts(run).families : [];
  return {
    runId: run?.id ?? null,
    checkpoint: '',
    family: families.includes('sequential') ? 'sequential' : (families[0] ?? 'sequential'),
    split: 'test',
    templates: [],
    limit: '',
    method: DECODING_DEFAULTS.method,
    ...(Object.fromEntries(NUMBER_KEYS.map((k) => [k, ''])) as Record<NumberKey, string>),
    excludeHistory: true,
  };
}

const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s.trim()));

/** The `generations.start` arguments the form describes, with only the decoding keys that differ from the defaults. */
export function formToStart(f: GenForm): GenerationStart | null {
  if (f.runId === null) return null;
  const decoding: Record<string, unknown> = {};
  if (f.method !== DECODING_DEFAULTS.method) decoding.method = f.method;
  for (const k of NUMBER_KEYS) {
    const v = num(f[k]);
    if (v !== undefined && v !== DECODING_DEFAULTS[k]) decoding[k] = v;
  }
  const checkpoint = num(f.checkpoint);
  const limit = num(f.limit);
  return {
    runId: f.runId,
    family: f.family,
    split: f.split,
    ...(checkpoint === undefined ? {} : { checkpoint }),
    ...(f.templates.length ? { templates: [...f.templates] } : {}),
    ...(limit === undefined ? {} : { limit }),
    ...(Object.keys(decoding).length ? { decoding: decoding as GenerationStart['decoding'] } : {}),
    ...(f.excludeHistory ? {} : { excludeHistory: false }),
  };
}

/** The schema's complaints about a draft by field ("limit", "decoding.topP"); "runId" when no run is picked. */
export function checkStart(args: GenerationStart | null): Map<string, string> {
  const issues = new Map<string, string>();
  if (args === null) {
    issues.set('runId', 'pick a run with a checkpoint');
    return issues;
  }
  const parsed = GenerationStart.safeParse(args);
  if (parsed.success) return issues;
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.') || '(set)';
    if (!issues.has(path)) issues.set(path, issue.message);
  }
  return issues;
}

/** The decoding the form would use, defaults filled in (for the per-kind summary). */
export function effectiveDecoding(f: GenForm): Pick<Decoding, 'method' | 'width'> {
  const width = num(f.width);
  return { method: f.method, width: width !== undefined && Number.isFinite(width) ? width : DECODING_DEFAULTS.width };
}

/** The form's setter as the page passes it down: a change of the whole form. */
export type SetGenForm = (change: (f: GenForm) => GenForm) => void;
