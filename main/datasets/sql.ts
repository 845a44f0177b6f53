import type { Db } from '../db/connection';
import type { DatasetSummary, InteractionRow, ItemRow, PageOf, SkippedRow, SplitInfo, UserRow } from '../../preload/api';
import type { SplitName } from './split';

interface DatasetRecord {
  id: number;
  name: string;
  format: string;
  source: string;
  created_at: string;
  split_rule: string | null;
  split_at: string | null;
}

export interface PageQuery {
  datasetId: number;
  offset: number;
  limit: number;
  dir: 'asc' | 'desc';
  filter: string;
}

const like = (filter: string): string => `%${filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const parseJson = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;

/** The datasets feature's SQL: every statement prepared once, per connection. */
export class DatasetStore {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      all: db.prepare<[], DatasetRecord>('SELECT * FROM datasets ORDER BY id'),
      one: db.prepare<[number], DatasetRecord>('SELECT * FROM datasets WHERE id = ?'),
      byName: db.prepare<[string], DatasetRecord>('SELECT * FROM datasets WHERE name = ?'),
      rename: db.prepare('UPDATE datasets SET name = ? WHERE id = ?'),
      remove: db.prepare('DELETE FROM datasets WHERE id = ?'),
      countUsers: db.prepare<[number], number>('SELECT count(*) FROM users WHERE dataset_id = ?').pluck(),
      countItems: db.prepare<[number], number>('SELECT count(*) FROM items WHERE dataset_id = ?').pluck(),
      countInteractions: db.prepare<[number], number>('SELECT count(*) FROM interactions WHERE dataset_id = ?').pluck(),
      countSkips: db.prepare<[number], number>('SELECT count(*) FROM import_skips WHERE dataset_id = ?').pluck(),
      splitCounts: db.prepare<[number], { split: SplitName; n: number }>(
        'SELECT split, count(*) AS n FROM interactions WHERE dataset_id = ? AND split IS NOT NULL GROUP BY split',
      ),
      splitInput: db.prepare<[number], { id: number; userId: number; ts: number | null; seq: number }>(
        'SELECT id, user_id AS userId, ts, seq FROM interactions WHERE dataset_id = ?',
      ),
      setSplit: db.prepare('UPDATE interactions SET split = ? WHERE id = ?'),
      markSplit: db.prepare('UPDATE datasets SET split_rule = ?, split_at = ? WHERE id = ?'),
      skips: db.prepare<[number, number, number], SkippedRow>(
        'SELECT file, line, field, reason FROM import_skips WHERE dataset_id = ? ORDER BY id LIMIT ? OFFSET ?',
      ),
      ratings: db.prepare<[number], number>('SELECT rating FROM interactions WHERE dataset_id = ? AND rating IS NOT NULL').pluck(),
      perUser: db
        .prepare<[number], number>(
          'SELECT count(i.id) FROM users u LEFT JOIN interactions i ON i.user_id = u.id WHERE u.dataset_id = ? GROUP BY u.id',
        )
        .pluck(),
      perItem: db.prepare<[number], number>('SELECT interaction_count FROM items WHERE dataset_id = ? ORDER BY id').pluck(),
      textCounts: db.prepare<[number], { reviews: number; summaries: number; first: number | null; last: number | null }>(
        `SELECT count(review) AS reviews, count(summary) AS summaries, min(ts) AS first, max(ts) AS last
         FROM interactions WHERE dataset_id = ?`,
      ),
    };
  }

  list(): DatasetSummary[] {
    return this.s.all.all().map((r) => this.summarize(r));
  }

  get(id: number): DatasetSummary | undefined {
    const r = this.s.one.get(id);
    return r && this.summarize(r);
  }

  findByName(name: string): DatasetSummary | undefined {
    const r = this.s.byName.get(name);
    return r && this.summarize(r);
  }

  rename(id: number, name: string): void {
    this.s.rename.run(name, id);
  }

  remove(id: number): boolean {
    return this.s.remove.run(id).changes > 0;
  }

  private summarize(r: DatasetRecord): DatasetSummary {
    return {
      id: r.id,
      name: r.name,
      format: r.format,
      source: r.source,
      createdAt: r.created_at,
      users: this.s.countUsers.get(r.id) ?? 0,
      items: this.s.countItems.get(r.id) ?? 0,
      interactions: this.s.countInteractions.get(r.id) ?? 0,
      skipped: this.s.countSkips.get(r.id) ?? 0,
      split: this.splitInfo(r),
    };
  }

  private splitInfo(r: DatasetRecord): SplitInfo | null {
    if (!r.split_rule || !r.split_at) return null;
    const counts = { train: 0, valid: 0, test: 0 };
    for (const { split, n } of this.s.splitCounts.all(r.id)) counts[split] = n;
    return { rule: r.split_rule, createdAt: r.split_at, ...counts };
  }

  splitInput(datasetId: number): { id: number; userId: number; ts: number | null; seq: number }[] {
    return this.s.splitInput.all(datasetId);
  }

  /** Writes a whole split in one transaction: a split is either all there or not at all. */
  writeSplit(datasetId: number, assignment: Map<number, SplitName>, rule: string, at: string): void {
    this.db.transaction(() => {
      for (const [id, split] of assignment) this.s.setSplit.run(split, id);
      this.s.markSplit.run(rule, at, datasetId);
    })();
  }

  skipped(datasetId: number, offset: number, limit: number): PageOf<SkippedRow> {
    return { total: this.s.countSkips.get(datasetId) ?? 0, rows: this.s.skips.all(datasetId, limit, offset) };
  }

  users(q: PageQuery & { sort: 'id' | 'extId' | 'interactions' }): PageOf<UserRow> {
    const where = q.filter ? `u.dataset_id = ? AND (u.ext_id LIKE ? ESCAPE '\\' OR u.features LIKE ? ESCAPE '\\')` : 'u.dataset_id = ?';
    const params: (string | number)[] = q.filter ? [q.datasetId, like(q.filter), like(q.filter)] : [q.datasetId];
    const order = { id: 'u.id', extId: 'u.ext_id', interactions: 'interactions' }[q.sort];
    const total = this.db
      .prepare(`SELECT count(*) FROM users u WHERE ${where}`)
      .pluck()
      .get(...params) as number;
    const rows = this.db
      .prepare(
        `SELECT u.id, u.ext_id AS extId, u.features,
           (SELECT count(*) FROM interactions i WHERE i.user_id = u.id) AS interactions
         FROM users u WHERE ${where} ORDER BY ${order} ${q.dir}${q.sort === 'id' ? '' : `, u.id ${q.dir}`} LIMIT ? OFFSET ?`,
      )
      .all(...params, q.limit, q.offset) as { id: number; extId: string; features: string; interactions: number }[];
    return { total, rows: rows.map((r) => ({ ...r, features: parseJson(r.features) })) };
  }

  items(q: PageQuery & { sort: 'id' | 'extId' | 'title' | 'interactions' }): PageOf<ItemRow> {
    const where = q.filter
      ? `t.dataset_id = ? AND (t.ext_id LIKE ? ESCAPE '\\' OR t.title LIKE ? ESCAPE '\\' OR t.attrs LIKE ? ESCAPE '\\')`
      : 't.dataset_id = ?';
    const params: (string | number)[] = q.filter ? [q.datasetId, like(q.filter), like(q.filter), like(q.filter)] : [q.datasetId];
    const order = { id: 't.id', extId: 't.ext_id', title: 't.title', interactions: 'interactions' }[q.sort];
    const total = this.db
      .prepare(`SELECT count(*) FROM items t WHERE ${where}`)
      .pluck()
      .get(...params) as number;
    const rows = this.db
      .prepare(
        `SELECT t.id, t.ext_id AS extId, t.title, t.attrs, t.interaction_count AS interactions
         FROM items t WHERE ${where} ORDER BY ${order} ${q.dir}${q.sort === 'id' ? '' : `, t.id ${q.dir}`} LIMIT ? OFFSET ?`,
      )
      .all(...params, q.limit, q.offset) as { id: number; extId: string; title: string | null; attrs: string; interactions: number }[];
    return { total, rows: rows.map((r) => ({ ...r, attrs: parseJson(r.attrs) })) };
  }

  interactions(q: PageQuery & { sort: 'id' | 'user' | 'item' | 'rating' | 'timestamp'; userId?: number }): PageOf<InteractionRow> {
    const conds = ['x.dataset_id = ?'];
    const params: (string | number)[] = [q.datasetId];
    if (q.userId !== undefined) {
      conds.push('x.user_id = ?');
      params.push(q.userId);
    }
    if (q.filter) {
      conds.push(
        `(u.ext_id LIKE ? ESCAPE '\\' OR t.ext_id LIKE ? ESCAPE '\\' OR t.title LIKE ? ESCAPE '\\' OR x.review LIKE ? ESCAPE '\\')`,
      );
      params.push(like(q.filter), like(q.filter), like(q.filter), like(q.filter));
    }
    const where = conds.join(' AND ');
    // x.id is unique, so it needs no tie-break; adding one would make SQLite sort every row instead of walking the index.
    const keys = {
      id: ['x.id'],
      user: ['u.ext_id', 'x.seq'],
      item: ['t.title', 'x.seq'],
      rating: ['x.rating', 'x.seq'],
      timestamp: ['x.ts', 'x.seq'],
    }[q.sort];
    const orderBy = keys.map((k) => `${k} ${q.dir}`).join(', ');
    const from = 'interactions x JOIN users u ON u.id = x.user_id JOIN items t ON t.id = x.item_id';
    const select = `SELECT x.id, x.user_id AS userId, u.ext_id AS userExt, x.item_id AS itemId, t.ext_id AS itemExt, t.title AS itemTitle,
           x.rating, x.ts AS timestamp, x.review, x.summary, x.split`;
    // Without a filter on joined columns, count and page on interactions alone and join only the page's rows:
    // at 1M rows joining every skipped row is what made deep pages slow.
    const ownColumns = !q.filter && (q.sort === 'id' || q.sort === 'rating' || q.sort === 'timestamp');
    if (ownColumns) {
      const total = this.db
        .prepare(`SELECT count(*) FROM interactions x WHERE ${where}`)
        .pluck()
        .get(...params) as number;
      const rows = this.db
        .prepare(
          `WITH page AS (SELECT x.id FROM interactions x WHERE ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?)
           ${select} FROM page JOIN interactions x ON x.id = page.id JOIN users u ON u.id = x.user_id JOIN items t ON t.id = x.item_id
           ORDER BY ${orderBy}`,
        )
        .all(...params, q.limit, q.offset) as InteractionRow[];
      return { total, rows };
    }
    const total = this.db
      .prepare(`SELECT count(*) FROM ${from} WHERE ${where}`)
      .pluck()
      .get(...params) as number;
    const rows = this.db
      .prepare(`${select} FROM ${from} WHERE ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`)
      .all(...params, q.limit, q.offset) as InteractionRow[];
    return { total, rows };
  }

  statsInput(datasetId: number): {
    ratings: number[];
    perUser: number[];
    perItem: number[];
    text: { reviews: number; summaries: number; first: number | null; last: number | null };
  } {
    return {
      ratings: this.s.ratings.all(datasetId),
      perUser: this.s.perUser.all(datasetId),
      perItem: this.s.perItem.all(datasetId),
      text: this.s.textCounts.get(datasetId) ?? { reviews: 0, summaries: 0, first: null, last: null },
    };
  }
}
