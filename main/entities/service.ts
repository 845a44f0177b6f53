/**
 * The entities feature: textualization profiles and jobs, records and everyone's spans, reviews, label sets,
 * pre-annotation, agreement, adjudication, mask preview, import and export. Implements the entities calls.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  MACHINE_ANNOTATOR,
  TextProfile,
  type AgreementReport,
  type Decision,
  type EntityStats,
  type ExportPlan,
  type ExportResult,
  type ExportSelection,
  type ImportSpansResult,
  type LabelDef,
  type LabelSet,
  type MaskPreview,
  type Nesting,
  type PreannotateResult,
  type PreviewRecord,
  type ProfileInfo,
  type RecordDetail,
  type RecordStatus,
  type RecordSummary,
  type Span,
  type SpanFormat,
  type SpanInput,
  type TextualizeResult,
  type EntitiesChanged,
} from '../../preload/api-entities';
import type { Db } from '../db/connection';
import { InputError, notFound, StudioError, workerFailure } from '../errors';
import type { StudioEvents } from '../events';
import type { JobManager } from '../jobs/manager';
import { runWorkerJob } from '../jobs/spawn';
import { agreement, isDisputed, type ARecord } from './agreement';
import { FORMATS, FormatError, type ImportedDoc } from './formats';
import { maskPreview, STAND_IN_TOKENIZER } from './masks';
import { catalogPatterns, parsePatterns, PatternError, PatternMatcher, type Pattern } from './patterns';
import { compileOrThrow, ensureLabels } from './run';
import { CodePoints, codePointLength, mergeSpans, SpanProblem, validateSpans, type SpanRules } from './spans';
import { tallyOrigins } from './selection';
import { EntityStore, type RecordRow } from './sql';
import { effectiveProfile } from './profile';
import { labelFor, templateFields, textualizeUser, formatValue } from './textualize';
import { alignTokens } from './tokens';
import type { TextualizeJobData, TextualizeWorkerMessage } from './textualize-worker';

const isHuman = (a: string): boolean => !a.startsWith('@');

export interface EntityServiceDeps {
  db: Db;
  dbFile: string;
  jobs: JobManager;
  events: StudioEvents;
  /** Resolves a dataset id to its name (not_found when missing). */
  dataset: (id: number) => { id: number; name: string };
  /** Staged file ids → paths. */
  staged: (ids: readonly string[]) => string[];
}

export class EntityService {
  readonly store: EntityStore;

  constructor(private readonly deps: EntityServiceDeps) {
    this.store = new EntityStore(deps.db);
  }

  /** Calls `listener` on each `entities.changed` event (the contract's payload); returns the unsubscribe. */
  onChanged(listener: (e: EntitiesChanged) => void): () => void {
    return this.deps.events.on('entities.changed', listener);
  }

  private changed(datasetId: number, recordIds?: number[]): void {
    this.deps.events.emit('entities.changed', recordIds ? { datasetId, recordIds } : { datasetId });
  }

  // ------------------------------------------------------------------------------------------------ profiles

  profile(datasetId: number): ProfileInfo {
    this.deps.dataset(datasetId);
    return { datasetId, ...effectiveProfile(this.store, datasetId) };
  }

  /** Checks templates and their placeholders against the dataset's columns. */
  checkProfile(datasetId: number, profile: TextProfile): void {
    compileOrThrow(profile);
    const fields = this.store.fields(datasetId);
    const check = (what: string, template: string, allowed: readonly string[]): void => {
      for (const f of templateFields(template)) {
        if (!allowed.includes(f))
          throw new StudioError(
            'bad_input',
            `profile: the ${what} template uses {${f}}, which is not one of ${allowed.map((a) => `{${a}}`).join(' ')}`,
          );
      }
    };
    check('user', profile.user, ['id', ...fields.user]);
    check('item', profile.item, ['id', 'title', ...fields.item]);
    check('rating', profile.behaviour.ratingFormat, ['rating']);
    check('date', profile.behaviour.dateFormat, ['date']);
  }

  saveProfile(datasetId: number, profile: TextProfile): ProfileInfo {
    this.deps.dataset(datasetId);
    this.checkProfile(datasetId, profile);
    this.store.saveProfile(datasetId, profile, new Date().toISOString());
    return this.profile(datasetId);
  }

  preview(datasetId: number, profile: TextProfile, userIds: readonly number[] | undefined, limit: number): PreviewRecord[] {
    this.deps.dataset(datasetId);
    this.checkProfile(datasetId, profile);
    const compiled = compileOrThrow(profile);
    const users = this.store.someUsers(datasetId, userIds, limit);
    const items = this.store.items(datasetId);
    return users.map((u) => {
      const rec = textualizeUser(compiled, u, this.store.behaviours(u.id), items);
      return { userId: u.id, userExtId: u.extId, text: rec.text, length: codePointLength(rec.text), spans: rec.spans };
    });
  }

  /** Starts textualizing in a worker; conflicts and bad profiles are refused before the job starts. */
  startTextualize(datasetId: number, profile: TextProfile | undefined, force: boolean): string {
    const d = this.deps.dataset(datasetId);
    const chosen = profile ?? this.profile(datasetId).profile;
    this.checkProfile(datasetId, chosen);
    if (!force && this.store.humanWork(datasetId) > 0) {
      throw new StudioError('conflict', 'this dataset has human annotations or reviews; textualizing again would replace them (use force)');
    }
    const cancel = new SharedArrayBuffer(4);
    const data: TextualizeJobData = { dbFile: this.deps.dbFile, datasetId, profile: chosen, force, cancel };
    return this.deps.jobs.start<TextualizeResult>(
      'textualize',
      `textualize ${d.name}`,
      (report, signal) =>
        runWorkerJob<TextualizeWorkerMessage, TextualizeResult>(
          'entities/textualize-worker',
          data,
          signal,
          () => Atomics.store(new Int32Array(cancel), 0, 1),
          (m) => {
            if (m.type === 'progress') {
              report({ done: m.done, total: m.total, phase: m.phase });
              return undefined;
            }
            if (m.type === 'done') return { value: m.result as TextualizeResult };
            throw workerFailure(m.error);
          },
        ),
      () => this.changed(datasetId),
    );
  }

  // ------------------------------------------------------------------------------------------------ records

  list(q: Parameters<EntityStore['list']>[0]): { total: number; rows: RecordSummary[] } {
    this.deps.dataset(q.datasetId);
    return this.store.list(q);
  }

  private recordRow(recordId: number): RecordRow {
    const r = this.store.record(recordId);
    if (!r) throw notFound(`record ${recordId}`);
    return r;
  }

  get(recordId: number, annotator?: string): RecordDetail {
    const r = this.recordRow(recordId);
    const spans = this.store.spansOfRecord(recordId);
    const touched = new Map(this.store.annotatorsOfRecord(recordId).map((a) => [a.annotator, a.updated_at]));
    const reviews = new Map(this.store.reviewsOfRecord(recordId).map((v) => [v.annotator, v]));
    const names = new Set([...touched.keys(), ...spans.keys(), ...reviews.keys()]);
    const wanted = [...names].filter((a) => annotator === undefined || a === annotator || a === MACHINE_ANNOTATOR).sort();
    const annotations = wanted.map((a) => {
      const review = reviews.get(a);
      const times = [touched.get(a), review?.created_at].filter((t): t is string => t !== undefined).sort();
      return { annotator: a, spans: spans.get(a) ?? [], decision: review?.decision ?? null, updatedAt: times[times.length - 1] ?? null };
    });
    return {
      id: r.id,
      datasetId: r.dataset_id,
      userId: r.user_id,
      userExtId: r.user_ext,
      text: r.text,
      length: r.length,
      status: r.status,
      annotations,
      final: r.adjudicator !== null ? this.store.finalOfRecord(recordId) : null,
      adjudicator: r.adjudicator,
      ...this.store.neighbours(r.dataset_id, r.id),
    };
  }

  rules(datasetId: number): SpanRules {
    const set = this.store.labelSet(datasetId);
    return { labels: new Set(set?.labels.map((l) => l.name) ?? []), nesting: set?.nesting ?? { mode: 'rules', rules: [] } };
  }

  /** Validates spans for a record; bad ones become bad_input naming the record and the span. */
  private checked(r: RecordRow, spans: readonly SpanInput[], rules: SpanRules): Span[] {
    try {
      return validateSpans(r.text, spans, rules);
    } catch (err) {
      if (err instanceof SpanProblem) {
        throw new StudioError('bad_input', `record ${r.id} (user ${r.user_ext}): ${err.message}`, { field: `spans[${err.index}]` });
      }
      throw err;
    }
  }

  /** Recomputes a record's status from its reviews, its annotators' spans and adjudication. */
  refreshStatus(recordId: number): RecordStatus {
    const r = this.recordRow(recordId);
    let status: RecordStatus;
    if (r.adjudicator !== null) status = 'accepted';
    else {
      const spans = this.store.spansOfRecord(recordId);
      const byAnnotator = new Map(
        this.store
          .annotatorsOfRecord(recordId)
          .filter((a) => isHuman(a.annotator))
          .map((a) => [a.annotator, spans.get(a.annotator) ?? []]),
      );
      const decisions = new Map(this.store.reviewsOfRecord(recordId).map((v) => [v.annotator, v.decision as string]));
      if (isDisputed({ id: r.id, text: r.text, byAnnotator, decisions })) status = 'disputed';
      else status = decisions.size > 0 ? ([...decisions.values()][0] as RecordStatus) : 'unreviewed';
    }
    if (status !== r.status) this.store.setStatus(recordId, status);
    return status;
  }

  saveSpans(recordId: number, annotator: string, spans: readonly SpanInput[]): RecordDetail {
    const r = this.recordRow(recordId);
    const valid = this.checked(r, spans, this.rules(r.dataset_id));
    this.deps.db.transaction(() => {
      this.store.replaceSpans(recordId, annotator, valid, new Date().toISOString());
      this.refreshStatus(recordId);
    })();
    this.changed(r.dataset_id, [recordId]);
    return this.get(recordId);
  }

  review(recordId: number, annotator: string, decision: Decision): RecordDetail {
    const r = this.recordRow(recordId);
    this.deps.db.transaction(() => {
      this.store.review(recordId, annotator, decision, new Date().toISOString());
      this.refreshStatus(recordId);
    })();
    this.changed(r.dataset_id, [recordId]);
    return this.get(recordId);
  }

  adjudicate(recordId: number, adjudicator: string, spans: readonly SpanInput[]): RecordDetail {
    const r = this.recordRow(recordId);
    const valid = this.checked(r, spans, this.rules(r.dataset_id));
    this.deps.db.transaction(() => {
      this.store.setFinal(recordId, adjudicator, valid, new Date().toISOString());
      this.refreshStatus(recordId);
    })();
    this.changed(r.dataset_id, [recordId]);
    return this.get(recordId);
  }

  // ------------------------------------------------------------------------------------------------ labels

  labels(datasetId: number): LabelSet[] {
    this.deps.dataset(datasetId);
    const set = this.store.labelSet(datasetId);
    if (!set) return [];
    return [
      { id: set.set.id, datasetId, name: set.set.name, labels: set.labels, nesting: set.nesting, usage: this.store.usage(datasetId) },
    ];
  }

  saveLabels(datasetId: number, name: string, labels: readonly LabelDef[], nesting: Nesting): LabelSet {
    this.deps.dataset(datasetId);
    const names = new Set<string>();
    const hotkeys = new Map<number, string>();
    for (const l of labels) {
      if (names.has(l.name)) throw new StudioError('bad_input', `label ${l.name} is listed twice`);
      names.add(l.name);
      if (l.hotkey !== null) {
        const other = hotkeys.get(l.hotkey);
        if (other) throw new StudioError('bad_input', `hotkey ${l.hotkey} is given to both ${other} and ${l.name}`);
        hotkeys.set(l.hotkey, l.name);
      }
    }
    for (const r of nesting.rules) {
      for (const l of [r.outer, r.inner])
        if (!names.has(l)) throw new StudioError('bad_input', `nesting rule ${r.outer} ⊃ ${r.inner} names unknown label ${l}`);
    }
    const usage = this.store.usage(datasetId);
    const dropped = Object.keys(usage).filter((l) => !names.has(l) && (usage[l] ?? 0) > 0);
    if (dropped.length > 0)
      throw new StudioError(
        'conflict',
        `labels still used by spans cannot be left out: ${dropped.join(', ')} (delete them with their spans instead)`,
      );
    this.store.saveLabelSet(datasetId, name, labels, nesting);
    this.changed(datasetId);
    return this.labels(datasetId)[0]!;
  }

  deleteLabel(datasetId: number, label: string, deleteSpans: boolean): LabelSet {
    this.deps.dataset(datasetId);
    const set = this.store.labelSet(datasetId);
    if (!set || !set.labels.some((l) => l.name === label)) throw notFound(`label ${label}`);
    const used = this.store.usage(datasetId)[label] ?? 0;
    if (used > 0 && !deleteSpans)
      throw new StudioError('conflict', `label ${label} is used by ${used} spans (delete them too, or relabel them first)`);
    const nesting: Nesting = { ...set.nesting, rules: set.nesting.rules.filter((r) => r.outer !== label && r.inner !== label) };
    this.deps.db.transaction(() => {
      if (used > 0) this.store.deleteLabelSpans(datasetId, label);
      this.store.saveLabelSet(
        datasetId,
        set.set.name,
        set.labels.filter((l) => l.name !== label),
        nesting,
      );
      if (used > 0) for (const id of this.store.recordIds(datasetId)) this.refreshStatus(id);
    })();
    this.changed(datasetId);
    return this.labels(datasetId)[0]!;
  }

  // ------------------------------------------------------------------------------------------------ pre-annotation

  preannotate(datasetId: number, patternFile: string | undefined, catalog: boolean): PreannotateResult {
    this.deps.dataset(datasetId);
    const rules = this.rules(datasetId);
    const known = rules.labels!;
    let patterns: Pattern[] = [];
    if (patternFile !== undefined) {
      const [path] = this.deps.staged([patternFile]);
      const file = basename(path!);
      try {
        patterns = parsePatterns(readFileSync(path!, 'utf8'));
      } catch (err) {
        if (err instanceof PatternError) throw new InputError(file, err.line, err.field, err.reason);
        throw err;
      }
      for (const p of patterns)
        if (!known.has(p.label)) throw new InputError(file, p.line, 'label', `unknown label "${p.label}" (add it to the label set first)`);
    }
    const catalogList = catalog ? catalogPatterns(this.catalogValues(datasetId)).filter((p) => known.has(p.label)) : [];
    const sources: { matcher: PatternMatcher; source: 'pattern' | 'catalog' }[] = [];
    if (patterns.length > 0) sources.push({ matcher: new PatternMatcher(patterns), source: 'pattern' });
    if (catalogList.length > 0) sources.push({ matcher: new PatternMatcher(catalogList), source: 'catalog' });
    const result: PreannotateResult = { records: 0, pattern: 0, catalog: 0, skipped: 0 };
    const spans = this.store.spansOfDataset(datasetId);
    const now = new Date().toISOString();
    const touched: number[] = [];
    this.deps.db.transaction(() => {
      for (const r of this.store.records(datasetId)) {
        const cps = new CodePoints(r.text);
        const candidates: Span[] = [];
        for (const { matcher, source } of sources) {
          for (const m of matcher.match(cps)) candidates.push({ ...m, source });
        }
        if (candidates.length === 0) continue;
        const existing = spans.get(r.id)?.get(MACHINE_ANNOTATOR) ?? [];
        const merged = mergeSpans(cps, existing, candidates, rules);
        result.skipped += merged.skipped;
        if (merged.added.length === 0) continue;
        for (const a of merged.added) result[a.source as 'pattern' | 'catalog']++;
        this.store.replaceSpans(r.id, MACHINE_ANNOTATOR, merged.spans, now);
        result.records++;
        touched.push(r.id);
      }
    })();
    if (touched.length > 0) this.changed(datasetId);
    return result;
  }

  /** Every item title (ITEM, linked to the item) and every item attribute and user feature value, with its label. */
  private *catalogValues(datasetId: number): Generator<{ label: string; value: string; ref?: Span['ref'] & object }> {
    for (const item of this.store.items(datasetId).values()) {
      if (item.title) yield { label: 'ITEM', value: item.title, ref: { kind: 'item', id: item.id, field: 'title' } };
      for (const [k, v] of Object.entries(item.attrs)) {
        const values = Array.isArray(v) ? v.map(formatValue) : [formatValue(v)];
        for (const value of values) if (value) yield { label: labelFor('item', k), value };
      }
    }
    for (const user of this.store.users(datasetId)) {
      for (const [k, v] of Object.entries(user.features)) {
        const value = formatValue(v);
        if (value) yield { label: labelFor('user', k), value };
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ agreement

  agreement(datasetId: number, only?: readonly string[]): AgreementReport {
    this.deps.dataset(datasetId);
    const records = this.agreementInput(datasetId, only);
    return { datasetId, ...agreement(records, only) };
  }

  private agreementInput(datasetId: number, only?: readonly string[]): ARecord[] {
    const keep = (a: string): boolean => (only ? only.includes(a) : isHuman(a));
    const spans = this.store.spansOfDataset(datasetId);
    const byRecord = new Map<number, Map<string, Span[]>>();
    for (const { record_id, annotator } of this.store.annotatorsOfDataset(datasetId)) {
      if (!keep(annotator)) continue;
      let m = byRecord.get(record_id);
      if (!m) byRecord.set(record_id, (m = new Map()));
      m.set(annotator, spans.get(record_id)?.get(annotator) ?? []);
    }
    const decisions = new Map<number, Map<string, string>>();
    for (const v of this.store.reviewsOfDataset(datasetId)) {
      if (!keep(v.annotator)) continue;
      let m = decisions.get(v.record_id);
      if (!m) decisions.set(v.record_id, (m = new Map()));
      m.set(v.annotator, v.decision);
    }
    return this.store
      .records(datasetId)
      .filter((r) => byRecord.has(r.id) || decisions.has(r.id))
      .map((r) => ({
        id: r.id,
        text: r.text,
        byAnnotator: byRecord.get(r.id) ?? new Map(),
        decisions: decisions.get(r.id) ?? new Map(),
        adjudicated: r.adjudicator !== null,
      }));
  }

  // ------------------------------------------------------------------------------------------------ masks

  maskPreview(recordId: number, annotator: string | undefined, seed: number, ratio: number): MaskPreview {
    const r = this.recordRow(recordId);
    const spans =
      r.adjudicator !== null
        ? this.store.finalOfRecord(recordId)
        : ((annotator !== undefined ? this.store.spansOfRecord(recordId).get(annotator) : undefined) ??
          this.store.spansOfRecord(recordId).get(MACHINE_ANNOTATOR) ??
          []);
    return { recordId, tokenizer: STAND_IN_TOKENIZER, ratio, seed, ...maskPreview(r.text, spans, seed, ratio, String(recordId)) };
  }

  /**
   * The spans training uses for each textualized user: the adjudicated final spans where a record was
   * adjudicated, else the latest human annotation, else the machine's — as the "final" export selects them.
   */
  trainingRecords(datasetId: number): Map<number, { text: string; spans: readonly Span[] }> {
    return this.store.trainingRecords(datasetId);
  }

  // ------------------------------------------------------------------------------------------------ export / import

  /** The records and spans an export with this selection writes, and whose spans they are. */
  private exportRecords(datasetId: number, selection: ExportSelection, annotator?: string) {
    if (selection === 'final') return this.store.chosenSpans(datasetId);
    const spans = this.store.spansOfDataset(datasetId);
    const who = selection === 'machine' ? MACHINE_ANNOTATOR : annotator!;
    return this.store.records(datasetId).flatMap((record) => {
      const chosen = spans.get(record.id)?.get(who) ?? (selection === 'machine' ? [] : undefined);
      return chosen ? [{ record, spans: chosen, from: who }] : [];
    });
  }

  /** What `export` would write — records, spans and whose — without writing it (the export dialog says it first). */
  exportPlan(datasetId: number, selection: ExportSelection, annotator?: string): ExportPlan {
    this.deps.dataset(datasetId);
    const chosen = this.exportRecords(datasetId, selection, annotator);
    const sources = tallyOrigins(chosen);
    return { records: chosen.length, spans: sources.reduce((n, s) => n + s.spans, 0), sources };
  }

  export(datasetId: number, format: SpanFormat, selection: ExportSelection, annotator?: string): ExportResult {
    const d = this.deps.dataset(datasetId);
    const chosen = this.exportRecords(datasetId, selection, annotator);
    const records = chosen.map(({ record: r, spans }) => ({ id: r.id, userExtId: r.user_ext, text: r.text, spans }));
    const mod = FORMATS[format];
    const { text, spans: count } = mod.write(records);
    const who = selection === 'annotator' ? annotator!.replace(/[^\p{L}\p{N}_-]/gu, '_') : selection;
    return {
      format,
      fileName: `${d.name}-${who}.${format}.${mod.extension}`,
      mime: mod.mime,
      records: records.length,
      spans: count,
      sources: tallyOrigins(chosen),
      text,
    };
  }

  importFile(datasetId: number, format: SpanFormat, fileId: string, annotator: string, addLabels: boolean): ImportSpansResult {
    const [path] = this.deps.staged([fileId]);
    return this.importText(datasetId, format, readFileSync(path!, 'utf8'), basename(path!), annotator, addLabels);
  }

  /** Imports a whole file in one transaction: every document is matched, checked and converted before anything is written. */
  importText(datasetId: number, format: SpanFormat, text: string, file: string, annotator: string, addLabels: boolean): ImportSpansResult {
    this.deps.dataset(datasetId);
    let docs: ImportedDoc[];
    try {
      docs = FORMATS[format].read(text);
    } catch (err) {
      if (err instanceof FormatError) throw new InputError(file, err.line, err.field, err.reason);
      throw err;
    }
    const records = this.store.records(datasetId);
    const byId = new Map(records.map((r) => [r.id, r]));
    const byText = new Map<string, RecordRow[]>();
    const byTokens = new Map<string, RecordRow[]>();
    const push = (m: Map<string, RecordRow[]>, k: string, r: RecordRow): void => {
      const l = m.get(k);
      if (l) l.push(r);
      else m.set(k, [r]);
    };
    for (const r of records) {
      push(byText, r.text, r);
      push(byTokens, r.text.replace(/\s+/gu, ''), r);
    }
    const rules = this.rules(datasetId);
    const labels = new Set(rules.labels);
    const added: string[] = [];
    const seen = new Map<number, number>();
    const writes: { record: RecordRow; spans: Span[] }[] = [];
    for (const doc of docs) {
      const record = this.matchRecord(doc, file, byId, byText, byTokens);
      const before = seen.get(record.id);
      if (before !== undefined)
        throw new InputError(file, doc.line, null, `record ${record.id} (user ${record.user_ext}) appears twice, also at ${before}`);
      seen.set(record.id, doc.line);
      if (doc.text !== undefined && doc.text !== record.text)
        throw new InputError(file, doc.line, 'text', `the text differs from record ${record.id} (user ${record.user_ext})`);
      const where: string[] = [];
      const inputs: SpanInput[] = doc.spans.map((s) => {
        where.push(s.field);
        return {
          start: s.start,
          end: s.end,
          label: s.label,
          source: s.source ?? 'human',
          ...(s.text !== undefined ? { text: s.text } : {}),
        };
      });
      if (doc.tokens && doc.tokenSpans) {
        const aligned = alignTokens(record.text, doc.tokens);
        if ('failedAt' in aligned) {
          throw new InputError(
            file,
            doc.line,
            `tokens[${aligned.failedAt}]`,
            `token ${JSON.stringify(doc.tokens[aligned.failedAt])} does not follow in record ${record.id} (user ${record.user_ext})`,
          );
        }
        for (const ts of doc.tokenSpans) {
          where.push(ts.field);
          inputs.push({ start: aligned.offsets[ts.first]!.start, end: aligned.offsets[ts.last]!.end, label: ts.label, source: 'human' });
        }
      }
      inputs.forEach((s, i) => {
        if (labels.has(s.label)) return;
        if (!addLabels)
          throw new InputError(
            file,
            doc.line,
            where[i]!,
            `record ${record.id} (user ${record.user_ext}): span ${i + 1} [${s.start},${s.end}) has unknown label "${s.label}"`,
          );
        labels.add(s.label);
        added.push(s.label);
      });
      try {
        writes.push({ record, spans: validateSpans(record.text, inputs, { labels, nesting: rules.nesting }) });
      } catch (err) {
        if (err instanceof SpanProblem)
          throw new InputError(file, doc.line, where[err.index] ?? null, `record ${record.id} (user ${record.user_ext}): ${err.message}`);
        throw err;
      }
    }
    const now = new Date().toISOString();
    let spans = 0;
    this.deps.db.transaction(() => {
      if (added.length > 0) ensureLabels(this.store, datasetId, added);
      for (const w of writes) {
        this.store.replaceSpans(w.record.id, annotator, w.spans, now);
        this.refreshStatus(w.record.id);
        spans += w.spans.length;
      }
    })();
    this.changed(datasetId);
    return { records: writes.length, spans, annotator, labelsAdded: added };
  }

  private matchRecord(
    doc: ImportedDoc,
    file: string,
    byId: Map<number, RecordRow>,
    byText: Map<string, RecordRow[]>,
    byTokens: Map<string, RecordRow[]>,
  ): RecordRow {
    if (doc.recordId !== undefined) {
      const r = byId.get(doc.recordId);
      if (!r) throw new InputError(file, doc.line, 'record_id', `record ${doc.recordId} is not a record of this dataset`);
      return r;
    }
    const candidates =
      doc.text !== undefined ? byText.get(doc.text) : doc.tokens ? byTokens.get(doc.tokens.join('').replace(/\s+/gu, '')) : undefined;
    if (!candidates || candidates.length === 0) {
      throw new InputError(
        file,
        doc.line,
        doc.text !== undefined ? 'text' : 'tokens',
        'no record of this dataset has this text (textualize the dataset first, or check the file)',
      );
    }
    return candidates.length === 1 ? candidates[0]! : candidates.shift()!;
  }

  // ------------------------------------------------------------------------------------------------ stats

  stats(datasetId: number): EntityStats {
    this.deps.dataset(datasetId);
    const byStatus = { unreviewed: 0, accepted: 0, rejected: 0, disputed: 0 };
    let records = 0;
    for (const { status, n } of this.store.statusCounts(datasetId)) {
      byStatus[status] = n;
      records += n;
    }
    const perLabel = new Map<string, EntityStats['perLabel'][number]>();
    for (const { label, source, n } of this.store.labelSourceCounts(datasetId)) {
      let row = perLabel.get(label);
      if (!row) perLabel.set(label, (row = { label, total: 0, auto: 0, pattern: 0, catalog: 0, human: 0 }));
      row[source] += n;
      row.total += n;
    }
    const agr = agreement(this.agreementInput(datasetId));
    return {
      datasetId,
      records,
      byStatus,
      adjudicated: this.store.adjudicatedCount(datasetId),
      perLabel: [...perLabel.values()].sort((a, b) => b.total - a.total || (a.label < b.label ? -1 : 1)),
      annotators: this.store.annotatorCounts(datasetId),
      agreement: { ...agr.overall, disputed: agr.disputed.length },
    };
  }
}
