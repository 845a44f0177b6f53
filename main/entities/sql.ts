import type { Db } from '../db/connection';
import type { Decision, LabelDef, Nesting, RecordStatus, RecordSummary, Span, SpanSource } from '../../preload/api-entities';
import type { TBehaviour, TItem, TUser } from './textualize';
import { chooseSpans, type SpanOrigin } from './selection';
import {
  countStatements,
  datasetStatements,
  labelStatements,
  recordStatements,
  spanStatements,
  type LabelSetRow,
  type RecordRow,
  type SpanRow,
} from './statements';

export type { LabelSetRow, RecordRow } from './statements';

export const toSpan = (r: SpanRow): Span => ({
  start: r.span_start,
  end: r.span_end,
  label: r.label,
  source: r.source,
  text: r.text,
  ref: r.ref_kind !== null && r.ref_id !== null && r.ref_field !== null ? { kind: r.ref_kind, id: r.ref_id, field: r.ref_field } : null,
});
const spanParams = (s: Span): [number, number, string, SpanSource, string, string | null, number | null, string | null] => [
  s.start,
  s.end,
  s.label,
  s.source,
  s.text,
  s.ref?.kind ?? null,
  s.ref?.id ?? null,
  s.ref?.field ?? null,
];

const like = (filter: string): string => `%${filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface RecordListQuery {
  datasetId: number;
  offset: number;
  limit: number;
  filter: {
    status: RecordStatus | 'any';
    label?: string | undefined;
    annotator?: string | undefined;
    text?: string | undefined;
    user?: string | undefined;
  };
}

/** The entities feature's SQL. Offsets are code points (span_start, span_end), end-exclusive. */
export class EntityStore {
  private readonly s;

  constructor(readonly db: Db) {
    this.s = {
      ...datasetStatements(db),
      ...recordStatements(db),
      ...spanStatements(db),
      ...labelStatements(db),
      ...countStatements(db),
    };
  }

  // Profiles
  profile(datasetId: number): unknown {
    const text = this.s.profile.get(datasetId);
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  }
  saveProfile(datasetId: number, profile: unknown, now: string): void {
    this.s.saveProfile.run(datasetId, JSON.stringify(profile), now);
  }

  // Dataset rows, as the textualizer reads them
  users(datasetId: number): TUser[] {
    return this.s.users
      .all(datasetId)
      .map((u) => ({ id: u.id, extId: u.ext_id, features: JSON.parse(u.features) as Record<string, unknown> }));
  }
  someUsers(datasetId: number, ids: readonly number[] | undefined, limit: number): TUser[] {
    const rows = ids ? ids.flatMap((id) => this.s.usersById.all(datasetId, id)) : this.s.usersPage.all(datasetId, limit);
    return rows.map((u) => ({ id: u.id, extId: u.ext_id, features: JSON.parse(u.features) as Record<string, unknown> }));
  }
  items(datasetId: number): Map<number, TItem> {
    const m = new Map<number, TItem>();
    for (const r of this.s.items.iterate(datasetId))
      m.set(r.id, { id: r.id, extId: r.ext_id, title: r.title, attrs: JSON.parse(r.attrs) as Record<string, unknown> });
    return m;
  }
  behaviours(userId: number): TBehaviour[] {
    return this.s.behaviours.all(userId);
  }
  /** Names of user features and item attributes present in the dataset (from a sample of rows). */
  fields(datasetId: number): { user: string[]; item: string[] } {
    const keys = (sql: string): string[] =>
      (this.db.prepare(sql).pluck().all(datasetId) as string[]).filter((k) => typeof k === 'string').sort();
    return {
      user: keys(`SELECT DISTINCT j.key FROM (SELECT features FROM users WHERE dataset_id = ? LIMIT 500) u, json_each(u.features) j`),
      item: keys(`SELECT DISTINCT j.key FROM (SELECT attrs FROM items WHERE dataset_id = ? LIMIT 500) t, json_each(t.attrs) j`),
    };
  }

  // Records
  humanWork(datasetId: number): number {
    return this.s.humanWork.get({ d: datasetId }) ?? 0;
  }
  deleteRecords(datasetId: number): void {
    this.s.deleteRecords.run(datasetId);
  }
  insertRecord(datasetId: number, userId: number, text: string, length: number, now: string): number {
    return Number(this.s.insertRecord.run(datasetId, userId, text, length, now).lastInsertRowid);
  }
  record(id: number): RecordRow | undefined {
    return this.s.record.get(id);
  }
  records(datasetId: number): RecordRow[] {
    return this.s.recordsOf.all(datasetId);
  }
  recordIds(datasetId: number): number[] {
    return this.s.recordIds.all(datasetId);
  }
  neighbours(datasetId: number, id: number): { prevId: number | null; nextId: number | null } {
    return { prevId: this.s.prevId.get(datasetId, id) ?? null, nextId: this.s.nextId.get(datasetId, id) ?? null };
  }

  /** Replaces one annotator's spans on a record (the caller holds the transaction). */
  replaceSpans(recordId: number, annotator: string, spans: readonly Span[], now: string): void {
    this.s.deleteSpans.run(recordId, annotator);
    for (const s of spans) this.s.insertSpan.run(recordId, annotator, ...spanParams(s), now);
    this.s.touch.run(recordId, annotator, now);
  }
  spansOfRecord(recordId: number): Map<string, Span[]> {
    const m = new Map<string, Span[]>();
    for (const r of this.s.spansOfRecord.iterate(recordId)) {
      const list = m.get(r.annotator!);
      if (list) list.push(toSpan(r));
      else m.set(r.annotator!, [toSpan(r)]);
    }
    return m;
  }
  /** Every annotator's spans of every record of a dataset: record id → annotator → spans. */
  spansOfDataset(datasetId: number): Map<number, Map<string, Span[]>> {
    const m = new Map<number, Map<string, Span[]>>();
    for (const r of this.s.spansOfDataset.iterate(datasetId)) {
      let byA = m.get(r.record_id);
      if (!byA) m.set(r.record_id, (byA = new Map()));
      const list = byA.get(r.annotator!);
      if (list) list.push(toSpan(r));
      else byA.set(r.annotator!, [toSpan(r)]);
    }
    return m;
  }
  annotatorsOfRecord(recordId: number): { annotator: string; updated_at: string }[] {
    return this.s.annotatorsOfRecord.all(recordId);
  }
  annotatorsOfDataset(datasetId: number): { record_id: number; annotator: string; updated_at: string }[] {
    return this.s.annotatorsOfDataset.all(datasetId);
  }
  reviewsOfRecord(recordId: number): { annotator: string; decision: Decision; created_at: string }[] {
    return this.s.reviewsOfRecord.all(recordId);
  }
  reviewsOfDataset(datasetId: number): { record_id: number; annotator: string; decision: Decision }[] {
    return this.s.reviewsOfDataset.all(datasetId);
  }
  review(recordId: number, annotator: string, decision: Decision, now: string): void {
    this.s.review.run(recordId, annotator, decision, now);
  }
  finalOfRecord(recordId: number): Span[] {
    return this.s.finalOfRecord.all(recordId).map(toSpan);
  }
  /**
   * The spans standing for each record of a dataset when nobody names an annotator (`chooseSpans`: final, else the
   * latest human annotation, else the machine's), with where they come from — the default export and training.
   */
  chosenSpans(datasetId: number): { record: RecordRow; spans: readonly Span[]; from: SpanOrigin }[] {
    const spans = this.spansOfDataset(datasetId);
    const finals = this.finalOfDataset(datasetId);
    const saved = new Map<number, Map<string, string>>();
    for (const a of this.annotatorsOfDataset(datasetId)) {
      let m = saved.get(a.record_id);
      if (!m) saved.set(a.record_id, (m = new Map()));
      m.set(a.annotator, a.updated_at);
    }
    return this.records(datasetId).map((r) => ({
      record: r,
      ...chooseSpans({ adjudicated: r.adjudicator !== null, finals: finals.get(r.id), spans: spans.get(r.id), saved: saved.get(r.id) }),
    }));
  }

  /** The spans training uses for each textualized user (by user id): `chosenSpans`, as the default export writes them. */
  trainingRecords(datasetId: number): Map<number, { text: string; spans: readonly Span[] }> {
    return new Map(this.chosenSpans(datasetId).map((c) => [c.record.user_id, { text: c.record.text, spans: c.spans }]));
  }

  finalOfDataset(datasetId: number): Map<number, Span[]> {
    const m = new Map<number, Span[]>();
    for (const r of this.s.finalOfDataset.iterate(datasetId)) {
      const list = m.get(r.record_id);
      if (list) list.push(toSpan(r));
      else m.set(r.record_id, [toSpan(r)]);
    }
    return m;
  }
  setFinal(recordId: number, adjudicator: string, spans: readonly Span[], now: string): void {
    this.s.deleteFinal.run(recordId);
    for (const s of spans) this.s.insertFinal.run(recordId, ...spanParams(s));
    this.s.adjudicate.run(adjudicator, now, recordId);
  }
  setStatus(recordId: number, status: RecordStatus): void {
    this.s.setStatus.run(status, recordId);
  }

  list(q: RecordListQuery): { total: number; rows: RecordSummary[] } {
    const where = ['r.dataset_id = ?'];
    const params: (string | number)[] = [q.datasetId];
    const f = q.filter;
    if (f.status !== 'any') {
      where.push('r.status = ?');
      params.push(f.status);
    }
    if (f.label !== undefined) {
      if (f.annotator !== undefined) {
        where.push('EXISTS (SELECT 1 FROM entity_annotations a WHERE a.record_id = r.id AND a.annotator = ? AND a.label = ?)');
        params.push(f.annotator, f.label);
      } else {
        where.push(
          '(EXISTS (SELECT 1 FROM entity_annotations a WHERE a.record_id = r.id AND a.label = ?) OR EXISTS (SELECT 1 FROM entity_final_spans s WHERE s.record_id = r.id AND s.label = ?))',
        );
        params.push(f.label, f.label);
      }
    }
    if (f.annotator !== undefined) {
      where.push(
        '(EXISTS (SELECT 1 FROM entity_annotators x WHERE x.record_id = r.id AND x.annotator = ?) OR EXISTS (SELECT 1 FROM entity_reviews v WHERE v.record_id = r.id AND v.annotator = ?))',
      );
      params.push(f.annotator, f.annotator);
    }
    if (f.user !== undefined) {
      where.push('u.ext_id = ?');
      params.push(f.user);
    }
    if (f.text) {
      where.push(`r.text LIKE ? ESCAPE '\\'`);
      params.push(like(f.text));
    }
    const w = where.join(' AND ');
    const total = this.db
      .prepare(`SELECT count(*) FROM entity_records r JOIN users u ON u.id = r.user_id WHERE ${w}`)
      .pluck()
      .get(...params) as number;
    const rows = this.db
      .prepare(
        `SELECT r.id, r.user_id AS userId, u.ext_id AS userExtId, substr(r.text, 1, 200) AS snippet, r.length, r.status,
           r.adjudicator IS NOT NULL AS adjudicated,
           CASE WHEN r.adjudicator IS NOT NULL THEN (SELECT count(*) FROM entity_final_spans s WHERE s.record_id = r.id)
                ELSE (SELECT count(*) FROM entity_annotations a WHERE a.record_id = r.id AND a.annotator = COALESCE(
                  (SELECT x.annotator FROM entity_annotators x WHERE x.record_id = r.id AND x.annotator NOT LIKE '@%'
                   ORDER BY x.updated_at DESC, x.annotator LIMIT 1), '@auto')) END AS spans,
           (SELECT group_concat(annotator, char(31)) FROM (SELECT annotator FROM entity_annotators x WHERE x.record_id = r.id ORDER BY annotator)) AS annotators
         FROM entity_records r JOIN users u ON u.id = r.user_id WHERE ${w} ORDER BY r.id LIMIT ? OFFSET ?`,
      )
      .all(...params, q.limit, q.offset) as (Omit<RecordSummary, 'annotators' | 'adjudicated'> & {
      annotators: string | null;
      adjudicated: number;
    })[];
    return {
      total,
      rows: rows.map((r) => ({
        ...r,
        snippet: Array.from(r.snippet).slice(0, 200).join(''),
        adjudicated: r.adjudicated === 1,
        annotators: r.annotators ? r.annotators.split('\u001f') : [],
      })),
    };
  }

  // Label sets
  labelSet(datasetId: number): { set: LabelSetRow; labels: LabelDef[]; nesting: Nesting } | undefined {
    const set = this.s.labelSet.get(datasetId);
    if (!set) return undefined;
    return { set, labels: this.s.labels.all(set.id), nesting: JSON.parse(set.nesting) as Nesting };
  }
  saveLabelSet(datasetId: number, name: string, labels: readonly LabelDef[], nesting: Nesting): void {
    this.s.upsertSet.run(datasetId, name, JSON.stringify(nesting));
    const set = this.s.labelSet.get(datasetId)!;
    this.s.deleteLabels.run(set.id);
    labels.forEach((l, i) => this.s.insertLabel.run(set.id, l.name, l.colour, l.hotkey, l.description, i));
  }
  usage(datasetId: number): Record<string, number> {
    return Object.fromEntries(this.s.usage.all({ d: datasetId }).map((r) => [r.label, r.n]));
  }
  deleteLabelSpans(datasetId: number, label: string): void {
    this.s.deleteLabelSpans.run({ d: datasetId, label });
    this.s.deleteLabelFinal.run({ d: datasetId, label });
  }

  // Stats
  statusCounts(datasetId: number): { status: RecordStatus; n: number }[] {
    return this.s.statusCounts.all(datasetId);
  }
  adjudicatedCount(datasetId: number): number {
    return this.s.adjudicatedCount.get(datasetId) ?? 0;
  }
  labelSourceCounts(datasetId: number): { label: string; source: SpanSource; n: number }[] {
    return this.s.labelSourceCounts.all(datasetId);
  }
  annotatorCounts(datasetId: number): { annotator: string; records: number; spans: number; reviews: number }[] {
    return this.s.annotatorCounts.all({ d: datasetId });
  }
}
