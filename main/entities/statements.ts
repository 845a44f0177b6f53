/**
 * The entities feature's prepared statements, grouped by what they touch; EntityStore (sql.ts) holds them all.
 * Offsets are code points (span_start, span_end), end-exclusive.
 */
import type { Db } from '../db/connection';
import type { Decision, RecordStatus, SpanRef, SpanSource } from '../../preload/api-entities';

export interface SpanRow {
  record_id: number;
  annotator?: string;
  span_start: number;
  span_end: number;
  label: string;
  source: SpanSource;
  text: string;
  ref_kind: SpanRef['kind'] | null;
  ref_id: number | null;
  ref_field: string | null;
}
export interface RecordRow {
  id: number;
  dataset_id: number;
  user_id: number;
  user_ext: string;
  text: string;
  length: number;
  status: RecordStatus;
  adjudicator: string | null;
  adjudicated_at: string | null;
}
export interface LabelSetRow {
  id: number;
  dataset_id: number;
  name: string;
  nesting: string;
}

const RECORD_COLS = `r.id, r.dataset_id, r.user_id, u.ext_id AS user_ext, r.text, r.length, r.status, r.adjudicator, r.adjudicated_at`;

/** The dataset side the feature reads: its profile, users, items, behaviours, and how much human work it holds. */
export function datasetStatements(db: Db) {
  return {
    profile: db.prepare<[number], string>('SELECT profile FROM entity_profiles WHERE dataset_id = ?').pluck(),
    saveProfile: db.prepare(
      `INSERT INTO entity_profiles (dataset_id, profile, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (dataset_id) DO UPDATE SET profile = excluded.profile, updated_at = excluded.updated_at`,
    ),
    users: db.prepare<[number], { id: number; ext_id: string; features: string }>(
      'SELECT id, ext_id, features FROM users WHERE dataset_id = ? ORDER BY id',
    ),
    usersById: db.prepare<[number, number], { id: number; ext_id: string; features: string }>(
      'SELECT id, ext_id, features FROM users WHERE dataset_id = ? AND id = ?',
    ),
    usersPage: db.prepare<[number, number], { id: number; ext_id: string; features: string }>(
      'SELECT id, ext_id, features FROM users WHERE dataset_id = ? ORDER BY id LIMIT ?',
    ),
    items: db.prepare<[number], { id: number; ext_id: string; title: string | null; attrs: string }>(
      'SELECT id, ext_id, title, attrs FROM items WHERE dataset_id = ?',
    ),
    // id breaks ties in source order as seq does, and (ts, id) is the order interactions_user keeps (migration 14).
    behaviours: db.prepare<[number], { id: number; itemId: number; rating: number | null; ts: number | null }>(
      'SELECT id, item_id AS itemId, rating, ts FROM interactions WHERE user_id = ? ORDER BY ts, id',
    ),
    humanWork: db
      .prepare<[{ d: number }], number>(
        `SELECT (SELECT count(*) FROM entity_annotators a JOIN entity_records r ON r.id = a.record_id WHERE r.dataset_id = @d AND a.annotator NOT LIKE '@%')
            + (SELECT count(*) FROM entity_reviews v JOIN entity_records r ON r.id = v.record_id WHERE r.dataset_id = @d)
            + (SELECT count(*) FROM entity_records WHERE dataset_id = @d AND adjudicator IS NOT NULL)`,
      )
      .pluck(),
  };
}

/** Records: the textualized users, their order and their status. */
export function recordStatements(db: Db) {
  return {
    deleteRecords: db.prepare('DELETE FROM entity_records WHERE dataset_id = ?'),
    insertRecord: db.prepare<[number, number, string, number, string]>(
      'INSERT INTO entity_records (dataset_id, user_id, text, length, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    record: db.prepare<[number], RecordRow>(`SELECT ${RECORD_COLS} FROM entity_records r JOIN users u ON u.id = r.user_id WHERE r.id = ?`),
    recordIds: db.prepare<[number], number>('SELECT id FROM entity_records WHERE dataset_id = ? ORDER BY id').pluck(),
    recordsOf: db.prepare<[number], RecordRow>(
      `SELECT ${RECORD_COLS} FROM entity_records r JOIN users u ON u.id = r.user_id WHERE r.dataset_id = ? ORDER BY r.id`,
    ),
    prevId: db.prepare<[number, number], number>('SELECT max(id) FROM entity_records WHERE dataset_id = ? AND id < ?').pluck(),
    nextId: db.prepare<[number, number], number>('SELECT min(id) FROM entity_records WHERE dataset_id = ? AND id > ?').pluck(),
    adjudicate: db.prepare('UPDATE entity_records SET adjudicator = ?, adjudicated_at = ? WHERE id = ?'),
    setStatus: db.prepare('UPDATE entity_records SET status = ? WHERE id = ?'),
  };
}

/** Spans: each annotator's, the reviews of them, and the adjudicated final ones. */
export function spanStatements(db: Db) {
  return {
    insertSpan: db.prepare(
      `INSERT INTO entity_annotations (record_id, annotator, span_start, span_end, label, source, text, ref_kind, ref_id, ref_field, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteSpans: db.prepare('DELETE FROM entity_annotations WHERE record_id = ? AND annotator = ?'),
    touch: db.prepare(
      `INSERT INTO entity_annotators (record_id, annotator, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (record_id, annotator) DO UPDATE SET updated_at = excluded.updated_at`,
    ),
    spansOfRecord: db.prepare<[number], SpanRow>(
      'SELECT * FROM entity_annotations WHERE record_id = ? ORDER BY annotator, span_start, span_end DESC, label',
    ),
    spansOfDataset: db.prepare<[number], SpanRow>(
      `SELECT a.* FROM entity_annotations a JOIN entity_records r ON r.id = a.record_id WHERE r.dataset_id = ?
       ORDER BY a.record_id, a.annotator, a.span_start, a.span_end DESC, a.label`,
    ),
    annotatorsOfRecord: db.prepare<[number], { annotator: string; updated_at: string }>(
      'SELECT annotator, updated_at FROM entity_annotators WHERE record_id = ? ORDER BY annotator',
    ),
    annotatorsOfDataset: db.prepare<[number], { record_id: number; annotator: string; updated_at: string }>(
      'SELECT a.record_id, a.annotator, a.updated_at FROM entity_annotators a JOIN entity_records r ON r.id = a.record_id WHERE r.dataset_id = ?',
    ),
    reviewsOfRecord: db.prepare<[number], { annotator: string; decision: Decision; created_at: string }>(
      'SELECT annotator, decision, created_at FROM entity_reviews WHERE record_id = ?',
    ),
    reviewsOfDataset: db.prepare<[number], { record_id: number; annotator: string; decision: Decision }>(
      'SELECT v.record_id, v.annotator, v.decision FROM entity_reviews v JOIN entity_records r ON r.id = v.record_id WHERE r.dataset_id = ?',
    ),
    review: db.prepare(
      `INSERT INTO entity_reviews (record_id, annotator, decision, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (record_id, annotator) DO UPDATE SET decision = excluded.decision, created_at = excluded.created_at`,
    ),
    finalOfRecord: db.prepare<[number], SpanRow>(
      'SELECT * FROM entity_final_spans WHERE record_id = ? ORDER BY span_start, span_end DESC, label',
    ),
    finalOfDataset: db.prepare<[number], SpanRow>(
      `SELECT f.* FROM entity_final_spans f JOIN entity_records r ON r.id = f.record_id WHERE r.dataset_id = ?
       ORDER BY f.record_id, f.span_start, f.span_end DESC, f.label`,
    ),
    deleteFinal: db.prepare('DELETE FROM entity_final_spans WHERE record_id = ?'),
    insertFinal: db.prepare(
      `INSERT INTO entity_final_spans (record_id, span_start, span_end, label, source, text, ref_kind, ref_id, ref_field) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}

/** The label set, its labels, and where each label is used. */
export function labelStatements(db: Db) {
  return {
    labelSet: db.prepare<[number], LabelSetRow>('SELECT * FROM entity_label_sets WHERE dataset_id = ?'),
    labels: db.prepare<[number], { name: string; colour: string; hotkey: number | null; description: string }>(
      'SELECT name, colour, hotkey, description FROM entity_labels WHERE set_id = ? ORDER BY position',
    ),
    upsertSet: db.prepare(
      `INSERT INTO entity_label_sets (dataset_id, name, nesting) VALUES (?, ?, ?)
       ON CONFLICT (dataset_id) DO UPDATE SET name = excluded.name, nesting = excluded.nesting`,
    ),
    deleteLabels: db.prepare('DELETE FROM entity_labels WHERE set_id = ?'),
    insertLabel: db.prepare('INSERT INTO entity_labels (set_id, name, colour, hotkey, description, position) VALUES (?, ?, ?, ?, ?, ?)'),
    usage: db.prepare<[{ d: number }], { label: string; n: number }>(
      `SELECT label, count(*) AS n FROM (
         SELECT a.label FROM entity_annotations a JOIN entity_records r ON r.id = a.record_id WHERE r.dataset_id = @d
         UNION ALL SELECT f.label FROM entity_final_spans f JOIN entity_records r ON r.id = f.record_id WHERE r.dataset_id = @d
       ) GROUP BY label`,
    ),
    deleteLabelSpans: db.prepare<[{ d: number; label: string }]>(
      'DELETE FROM entity_annotations WHERE label = @label AND record_id IN (SELECT id FROM entity_records WHERE dataset_id = @d)',
    ),
    deleteLabelFinal: db.prepare<[{ d: number; label: string }]>(
      'DELETE FROM entity_final_spans WHERE label = @label AND record_id IN (SELECT id FROM entity_records WHERE dataset_id = @d)',
    ),
  };
}

/** The counts the dataset's report shows. */
export function countStatements(db: Db) {
  return {
    statusCounts: db.prepare<[number], { status: RecordStatus; n: number }>(
      'SELECT status, count(*) AS n FROM entity_records WHERE dataset_id = ? GROUP BY status',
    ),
    adjudicatedCount: db
      .prepare<[number], number>('SELECT count(*) FROM entity_records WHERE dataset_id = ? AND adjudicator IS NOT NULL')
      .pluck(),
    labelSourceCounts: db.prepare<[number], { label: string; source: SpanSource; n: number }>(
      `SELECT a.label, a.source, count(*) AS n FROM entity_annotations a JOIN entity_records r ON r.id = a.record_id
       WHERE r.dataset_id = ? GROUP BY a.label, a.source`,
    ),
    annotatorCounts: db.prepare<[{ d: number }], { annotator: string; records: number; spans: number; reviews: number }>(
      `SELECT x.annotator,
         count(*) AS records,
         (SELECT count(*) FROM entity_annotations a JOIN entity_records r ON r.id = a.record_id WHERE r.dataset_id = @d AND a.annotator = x.annotator) AS spans,
         (SELECT count(*) FROM entity_reviews v JOIN entity_records r ON r.id = v.record_id WHERE r.dataset_id = @d AND v.annotator = x.annotator) AS reviews
       FROM entity_annotators x JOIN entity_records r ON r.id = x.record_id WHERE r.dataset_id = @d GROUP BY x.annotator ORDER BY x.annotator`,
    ),
  };
}
