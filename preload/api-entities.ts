/**
 * The entities part of the contract (textualized records, entity spans, label sets, annotators, agreement).
 * Spread into `calls` in api.ts; same rules: every call's args and result have a runtime schema.
 *
 * Offsets. Every span offset in this contract counts Unicode CODE POINTS, end-exclusive, and every span carries
 * its text too (the substring at its offsets). Browsers and Label Studio count UTF-16 units: convert with
 * `toUtf16Offset` / `toCodePointOffset` below (pure, no dependencies, safe to import in the window).
 *
 * Annotators. Humans are named freely (1–60 characters, not starting with "@"). Machine spans — the textualizer's
 * (`source: auto`) and pre-annotation's (`pattern`, `catalog`) — belong to the annotator `@auto` (MACHINE_ANNOTATOR).
 * The editor starts a human's work from `@auto`'s spans when the human has none of their own yet; sources are kept.
 */
import { z } from 'zod';

const Id = z.number().int().positive();

/** The annotator that owns machine spans (textualizer, patterns, catalog). */
export const MACHINE_ANNOTATOR = '@auto';

/** A label: attribute names upper-cased (AGE, OCCUPATION, BRAND), ITEM for item titles, or any curator-made name. */
export const LabelName = z
  .string()
  .min(1, 'label is empty')
  .max(64, 'label is longer than 64 characters')
  .regex(/^[\p{L}\p{N}_.:-]+$/u, 'a label is letters, digits and _ . : - only');
export const Annotator = z.string().trim().min(1, 'annotator is empty').max(60, 'annotator is longer than 60 characters');
/** A human annotator (the machine's name `@auto` is reserved). */
export const HumanAnnotator = Annotator.refine((a) => !a.startsWith('@'), 'annotator names starting with "@" are reserved');

export const SpanSource = z.enum(['auto', 'pattern', 'catalog', 'human']);
export type SpanSource = z.infer<typeof SpanSource>;

/** What a textualized span stands for: a user attribute, an item (title) or an item attribute, or an interaction's rating/date. */
export const SpanRef = z
  .object({
    kind: z.enum(['user', 'item', 'interaction']),
    /** Row id of the user, item or interaction. */
    id: z.number().int(),
    /** The attribute/feature name (title for ITEM spans, rating/date for interaction spans). */
    field: z.string(),
  })
  .strict();
export type SpanRef = z.infer<typeof SpanRef>;

/** A stored span: code-point offsets, end-exclusive, with its text. */
export const Span = z.object({
  start: z.number().int().min(0),
  end: z.number().int().min(1),
  label: LabelName,
  source: SpanSource,
  text: z.string(),
  ref: SpanRef.nullable().default(null),
});
export type Span = z.output<typeof Span>;

/** A span as sent by the window or a file: text is optional, and checked against the record when present. */
export const SpanInput = z
  .object({
    start: z.number().int().min(0),
    end: z.number().int().min(1),
    label: LabelName,
    source: SpanSource.default('human'),
    text: z.string().optional(),
    ref: SpanRef.nullable().optional(),
  })
  .strict();
export type SpanInput = z.input<typeof SpanInput>;

// ---------------------------------------------------------------------------------------------------------------
// Textualization profiles

export const WindowShares = z
  .object({
    long: z.number().min(0).max(1).default(0.1),
    medium: z.number().min(0).max(1).default(0.3),
    short: z.number().min(0).max(1).default(0.6),
  })
  .strict()
  .refine((w) => w.long + w.medium + w.short > 0, 'window shares must not all be zero');

/**
 * How a behaviour sequence reads. Behaviours are sampled per user (seeded by `seed` and the user) from three
 * windows measured back from the user's last interaction: short = within `shortDays`, medium = within `mediumDays`,
 * long = older (RecSysLLM §1.1: 10/30/60 % by default). A window with too few behaviours gives its share to the
 * others. Without timestamps the windows fall back to sequence position (oldest half long, next 30 % medium, last 20 % short).
 * The sample is written in time order (ties keep file order).
 */
export const BehaviourTemplate = z
  .object({
    /** Text before the sequence; empty when the user has no behaviours. */
    intro: z.string().max(500).default(' Recently they interacted with: '),
    separator: z.string().max(50).default(', '),
    outro: z.string().max(500).default('.'),
    /** Appends `ratingFormat` after each item; {rating} is a RATING entity. */
    rating: z.boolean().default(false),
    ratingFormat: z.string().max(100).default(' (rated {rating})'),
    /** Appends `dateFormat` after each item; {date} (YYYY-MM-DD, UTC) is a DATE entity. */
    date: z.boolean().default(false),
    dateFormat: z.string().max(100).default(' on {date}'),
    maxBehaviours: z.number().int().min(0).max(1000).default(20),
    windows: WindowShares.default({ long: 0.1, medium: 0.3, short: 0.6 }),
    shortDays: z.number().positive().max(36500).default(7),
    mediumDays: z.number().positive().max(36500).default(90),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
  })
  .strict();

/**
 * A textualization profile. Templates use `{field}` placeholders (`{{` and `}}` for literal braces):
 * - `user`: any user feature of the dataset, plus `{id}` (the user's external id, label USER);
 * - `item`: how an item reads inside the behaviour sequence: `{title}` (an ITEM entity linked to the item) and any item attribute, plus `{id}`.
 * Every inserted value becomes an entity labelled with its field name upper-cased (non letters/digits → _), linked to its row and field.
 * A missing or empty value renders as nothing and makes no entity. In `user`, `{field|fallback}` writes `fallback` (not an
 * entity) when the value is unknown — missing, blank, or a word such as "other", "none", "unknown", "n/a" — and a sentence
 * with an unknown value and no fallback is left out whole. In the behaviour sequence a value holding the separator's mark
 * (a title with a comma in a comma-separated list) is written inside “ ” quotes, outside its entity.
 */
export const TextProfile = z
  .object({
    user: z.string().max(2000).default('A user.'),
    item: z.string().max(1000).default('{title}'),
    behaviour: BehaviourTemplate.default(BehaviourTemplate.parse({})),
  })
  .strict();
export type TextProfile = z.output<typeof TextProfile>;
export type TextProfileInput = z.input<typeof TextProfile>;

export const ProfileInfo = z.object({
  datasetId: Id,
  profile: TextProfile,
  /** False when no profile was saved yet and this one is derived from the dataset's columns. */
  saved: z.boolean(),
  /** Placeholders the templates may use. */
  fields: z.object({ user: z.array(z.string()), item: z.array(z.string()) }),
});
export type ProfileInfo = z.infer<typeof ProfileInfo>;

export const PreviewRecord = z.object({
  userId: z.number(),
  userExtId: z.string(),
  text: z.string(),
  /** Length of text in code points. */
  length: z.number(),
  spans: z.array(Span),
});
export type PreviewRecord = z.infer<typeof PreviewRecord>;

// ---------------------------------------------------------------------------------------------------------------
// Records, annotations, reviews

export const RecordStatus = z.enum(['unreviewed', 'accepted', 'rejected', 'disputed']);
export type RecordStatus = z.infer<typeof RecordStatus>;
export const Decision = z.enum(['accepted', 'rejected']);
export type Decision = z.infer<typeof Decision>;

export const RecordFilter = z
  .object({
    status: z.enum(['unreviewed', 'accepted', 'rejected', 'disputed', 'any']).default('any'),
    /** Records holding at least one span (any annotator, or `annotator`'s) with this label. */
    label: LabelName.optional(),
    /** Records this annotator has spans or a review on. */
    annotator: Annotator.optional(),
    /** Substring of the record text (case-insensitive for ASCII). */
    text: z.string().max(200).optional(),
    /** The record of the user with this id of the dataset's own (exact): addresses name records this way. */
    user: z.string().min(1).max(200).optional(),
  })
  .strict();

export const RecordSummary = z.object({
  id: z.number(),
  userId: z.number(),
  userExtId: z.string(),
  /** The first 200 code points of the text. */
  snippet: z.string(),
  length: z.number(),
  status: RecordStatus,
  /** Spans standing for the record (as the default export takes them): final, else the latest human annotation's, else the machine's. */
  spans: z.number(),
  annotators: z.array(z.string()),
  adjudicated: z.boolean(),
});
export type RecordSummary = z.infer<typeof RecordSummary>;

export const Annotation = z.object({
  annotator: z.string(),
  spans: z.array(Span),
  decision: Decision.nullable(),
  /** ISO time of this annotator's last save or review of the record. */
  updatedAt: z.string().nullable(),
});
export type Annotation = z.infer<typeof Annotation>;

export const RecordDetail = z.object({
  id: z.number(),
  datasetId: z.number(),
  userId: z.number(),
  userExtId: z.string(),
  text: z.string(),
  length: z.number(),
  status: RecordStatus,
  /** Every annotator's spans (the machine's under `@auto`), or only `annotator`'s and `@auto`'s when asked. */
  annotations: z.array(Annotation),
  /** The adjudicated spans, null until adjudicated. */
  final: z.array(Span).nullable(),
  adjudicator: z.string().nullable(),
  /** Neighbours in list order (id order) for next/previous with the keyboard. */
  prevId: z.number().nullable(),
  nextId: z.number().nullable(),
});
export type RecordDetail = z.infer<typeof RecordDetail>;

// ---------------------------------------------------------------------------------------------------------------
// Label sets

export const LabelDef = z
  .object({
    name: LabelName,
    colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour is #rrggbb'),
    hotkey: z.number().int().min(1).max(9).nullable().default(null),
    description: z.string().max(500).default(''),
  })
  .strict();
export type LabelDef = z.output<typeof LabelDef>;

/** Nesting: `none` refuses any nested span, `any` allows every nesting, `rules` allows only the listed outer ⊃ inner pairs. Partial overlaps are always refused. */
export const Nesting = z
  .object({
    mode: z.enum(['none', 'any', 'rules']).default('rules'),
    rules: z
      .array(z.object({ outer: LabelName, inner: LabelName }).strict())
      .max(500)
      .default([]),
  })
  .strict();
export type Nesting = z.output<typeof Nesting>;

/** One label set per dataset (created on first textualization from the profile's fields). */
export const LabelSet = z.object({
  id: z.number(),
  datasetId: z.number(),
  name: z.string(),
  labels: z.array(LabelDef),
  nesting: Nesting,
  /** Spans per label across all annotators and the final spans. */
  usage: z.record(z.string(), z.number()),
});
export type LabelSet = z.infer<typeof LabelSet>;

// ---------------------------------------------------------------------------------------------------------------
// Agreement, masks, import/export, stats

export const LabelAgreement = z.object({
  label: z.string(),
  f1: z.number().nullable(),
  /** Spans of a, spans of b, exact matches (same start, end, label). */
  a: z.number(),
  b: z.number(),
  matched: z.number(),
});
export const PairAgreement = z.object({
  a: z.string(),
  b: z.string(),
  /** Records both annotated. */
  records: z.number(),
  /** Span-level F1 on exact (start, end, label) matches; null when neither has a span. */
  f1: z.number().nullable(),
  /** Cohen's kappa over per-token labels (O for tokens outside every span, the innermost span's label otherwise); null when undefined. */
  kappa: z.number().nullable(),
  tokens: z.number(),
  perLabel: z.array(LabelAgreement),
});
export const AgreementReport = z.object({
  datasetId: z.number(),
  annotators: z.array(z.string()),
  pairs: z.array(PairAgreement),
  /** Pooled over all pairs. */
  perLabel: z.array(LabelAgreement),
  overall: z.object({ f1: z.number().nullable(), kappa: z.number().nullable() }),
  /** Records where two annotators' spans or decisions differ and no final spans were adjudicated. */
  disputed: z.array(z.number()),
  /** The disputed records' users by the dataset's own ids, in the same order: what a person reads. */
  disputedUsers: z.array(z.string()),
});
export type AgreementReport = z.infer<typeof AgreementReport>;

export const MaskToken = z.object({
  text: z.string(),
  start: z.number(),
  end: z.number(),
  /** Index into `entities`, null for a standalone token. */
  entity: z.number().nullable(),
});
export const MaskPreview = z.object({
  recordId: z.number(),
  tokenizer: z.string(),
  tokens: z.array(MaskToken),
  entities: z.array(
    z.object({ label: z.string(), start: z.number(), end: z.number(), text: z.string(), tokenStart: z.number(), tokenEnd: z.number() }),
  ),
  /** Mask units: a whole (outermost) entity or one standalone token; tokenEnd exclusive. */
  groups: z.array(z.object({ tokenStart: z.number(), tokenEnd: z.number(), entity: z.number().nullable() })),
  /** Indices into `groups` a pretraining sample with this seed would mask (≥ ratio of tokens, in text order). */
  masked: z.array(z.number()),
  ratio: z.number(),
  seed: z.number(),
});
export type MaskPreview = z.infer<typeof MaskPreview>;

export const SpanFormat = z.enum(['labelstudio', 'prodigy', 'doccano', 'conll', 'hf']);
export type SpanFormat = z.infer<typeof SpanFormat>;

/**
 * Which spans an export writes: `final` — the adjudicated ones, else the latest human annotation, else the
 * machine's (what training uses too) —, one annotator's, or the machine's.
 */
export const ExportSelection = z.enum(['final', 'annotator', 'machine']);
export type ExportSelection = z.infer<typeof ExportSelection>;

/** Whose spans an export writes: `from` is `final` (adjudicated), a curator's name, or `@auto` (the machine). */
export const ExportSource = z.object({ from: z.string(), records: z.number(), spans: z.number() });

/** "12 spans on 3 records: 5 final (1 record), 4 by alice (1 record), 3 machine (1 record)" — for the dialog and the CLI. */
export function describeExport(p: { records: number; spans: number; sources: readonly z.infer<typeof ExportSource>[] }): string {
  const n = (k: number, one: string) => `${k.toLocaleString('en-US')} ${one}${k === 1 ? '' : 's'}`;
  const parts = p.sources.map(
    (s) =>
      `${s.spans.toLocaleString('en-US')} ${s.from === 'final' ? 'final' : s.from === MACHINE_ANNOTATOR ? 'machine' : `by ${s.from}`} (${n(s.records, 'record')})`,
  );
  return `${n(p.spans, 'span')} on ${n(p.records, 'record')}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/** What an export will write, said before it is written. */
export const ExportPlan = z.object({ records: z.number(), spans: z.number(), sources: z.array(ExportSource) });
export type ExportPlan = z.infer<typeof ExportPlan>;

export const ExportResult = z.object({
  /** Records and spans per origin (final, each curator, the machine). */
  sources: z.array(ExportSource),
  format: SpanFormat,
  fileName: z.string(),
  mime: z.string(),
  records: z.number(),
  spans: z.number(),
  /** The file's contents (UTF-8). */
  text: z.string(),
});
export type ExportResult = z.infer<typeof ExportResult>;

export const ImportSpansResult = z.object({
  records: z.number(),
  spans: z.number(),
  annotator: z.string(),
  labelsAdded: z.array(z.string()),
});
export type ImportSpansResult = z.infer<typeof ImportSpansResult>;

export const EntityStats = z.object({
  datasetId: z.number(),
  records: z.number(),
  byStatus: z.object({ unreviewed: z.number(), accepted: z.number(), rejected: z.number(), disputed: z.number() }),
  adjudicated: z.number(),
  perLabel: z.array(
    z.object({ label: z.string(), total: z.number(), auto: z.number(), pattern: z.number(), catalog: z.number(), human: z.number() }),
  ),
  annotators: z.array(z.object({ annotator: z.string(), records: z.number(), spans: z.number(), reviews: z.number() })),
  agreement: z.object({ f1: z.number().nullable(), kappa: z.number().nullable(), disputed: z.number() }),
});
export type EntityStats = z.infer<typeof EntityStats>;

export const TextualizeResult = z.object({
  datasetId: z.number(),
  records: z.number(),
  spans: z.number(),
  interactions: z.number(),
  seconds: z.number(),
});
export type TextualizeResult = z.infer<typeof TextualizeResult>;

export const PreannotateResult = z.object({
  records: z.number(),
  /** Spans added by source. */
  pattern: z.number(),
  catalog: z.number(),
  /** Matches dropped because they partially overlapped (or nested where the label set refuses) a span already there. */
  skipped: z.number(),
});
export type PreannotateResult = z.infer<typeof PreannotateResult>;

// ---------------------------------------------------------------------------------------------------------------

export const entityCalls = {
  /** The dataset's saved profile, or one derived from its columns. */
  'entities.profiles.get': { args: z.object({ datasetId: Id }).strict(), result: ProfileInfo },
  /** Validates placeholders against the dataset's columns (unknown → bad_input naming it) and saves. */
  'entities.profiles.save': { args: z.object({ datasetId: Id, profile: TextProfile }).strict(), result: ProfileInfo },
  /** Renders a profile on real users without saving anything: `userIds` (row ids) or the first `limit` users. */
  'entities.profiles.preview': {
    args: z
      .object({
        datasetId: Id,
        profile: TextProfile,
        userIds: z.array(Id).max(50).optional(),
        limit: z.number().int().min(1).max(50).default(3),
      })
      .strict(),
    result: z.object({ records: z.array(PreviewRecord) }),
  },
  /**
   * Textualizes every user of the dataset in a worker (job kind `textualize`; job.finished carries a TextualizeResult).
   * Uses `profile` (and saves it) or the saved/derived one. Replaces earlier records; refused (conflict) when humans
   * have annotated or reviewed them, unless `force`.
   */
  'entities.textualize': {
    args: z.object({ datasetId: Id, profile: TextProfile.optional(), force: z.boolean().default(false) }).strict(),
    result: z.object({ jobId: z.string() }),
  },
  'entities.records.list': {
    args: z
      .object({
        datasetId: Id,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
        filter: RecordFilter.default({ status: 'any' }),
      })
      .strict(),
    result: z.object({ total: z.number(), rows: z.array(RecordSummary) }),
  },
  'entities.records.get': { args: z.object({ recordId: Id, annotator: Annotator.optional() }).strict(), result: RecordDetail },
  /**
   * Replaces `annotator`'s spans on the record with `spans` (the editor saves its whole state). Validated: offsets
   * within the text, text (when given) equal to the substring, known labels, no partial overlaps (message names
   * both spans), nesting only as the label set allows, no duplicates → bad_input naming the record and span.
   */
  'entities.spans.save': {
    args: z.object({ recordId: Id, annotator: Annotator, spans: z.array(SpanInput).max(5000) }).strict(),
    result: RecordDetail,
  },
  'entities.records.review': {
    args: z.object({ recordId: Id, annotator: HumanAnnotator, decision: Decision }).strict(),
    result: RecordDetail,
  },
  'entities.labels.list': { args: z.object({ datasetId: Id }).strict(), result: z.array(LabelSet) },
  /** Creates or replaces the dataset's label set. Hotkeys must be distinct; a label still used by spans cannot be dropped here (use delete). */
  'entities.labels.save': {
    args: z
      .object({
        datasetId: Id,
        name: z.string().trim().min(1).max(120).default('labels'),
        labels: z.array(LabelDef).max(200),
        nesting: Nesting.default({ mode: 'rules', rules: [] }),
      })
      .strict(),
    result: LabelSet,
  },
  /** Deletes one label; with `deleteSpans` its spans go too, otherwise a label in use is refused (conflict). */
  'entities.labels.delete': {
    args: z.object({ datasetId: Id, label: LabelName, deleteSpans: z.boolean().default(false) }).strict(),
    result: LabelSet,
  },
  /** Adds machine spans (annotator @auto) from a staged JSONL pattern file and/or the catalog (every item title and attribute value). */
  'entities.preannotate': {
    args: z
      .object({ datasetId: Id, patterns: z.string().optional(), catalog: z.boolean().default(true) })
      .strict()
      .refine((a) => a.patterns !== undefined || a.catalog, 'choose a pattern file, the catalog, or both'),
    result: PreannotateResult,
  },
  'entities.agreement': {
    args: z.object({ datasetId: Id, annotators: z.array(Annotator).optional() }).strict(),
    result: AgreementReport,
  },
  /** Sets the record's final spans (validated like spans.save); the record becomes accepted. */
  'entities.adjudicate': {
    args: z.object({ recordId: Id, adjudicator: HumanAnnotator, spans: z.array(SpanInput).max(5000) }).strict(),
    result: RecordDetail,
  },
  /**
   * How the stand-in tokenizer (word pieces: letters/digits runs split to ≤ 6 characters, each other character alone)
   * splits the record and which whole-entity groups a pretraining sample would mask. Spans: the final ones, else
   * `annotator`'s, else the machine's. Replaced by the training issue's BPE when it lands.
   */
  'entities.maskPreview': {
    args: z
      .object({
        recordId: Id,
        annotator: Annotator.optional(),
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .default(1),
        ratio: z.number().min(0.01).max(1).default(0.15),
      })
      .strict(),
    result: MaskPreview,
  },
  /** How many spans of whom `entities.export` with these arguments would write. */
  'entities.exportPlan': {
    args: z
      .object({ datasetId: Id, spans: ExportSelection.default('final'), annotator: Annotator.optional() })
      .strict()
      .refine((a) => a.spans !== 'annotator' || a.annotator !== undefined, 'name the annotator whose spans to export'),
    result: ExportPlan,
  },
  'entities.export': {
    args: z
      .object({ datasetId: Id, format: SpanFormat, spans: ExportSelection.default('final'), annotator: Annotator.optional() })
      .strict()
      .refine((a) => a.spans !== 'annotator' || a.annotator !== undefined, 'name the annotator whose spans to export'),
    result: ExportResult,
  },
  /**
   * Imports spans from a staged file as `annotator`'s (machine-sourced spans keep their source). Records are matched
   * by the record id the file carries, else by text (tokens for conll/hf). All or nothing: a mismatch, unknown label
   * (unless `addLabels`) or malformed line → bad_input naming the line, record and span.
   */
  'entities.import': {
    args: z
      .object({
        datasetId: Id,
        format: SpanFormat,
        file: z.string(),
        annotator: HumanAnnotator.default('import'),
        addLabels: z.boolean().default(false),
      })
      .strict(),
    result: ImportSpansResult,
  },
  'entities.stats': { args: z.object({ datasetId: Id }).strict(), result: EntityStats },
} as const satisfies Record<string, { args: z.ZodTypeAny; result: z.ZodTypeAny }>;

export const entityEvents = {
  /** Records, spans, reviews or labels of a dataset changed; `recordIds` when only those records did. */
  'entities.changed': z.object({ datasetId: z.number(), recordIds: z.array(z.number()).optional() }),
} as const satisfies Record<string, z.ZodTypeAny>;
export type EntitiesChanged = z.infer<(typeof entityEvents)['entities.changed']>;

// ---------------------------------------------------------------------------------------------------------------
// Offset helpers (pure): code points ↔ UTF-16 units.

/** UTF-16 offset of code point offset `cp` in `text` (clamped to the text). */
export function toUtf16Offset(text: string, cp: number): number {
  let u = 0;
  for (let i = 0; i < cp && u < text.length; i++) {
    const c = text.charCodeAt(u);
    u += c >= 0xd800 && c <= 0xdbff && u + 1 < text.length ? 2 : 1;
  }
  return u;
}

/** Code point offset of UTF-16 offset `u16` in `text`; an offset inside a surrogate pair counts the pair as passed. */
export function toCodePointOffset(text: string, u16: number): number {
  let cp = 0;
  let u = 0;
  while (u < u16 && u < text.length) {
    const c = text.charCodeAt(u);
    u += c >= 0xd800 && c <= 0xdbff && u + 1 < text.length ? 2 : 1;
    cp++;
  }
  return cp;
}

/** Length of `text` in code points. */
export function codePointLength(text: string): number {
  return toCodePointOffset(text, text.length);
}
