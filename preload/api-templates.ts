/**
 * The templates part of the contract: prompt templates of the five task families (P5 / RecSysLLM), their
 * versions, live preview on a dataset's records, leakage warnings, the matrix view, YAML import/export and
 * example counts. Spread into `calls` in api.ts. Span offsets count code points, end-exclusive, as in
 * api-entities.ts.
 */
import { z } from 'zod';
import { SpanRef } from './api-entities';
import { FAMILIES } from './families';

const Id = z.number().int().positive();

export const Family = z.enum(FAMILIES);
export type Family = z.infer<typeof Family>;
export const ExampleSplit = z.enum(['train', 'valid', 'test']);
export type ExampleSplit = z.infer<typeof ExampleSplit>;

/** "1-1" … "5-8": the family's number (rating 1 … direct 5), then the template's number in it. */
export const TemplateKey = z.string().regex(/^[1-5]-[1-9][0-9]{0,2}$/, 'a template id is <family number>-<number>, e.g. 2-13');

export const TemplateFields = z
  .object({
    family: Family,
    name: z.string().trim().min(1, 'name is empty').max(120, 'name is longer than 120 characters'),
    input: z.string().max(20000, 'input is longer than 20,000 characters'),
    target: z.string().max(5000, 'target is longer than 5,000 characters'),
    /** For classification-like templates, e.g. ["yes", "no"]; the target must render to one of them. */
    answerChoices: z.array(z.string().min(1)).max(20).nullable().default(null),
    /** Unseen templates are held out of training to measure zero-shot generalization. */
    seen: z.boolean().default(true),
    notes: z.string().max(5000).default(''),
  })
  .strict();
export type TemplateFields = z.infer<typeof TemplateFields>;

/** Whether two templates say the same thing: a save of unchanged fields makes no version, and the editor is clean. */
export const sameTemplateFields = (a: TemplateFields, b: TemplateFields): boolean =>
  a.family === b.family &&
  a.name === b.name &&
  a.input === b.input &&
  a.target === b.target &&
  a.seen === b.seen &&
  a.notes === b.notes &&
  JSON.stringify(a.answerChoices) === JSON.stringify(b.answerChoices);

export const Template = TemplateFields.extend({
  id: TemplateKey,
  version: z.number().int().positive(),
  updatedAt: z.string(),
  /** Whether it is unchanged from the built-in set. */
  builtin: z.boolean(),
});
export type Template = z.infer<typeof Template>;

export const TemplateVersion = TemplateFields.extend({ version: z.number().int().positive(), createdAt: z.string(), author: z.string() });
export type TemplateVersion = z.infer<typeof TemplateVersion>;

/** A problem in a template's text: which field, where (1-based), and what. */
export const TemplateProblem = z.object({
  field: z.enum(['input', 'target', 'answerChoices', 'name']),
  line: z.number().int(),
  column: z.number().int(),
  message: z.string(),
});
export type TemplateProblem = z.infer<typeof TemplateProblem>;

export const RenderedText = z.object({
  text: z.string(),
  spans: z.array(z.object({ start: z.number().int(), end: z.number().int(), label: z.string(), ref: SpanRef.nullable().optional() })),
  tokens: z.number().int(),
});
export type RenderedText = z.infer<typeof RenderedText>;

export const WarningKind = z.enum(['target_leak', 'test_in_history', 'fixed_position', 'empty_render', 'empty_variable', 'answer_choice']);
export type WarningKind = z.infer<typeof WarningKind>;
export const TemplateWarning = z.object({
  kind: WarningKind,
  message: z.string(),
  /** How many of the checked examples show it, out of how many. */
  count: z.number().int(),
  checked: z.number().int(),
  /** One example index (for preview) that shows it. */
  example: z.number().int().nullable(),
});
export type TemplateWarning = z.infer<typeof TemplateWarning>;

/** Template text to preview: a saved template's id, or unsaved fields straight from the editor. */
const PreviewSource = z.union([z.object({ id: TemplateKey }).strict(), z.object({ fields: TemplateFields }).strict()]);

export const PreviewResult = z.object({
  family: Family,
  split: ExampleSplit,
  /** Index of the example shown, and how many the split offers for this family. */
  index: z.number().int(),
  total: z.number().int(),
  input: RenderedText,
  target: RenderedText,
  /** The record the example came from: its user and item. */
  user: z.object({ id: z.number(), extId: z.string() }),
  item: z.object({ id: z.number(), extId: z.string(), title: z.string() }).nullable(),
  /** Syntax/variable problems (then input and target are empty) or a render error. */
  problems: z.array(TemplateProblem),
  warnings: z.array(TemplateWarning),
  tokenizer: z.string(),
});
export type PreviewResult = z.infer<typeof PreviewResult>;

export const MatrixCell = z.object({
  id: TemplateKey,
  family: Family,
  name: z.string(),
  seen: z.boolean(),
  input: RenderedText.nullable(),
  target: RenderedText.nullable(),
  error: z.string().nullable(),
});

export const ExampleCount = z.object({
  family: Family,
  template: TemplateKey,
  split: ExampleSplit,
  seen: z.boolean(),
  count: z.number().int(),
});
export type ExampleCount = z.infer<typeof ExampleCount>;
export const ExampleCounts = z.object({
  datasetId: z.number(),
  seed: z.number().int(),
  counts: z.array(ExampleCount),
  /** Data points per family and split before templates are applied: (user, target position) pairs for sequential/direct, interactions else. */
  data: z.array(z.object({ family: Family, split: ExampleSplit, count: z.number().int() })),
  notes: z.array(z.string()),
});
export type ExampleCounts = z.infer<typeof ExampleCounts>;

/**
 * Families the dataset cannot feed (no training data points), with why; the run form unticks them and `studio train` warns — from `ExampleCounts.data` per family
 * and split. Explanation and review need review text; the others ratings or sequences.
 */
export function unfedFamilies(data: readonly { family: string; split: string; count: number }[]): Map<Family, string> {
  const out = new Map<Family, string>();
  for (const f of Family.options) {
    const train = data.filter((d) => d.family === f && d.split === 'train').reduce((n, d) => n + d.count, 0);
    if (train > 0) continue;
    out.set(
      f,
      f === 'explanation' || f === 'review' ? 'this dataset has no review text' : 'this dataset has no ratings or sequences to learn from',
    );
  }
  return out;
}

export const VariableDoc = z.object({ name: z.string(), type: z.string(), doc: z.string(), label: z.string().optional() });
export const FilterDoc = z.object({ name: z.string(), doc: z.string() });

export const templateCalls = {
  /** All templates (current versions), optionally of one family, in family then number order. */
  'templates.list': { args: z.object({ family: Family.optional() }).strict(), result: z.array(Template) },
  /** One template with its version history, newest first. */
  'templates.get': {
    args: z.object({ id: TemplateKey }).strict(),
    result: z.object({ template: Template, versions: z.array(TemplateVersion) }),
  },
  /**
   * Saves a new version (or, without `id`, a new template numbered next in its family). Refused (bad_input) on a
   * syntax error, an unknown variable, a target that uses no variable, or malformed answer choices;
   * the message names the field, line and column. Saving unchanged fields makes no version.
   */
  'templates.save': {
    args: z
      .object({ id: TemplateKey.optional(), fields: TemplateFields, author: z.string().trim().min(1).max(60).default('you') })
      .strict(),
    result: Template,
  },
  /** Restores an earlier version as a new version. */
  'templates.revert': { args: z.object({ id: TemplateKey, version: z.number().int().positive() }).strict(), result: Template },
  'templates.delete': { args: z.object({ id: TemplateKey }).strict(), result: z.object({ deleted: z.boolean() }) },
  /** Checks template text without saving: problems with positions and the variables it reads. */
  'templates.check': {
    args: z.object({ fields: TemplateFields }).strict(),
    result: z.object({ problems: z.array(TemplateProblem), variables: z.array(z.string()) }),
  },
  /** The variables and filters a family's templates may use, for the editor's help and autocompletion. */
  'templates.vocabulary': {
    args: z.object({ family: Family }).strict(),
    result: z.object({ variables: z.array(VariableDoc), filters: z.array(FilterDoc) }),
  },
  /** Renders one example of a dataset through a template (saved or unsaved), with spans, token counts and warnings. */
  'templates.preview': {
    args: z
      .object({
        datasetId: Id,
        source: PreviewSource,
        split: ExampleSplit.default('train'),
        index: z.number().int().min(0).default(0),
        seed: z.number().int().default(1),
      })
      .strict(),
    result: PreviewResult,
  },
  /** Leakage and data warnings of every template (or one) over a sample of the dataset's examples. */
  'templates.warnings': {
    args: z.object({ datasetId: Id, id: TemplateKey.optional(), seed: z.number().int().default(1) }).strict(),
    result: z.array(z.object({ id: TemplateKey, warnings: z.array(TemplateWarning) })),
  },
  /** One record (a user, and that user's last interaction) rendered through every template of every family. */
  'templates.matrix': {
    args: z.object({ datasetId: Id, index: z.number().int().min(0).default(0), seed: z.number().int().default(1) }).strict(),
    result: z.object({
      index: z.number().int(),
      total: z.number().int(),
      user: z.object({ id: z.number(), extId: z.string() }),
      cells: z.array(MatrixCell),
    }),
  },
  'templates.export': {
    args: z.object({ ids: z.array(TemplateKey).optional() }).strict(),
    result: z.object({ fileName: z.string(), yaml: z.string(), count: z.number() }),
  },
  /**
   * Imports a YAML template set in one transaction: `merge` adds new ids and saves changed ones as new versions,
   * `replace` also deletes templates the file lacks. Bad input names the line and field; nothing is half-imported.
   */
  'templates.import': {
    args: z
      .object({
        yaml: z.string().max(5_000_000),
        mode: z.enum(['merge', 'replace']).default('merge'),
        author: z.string().trim().min(1).max(60).default('you'),
      })
      .strict(),
    result: z.object({ added: z.number(), updated: z.number(), unchanged: z.number(), deleted: z.number() }),
  },
  /** Restores the built-in set: every built-in id back to its built-in text (as a new version where changed). */
  'templates.restoreBuiltin': {
    args: z.object({}).strict(),
    result: z.object({ added: z.number(), updated: z.number(), unchanged: z.number(), deleted: z.number() }),
  },
  /** Example counts per family, template and split for a dataset and seed (seen templates train; every template evaluates). */
  'examples.counts': {
    args: z.object({ datasetId: Id, families: z.array(Family).min(1).optional(), seed: z.number().int().default(1) }).strict(),
    result: ExampleCounts,
  },
} as const;

export const templateEvents = {
  /** A template was saved, reverted, deleted or imported. */
  'templates.changed': z.object({ ids: z.array(z.string()) }),
} as const;
export type TemplatesChanged = z.infer<(typeof templateEvents)['templates.changed']>;
