/**
 * The new-run form's state and its mapping to a run configuration (the JSON `studio train --config` reads).
 * The schema in preload/api-training.ts is the single source of defaults and ranges: the form starts from
 * `RUN_DEFAULTS`, sends only what differs from it, and checks a draft with the same schema the back end uses.
 */
import { DEFAULT_STEPS, FAMILY_NAMES, PRESETS, RUN_DEFAULTS, RunConfig, type RunConfigInput } from '../../../../preload/api-training';

export type FamilyName = (typeof FAMILY_NAMES)[number];
export type Preset = RunConfig['preset'];
export type Backend = RunConfig['backend'];
export type SpanOrder = RunConfig['spanOrder'];
export type LoraTarget = NonNullable<RunConfig['lora']>['targets'][number];

export const PRESET_NAMES = Object.keys(PRESETS) as Preset[];
export const BACKENDS: readonly Backend[] = ['auto', 'tfjs-node-gpu', 'tfjs-node', 'native', 'wasm', 'cpu'];
export const LORA_TARGETS: readonly LoraTarget[] = ['qkv', 'attnOut', 'ffnUp', 'ffnDown'];
export const OBJECTIVES = ['mask', 'sMask', 'gMask'] as const;
export type Objective = (typeof OBJECTIVES)[number];
/** Explicit model shape: each overrides the preset when filled in. */
export const SHAPE_KEYS = ['layers', 'width', 'heads', 'ffn', 'contextLength', 'vocabSize'] as const;
export type ShapeKey = (typeof SHAPE_KEYS)[number];

/** The value a preset gives a shape key (the presets call the context length `maxLength`). */
export function presetValue(preset: Preset, key: ShapeKey): number {
  const p = PRESETS[preset];
  return key === 'contextLength' ? p.maxLength : p[key];
}

/** Scalar keys with a schema default, edited as text. */
export const SCALAR_KEYS = [
  'batchSize',
  'learningRate',
  'weightDecay',
  'clipNorm',
  'seed',
  'dropout',
  'checkpointEvery',
  'pretrainSteps',
] as const;
export type ScalarKey = (typeof SCALAR_KEYS)[number];

export { unfedFamilies } from '../../../../preload/api-templates';

/**
 * The form fitted to what the dataset can feed: families it cannot feed are unticked (and remembered as unticked
 * for that reason); families unticked so for another dataset are ticked again where this one feeds them. The same
 * form object when nothing changes.
 */
export function untickUnfed(form: RunForm, unfed: ReadonlyMap<FamilyName, string>): RunForm {
  const auto = form.autoUnticked ?? [];
  const off = FAMILY_NAMES.filter((f) => form.families[f].on && unfed.has(f));
  const back = auto.filter((f) => !unfed.has(f));
  if (off.length === 0 && back.length === 0) return form;
  const families = { ...form.families };
  for (const f of off) families[f] = { ...families[f], on: false };
  for (const f of back) families[f] = { ...families[f], on: true };
  const autoUnticked = FAMILY_NAMES.filter((f) => (auto.includes(f) && !back.includes(f)) || off.includes(f));
  return { ...form, families, autoUnticked };
}

/** What the schema fills in for a config that says nothing (the contract's one copy of the defaults). */
export const DEFAULTS: RunConfig = RUN_DEFAULTS;
/** A family's weight when familyWeights does not name it. */
export const DEFAULT_WEIGHT = 1;

/** Every number is kept as the text typed, so a half-typed "1e-" is not lost; '' means "the default". */
export interface RunForm {
  name: string;
  families: Record<FamilyName, { on: boolean; weight: string }>;
  /** Families the form unticked because the dataset could not feed them (ticked again where one can). */
  autoUnticked?: FamilyName[];
  preset: Preset;
  shape: Record<ShapeKey, string>;
  length: 'steps' | 'epochs';
  steps: string;
  epochs: string;
  warmupSteps: string;
  scalars: Record<ScalarKey, string>;
  objectives: Record<Objective, string>;
  spanOrder: SpanOrder;
  fromRunId: number | null;
  /** '' is the source run's last checkpoint. */
  fromStep: string;
  lora: boolean;
  loraRank: string;
  loraAlpha: string;
  loraTargets: LoraTarget[];
  backend: Backend;
  /** An identifier set's name ('' : titles). */
  itemIds: string;
  /** A time budget in minutes ('' : none, the steps decide). */
  minutes: string;
  /** Seen templates to fine-tune on (none ticked: all of the chosen families'). */
  templates: string[];
}

const LORA_DEFAULTS = RunConfig.shape.lora.unwrap().parse({});

export function defaultForm(): RunForm {
  return {
    name: '',
    families: Object.fromEntries(
      FAMILY_NAMES.map((f) => [f, { on: DEFAULTS.families.includes(f), weight: String(DEFAULT_WEIGHT) }]),
    ) as RunForm['families'],
    preset: DEFAULTS.preset,
    shape: Object.fromEntries(SHAPE_KEYS.map((k) => [k, ''])) as RunForm['shape'],
    length: 'steps',
    steps: '',
    epochs: '',
    warmupSteps: '',
    scalars: Object.fromEntries(SCALAR_KEYS.map((k) => [k, String(DEFAULTS[k])])) as RunForm['scalars'],
    objectives: Object.fromEntries(OBJECTIVES.map((k) => [k, String(DEFAULTS.objectives[k])])) as RunForm['objectives'],
    spanOrder: DEFAULTS.spanOrder,
    fromRunId: null,
    fromStep: '',
    lora: false,
    loraRank: String(LORA_DEFAULTS.rank),
    loraAlpha: String(LORA_DEFAULTS.alpha),
    loraTargets: [...LORA_DEFAULTS.targets],
    backend: DEFAULTS.backend,
    itemIds: '',
    minutes: '',
    templates: [],
  };
}

/** A template id's family: ids are "<family number>-<n>", rating 1 … direct 5 (TemplateKey in the contract). */
export const familyOfTemplate = (id: string): FamilyName | undefined => FAMILY_NAMES[Number(id.split('-')[0]) - 1];

/** '' → absent; anything else → a number (NaN for junk, which the schema then names). */
const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s.trim()));

/** The configuration the form describes, with only the keys that differ from the defaults. */
export function formToConfig(f: RunForm): RunConfigInput {
  const out: Record<string, unknown> = {};
  const name = f.name.trim();
  if (name) out.name = name;
  const families = FAMILY_NAMES.filter((x) => f.families[x].on);
  const sameFamilies = families.length === DEFAULTS.families.length && families.every((x) => DEFAULTS.families.includes(x));
  if (!sameFamilies) out.families = families;
  const weights: Record<string, number | undefined> = {};
  for (const x of families) {
    const w = num(f.families[x].weight);
    if (w !== undefined && w !== DEFAULT_WEIGHT) weights[x] = w;
  }
  if (Object.keys(weights).length) out.familyWeights = weights;
  if (f.preset !== DEFAULTS.preset) out.preset = f.preset;
  for (const k of SHAPE_KEYS) {
    const v = num(f.shape[k]);
    if (v !== undefined) out[k] = v;
  }
  if (f.length === 'steps') {
    const steps = num(f.steps);
    if (steps !== undefined && steps !== DEFAULT_STEPS) out.steps = steps;
  } else {
    const epochs = num(f.epochs);
    if (epochs !== undefined) out.epochs = epochs;
  }
  const warmup = num(f.warmupSteps);
  if (warmup !== undefined) out.warmupSteps = warmup;
  for (const k of SCALAR_KEYS) {
    const v = num(f.scalars[k]);
    if (v !== undefined && v !== DEFAULTS[k]) out[k] = v;
  }
  const objectives: Record<string, number | undefined> = {};
  for (const k of OBJECTIVES) {
    const v = num(f.objectives[k]);
    if (v !== undefined && v !== DEFAULTS.objectives[k]) objectives[k] = v;
  }
  if (Object.keys(objectives).length) out.objectives = objectives;
  if (f.spanOrder !== DEFAULTS.spanOrder) out.spanOrder = f.spanOrder;
  if (f.fromRunId !== null) {
    const step = num(f.fromStep);
    out.from = step === undefined ? { runId: f.fromRunId } : { runId: f.fromRunId, step };
    // LoRA trains on an earlier run's weights only; the schema refuses it without `from`.
    if (f.lora)
      out.lora = {
        rank: num(f.loraRank) ?? LORA_DEFAULTS.rank,
        alpha: num(f.loraAlpha) ?? LORA_DEFAULTS.alpha,
        targets: LORA_TARGETS.filter((t) => f.loraTargets.includes(t)),
      };
  }
  if (f.backend !== DEFAULTS.backend) out.backend = f.backend;
  if (f.itemIds) out.itemIds = f.itemIds;
  const minutes = num(f.minutes);
  if (minutes !== undefined) out.minutes = minutes;
  // Templates of a family unticked since are not sent; none left means every seen template.
  const templates = f.templates.filter((t) => families.includes(familyOfTemplate(t) as FamilyName));
  if (templates.length) out.templates = templates;
  return out as RunConfigInput;
}

/** A run's stored configuration back into the form (duplicate). Keys the schema does not know are dropped. */
export function configToForm(raw: Record<string, unknown>, name: string): RunForm {
  const f = defaultForm();
  const parsed = RunConfig.safeParse(raw);
  if (!parsed.success) return { ...f, name };
  const c = parsed.data;
  f.name = name;
  for (const x of FAMILY_NAMES) f.families[x] = { on: c.families.includes(x), weight: String(c.familyWeights[x] ?? DEFAULT_WEIGHT) };
  f.preset = c.preset;
  for (const k of SHAPE_KEYS) f.shape[k] = c[k] === undefined ? '' : String(c[k]);
  if (c.epochs !== undefined && c.steps === undefined) {
    f.length = 'epochs';
    f.epochs = String(c.epochs);
  } else f.steps = c.steps === undefined ? '' : String(c.steps);
  f.warmupSteps = c.warmupSteps === undefined ? '' : String(c.warmupSteps);
  for (const k of SCALAR_KEYS) f.scalars[k] = String(c[k]);
  for (const k of OBJECTIVES) f.objectives[k] = String(c.objectives[k]);
  f.spanOrder = c.spanOrder;
  f.fromRunId = c.from?.runId ?? null;
  f.fromStep = c.from?.step === undefined ? '' : String(c.from.step);
  if (c.lora) {
    f.lora = true;
    f.loraRank = String(c.lora.rank);
    f.loraAlpha = String(c.lora.alpha);
    f.loraTargets = [...c.lora.targets];
  }
  f.backend = c.backend;
  f.itemIds = c.itemIds ?? '';
  f.minutes = c.minutes === undefined ? '' : String(c.minutes);
  f.templates = c.templates ? [...c.templates] : [];
  return f;
}

/** The schema's complaints about a draft (and checkTemplates'), by field path ("batchSize", "lora", "objectives.mask", "(config)"). */
export function checkConfig(config: RunConfigInput): Map<string, string> {
  const parsed = RunConfig.safeParse(config);
  const issues = new Map<string, string>();
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const path = issue.path.map(String).join('.') || '(config)';
    if (!issues.has(path)) issues.set(path, issue.message);
  }
  const templates = checkTemplates(config);
  if (templates && !issues.has('templates')) issues.set('templates', templates);
  return issues;
}

/**
 * What the schema cannot see about `templates`: every chosen family needs one of its templates among them, or
 * that family would not train (the back end refuses such a run too).
 */
export function checkTemplates(config: RunConfigInput): string | null {
  if (!config.templates) return null;
  const families = config.families ?? DEFAULTS.families;
  const missing = families.filter((fam) => !config.templates!.some((t) => familyOfTemplate(t) === fam));
  return missing.length ? `no ${missing.join(' or ')} template is ticked: tick one of each trained family, or none at all` : null;
}

/**
 * The field a back-end error names, for marking it in the form: `where.field` (the transport names it under the
 * call's `config` argument, "config.batchSize") or a "run config: batchSize: …" message.
 */
export function fieldOfError(message: string, where?: { field?: string }): string | null {
  if (where?.field) return where.field === 'config' ? '(config)' : where.field.replace(/^config\./, '');
  const m = /^run config: ([\w.()]+):/.exec(message);
  return m ? m[1]! : null;
}
