/**
 * Everything an import writes, inside one transaction: the dataset row, users, items, interactions
 * and skipped rows. Ids are assigned here (max + 1, safe under BEGIN IMMEDIATE) and kept in Maps, so
 * rows go in as multi-row INSERTs without a read-back per row.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/connection';
import type { ImportFormat } from '../../../preload/api';
import { StudioError, badInput } from '../../errors';

export interface DatasetMeta {
  /** Given by the user: must be free. */
  name?: string;
  /** Derived from the files: gets -2, -3… when taken. */
  derivedName: string;
  format: ImportFormat;
  source: string;
}

export interface WriteCounts {
  users: number;
  items: number;
  interactions: number;
  skipped: number;
}

// Rows per INSERT: past ~100 the per-call overhead is already amortised and larger statements only cost prepare time.
const ROWS_PER_INSERT = 128;
const MAX_NAME = 120;

/** Buffers rows and writes them ROWS_PER_INSERT at a time through one prepared statement. */
class Bulk {
  readonly buf: unknown[] = [];
  readonly cap: number;
  private readonly statements = new Map<number, Statement>();

  constructor(
    private readonly db: Db,
    private readonly head: string,
    private readonly tuple: string,
    private readonly width: number,
    private readonly before?: () => void,
  ) {
    this.cap = width * ROWS_PER_INSERT;
  }

  private statement(rows: number): Statement {
    let st = this.statements.get(rows);
    if (!st) {
      st = this.db.prepare(`${this.head} VALUES ${Array.from({ length: rows }, () => this.tuple).join(', ')}`);
      this.statements.set(rows, st);
    }
    return st;
  }

  flush(): void {
    if (this.buf.length === 0) return;
    this.before?.();
    this.statement(this.buf.length / this.width).run(this.buf);
    this.buf.length = 0;
  }
}

export class Writer {
  readonly datasetId: number;
  readonly name: string;
  private readonly users = new Map<string, number>();
  private readonly items = new Map<string, number>();
  private nextUser: number;
  private nextItem: number;
  /** Interactions go in without text columns until the first row that has text: most datasets have none. */
  private withText = false;
  private seq = 0;
  private skips = 0;
  private readonly lateTitles = new Map<number, string>();
  private readonly userRows: Bulk;
  private readonly itemRows: Bulk;
  private readonly plainRows: Bulk;
  private readonly textRows: Bulk;
  private readonly skipRow: Statement;

  /** Opens the transaction and creates the dataset row; call commit() or rollback() after. */
  static begin(db: Db, meta: DatasetMeta): Writer {
    if (db.inTransaction)
      throw new StudioError('internal', 'an import needs a connection of its own: this one is already inside a transaction');
    // Every id an import writes comes from its own maps, so its references are valid by construction and the
    // per-row parent lookups (a fifth of the insert time) buy nothing. The pragma only works outside a transaction.
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
    if (foreignKeys) db.pragma('foreign_keys = OFF');
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      if (foreignKeys) db.pragma('foreign_keys = ON');
      throw err;
    }
    try {
      return new Writer(db, meta, foreignKeys);
    } catch (err) {
      db.exec('ROLLBACK');
      if (foreignKeys) db.pragma('foreign_keys = ON');
      throw err;
    }
  }

  private constructor(
    private readonly db: Db,
    meta: DatasetMeta,
    private readonly foreignKeys: boolean,
  ) {
    this.name = pickName(db, meta);
    this.datasetId = Number(
      db
        .prepare('INSERT INTO datasets (name, format, source, created_at) VALUES (?, ?, ?, ?)')
        .run(this.name, meta.format, meta.source, new Date().toISOString()).lastInsertRowid,
    );
    const next = (table: string): number => db.prepare(`SELECT coalesce(max(id), 0) + 1 FROM ${table}`).pluck().get() as number;
    this.nextUser = next('users');
    this.nextItem = next('items');
    const ds = this.datasetId;
    this.userRows = new Bulk(db, 'INSERT INTO users (id, dataset_id, ext_id, features)', `(?, ${ds}, ?, ?)`, 3);
    this.itemRows = new Bulk(db, 'INSERT INTO items (id, dataset_id, ext_id, title, attrs)', `(?, ${ds}, ?, ?, ?)`, 4);
    // Users and items go in before the interactions that name them, so every statement leaves the references whole.
    const parents = (): void => {
      this.userRows.flush();
      this.itemRows.flush();
    };
    // Interaction ids are left to SQLite (max + 1 in insertion order), so id order is source order, as seq is.
    this.plainRows = new Bulk(
      db,
      'INSERT INTO interactions (dataset_id, user_id, item_id, rating, ts, seq)',
      `(${ds}, ?, ?, ?, ?, ?)`,
      5,
      parents,
    );
    this.textRows = new Bulk(
      db,
      'INSERT INTO interactions (dataset_id, user_id, item_id, rating, ts, review, summary, seq)',
      `(${ds}, ?, ?, ?, ?, ?, ?, ?)`,
      7,
      parents,
    );
    this.skipRow = db.prepare(`INSERT INTO import_skips (dataset_id, file, line, field, reason) VALUES (${ds}, ?, ?, ?, ?)`);
  }

  userId(ext: string): number | undefined {
    return this.users.get(ext);
  }

  itemId(ext: string): number | undefined {
    return this.items.get(ext);
  }

  /** A user that must be new (callers check userId first). */
  addUser(ext: string, features: Record<string, unknown> | null): number {
    const id = this.nextUser++;
    this.users.set(ext, id);
    const b = this.userRows;
    b.buf.push(id, ext, features ? JSON.stringify(features) : '{}');
    if (b.buf.length === b.cap) b.flush();
    return id;
  }

  /** An item that must be new (callers check itemId first). */
  addItem(ext: string, title: string | null, attrs: Record<string, unknown> | null): number {
    const id = this.nextItem++;
    this.items.set(ext, id);
    const b = this.itemRows;
    b.buf.push(id, ext, title, attrs ? JSON.stringify(attrs) : '{}');
    if (b.buf.length === b.cap) b.flush();
    return id;
  }

  /** For formats where an item's title can first appear on a later row than the item. */
  setTitleLater(itemId: number, title: string): void {
    this.lateTitles.set(itemId, title);
  }

  addInteraction(
    user: number,
    item: number,
    rating: number | null,
    ts: number | null,
    review: string | null,
    summary: string | null,
  ): void {
    if (!this.withText && review === null && summary === null) {
      const b = this.plainRows;
      b.buf.push(user, item, rating, ts, this.seq++);
      if (b.buf.length === b.cap) b.flush();
      return;
    }
    if (!this.withText) {
      this.plainRows.flush();
      this.withText = true;
    }
    const b = this.textRows;
    b.buf.push(user, item, rating, ts, review, summary, this.seq++);
    if (b.buf.length === b.cap) b.flush();
  }

  skip(file: string, line: number, field: string | null, reason: string): void {
    this.skipRow.run(file, line, field, reason);
    this.skips++;
  }

  firstSkip(): { file: string; line: number; reason: string } | undefined {
    if (this.skips === 0) return undefined;
    return this.db.prepare('SELECT file, line, reason FROM import_skips WHERE dataset_id = ? ORDER BY id LIMIT 1').get(this.datasetId) as
      { file: string; line: number; reason: string } | undefined;
  }

  get counts(): WriteCounts {
    return { users: this.users.size, items: this.items.size, interactions: this.seq, skipped: this.skips };
  }

  commit(): WriteCounts {
    this.userRows.flush();
    this.itemRows.flush();
    this.plainRows.flush();
    this.textRows.flush();
    if (this.lateTitles.size > 0) {
      const set = this.db.prepare('UPDATE items SET title = ? WHERE id = ?');
      for (const [id, title] of this.lateTitles) set.run(title, id);
    }
    this.db.exec('COMMIT');
    this.restore();
    return this.counts;
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.restore();
  }

  private restore(): void {
    if (this.foreignKeys) this.db.pragma('foreign_keys = ON');
  }
}

function pickName(db: Db, meta: DatasetMeta): string {
  const taken = db.prepare('SELECT 1 FROM datasets WHERE name = ?').pluck();
  if (meta.name !== undefined) {
    const name = meta.name.trim();
    if (name === '') throw badInput('the dataset name is empty');
    if (name.length > MAX_NAME) throw badInput(`the dataset name is longer than ${MAX_NAME} characters`);
    if (taken.get(name) !== undefined) throw new StudioError('conflict', `a dataset named "${name}" already exists`);
    return name;
  }
  const base = (meta.derivedName.trim() || 'dataset').slice(0, MAX_NAME - 6);
  if (taken.get(base) === undefined) return base;
  for (let n = 2; ; n++) {
    const name = `${base}-${n}`;
    if (taken.get(name) === undefined) return name;
  }
}
