/**
 * Everything an import writes, inside one transaction: the dataset row, users, items, interactions
 * and skipped rows, from the parsers' batches (batch.ts). A batch's ids are local to the import; the writer adds
 * the first free row id it read under BEGIN IMMEDIATE (max + 1), so rows go in as multi-row INSERTs without a
 * read-back per row.
 *
 * A large load into a workspace holding fewer interactions than it brings drops the interaction index whose keys land
 * all over the table (by user) and builds it once at commit: sorting once costs about half of keeping it current row
 * by row. The drop is part of the transaction, so a failed or cancelled import (or a killed process) leaves the
 * index as it was. Items get their interaction counts at commit (the schema keeps no index by item: migration 14).
 * The WAL checkpoint waits until the import has committed.
 */
import { availableParallelism } from 'node:os';
import type { Statement } from 'better-sqlite3';
import { retryBusy } from '../../db/busy';
import { setBusyTimeout, type Db } from '../../db/connection';
import type { ImportFormat } from '../../../preload/api';
import { StudioError, badInput } from '../../errors';
import type { ImportBatch } from './batch';

export interface DatasetMeta {
  /** Given by the user: must be free. */
  name?: string;
  /** Derived from the files: gets -2, -3… when taken. */
  derivedName: string;
  format: ImportFormat;
  source: string;
}

// Rows per INSERT: the per-call overhead is mostly amortised past ~100; 256 measured a few percent faster than 128 at
// 100k rows, and 512 no faster (larger statements cost prepare time).
const ROWS_PER_INSERT = 256;
const MAX_NAME = 120;

/** Indexes on interactions whose keys do not follow insertion order: built once after a bulk load. */
const SCATTERED_INDEXES = ['interactions_user'];
/**
 * Bytes per interaction row, counted low (a MovieLens line is about 20 bytes, an Amazon review 600), so the estimate
 * of the rows an import brings errs high only for the compact formats, where rebuilding pays anyway.
 */
const BYTES_PER_ROW_LOW = 64;
/** The cache while the dropped indexes are built (negative: KiB), SQLite's default: see buildIndexes. */
const SORT_CACHE_KIB = -2000;
/** How long an import waits for another process's write lock (a long import elsewhere) before it gives up. */
const LOCK_WAIT_MS = 30 * 60_000;

export interface BeginOptions {
  /** Bytes the import will read: sizes the bulk-load decision. */
  bytes: number;
  signal?: AbortSignal;
  /** Told while another process holds the write lock, so progress can say what the import waits for. */
  onWait?: () => void;
}

/**
 * Buffers rows and writes them ROWS_PER_INSERT at a time through one prepared statement. A tuple may end in `@seq`:
 * the k-th row of a statement then gets the bound base plus k, one value bound per statement instead of per row
 * (binding is a good share of an insert's cost).
 */
class Bulk {
  readonly buf: unknown[] = [];
  readonly cap: number;
  private readonly statements = new Map<number, Statement>();

  /** `seq` (for a tuple with @seq) is shared by the statements that number one sequence, each adding its rows. */
  constructor(
    private readonly db: Db,
    private readonly head: string,
    private readonly tuple: string,
    private readonly width: number,
    private readonly before?: () => void,
    private readonly seq?: { next: number },
  ) {
    this.cap = width * ROWS_PER_INSERT;
  }

  private statement(rows: number): Statement {
    let st = this.statements.get(rows);
    if (!st) {
      const tuples = Array.from({ length: rows }, (_, k) => this.tuple.replace('@seq', `@seq + ${k}`));
      st = this.db.prepare(`${this.head} VALUES ${tuples.join(', ')}`);
      this.statements.set(rows, st);
    }
    return st;
  }

  flush(): void {
    if (this.buf.length === 0) return;
    this.before?.();
    const rows = this.buf.length / this.width;
    if (this.seq) {
      this.statement(rows).run(this.buf, { seq: this.seq.next });
      this.seq.next += rows;
    } else this.statement(rows).run(this.buf);
    this.buf.length = 0;
  }
}

export class Writer {
  readonly datasetId: number;
  readonly name: string;
  /** Row ids of this import's first user and item: a batch's local id plus these is the row id. */
  private readonly userBase: number;
  private readonly itemBase: number;
  /** The next interaction's seq: its position in the source files. */
  private readonly seq = { next: 0 };
  /** Interactions go in without text columns until the first row that has text: most datasets have none. */
  private withText = false;
  private readonly userRows: Bulk;
  private readonly itemRows: Bulk;
  private readonly plainRows: Bulk;
  private readonly textRows: Bulk;
  private readonly skipRow: Statement;
  /** The CREATE INDEX statements of the indexes dropped for this load, to run at commit. */
  private readonly rebuild: string[];
  /** Interactions per item, by the batches' local item ids: written to items.interaction_count at commit. */
  private itemCounts = new Int32Array(1024);

  /**
   * Opens the transaction and creates the dataset row; call commit() or rollback() after. While another process
   * holds the write lock it waits without blocking the thread (so progress and cancellation go on).
   */
  static async begin(db: Db, meta: DatasetMeta, options: BeginOptions): Promise<Writer> {
    if (db.inTransaction)
      throw new StudioError('internal', 'an import needs a connection of its own: this one is already inside a transaction');
    const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
    setBusyTimeout(db, Math.min(busyTimeout, 200));
    try {
      return await retryBusy(() => Writer.beginNow(db, meta, options.bytes), {
        waitMs: LOCK_WAIT_MS,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onWait ? { onWait: options.onWait } : {}),
      });
    } finally {
      setBusyTimeout(db, busyTimeout);
    }
  }

  private static beginNow(db: Db, meta: DatasetMeta, bytes: number): Writer {
    // Every id an import writes comes from its own maps, so its references are valid by construction and the
    // per-row parent lookups (a fifth of the insert time) buy nothing. The pragma only works outside a transaction.
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
    const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    const tempStore = db.pragma('temp_store', { simple: true }) as number;
    const restore = (): void => {
      if (foreignKeys) db.pragma('foreign_keys = ON');
      db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
      db.pragma(`temp_store = ${tempStore}`);
    };
    if (foreignKeys) db.pragma('foreign_keys = OFF');
    // The index build's sorter spills to files (see buildIndexes). SQLite refuses to change temp_store inside a
    // transaction once the connection has opened its temp database (an ALTER TABLE in a migration does), so it is
    // set here, before BEGIN, for the whole import.
    db.pragma('temp_store = DEFAULT');
    // The commit would otherwise copy the whole load from the WAL into the database at once; see checkpoint().
    db.pragma('wal_autocheckpoint = 0');
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      restore();
      throw err;
    }
    try {
      return new Writer(db, meta, restore, bytes);
    } catch (err) {
      db.exec('ROLLBACK');
      restore();
      throw err;
    }
  }

  private constructor(
    private readonly db: Db,
    meta: DatasetMeta,
    private readonly restore: () => void,
    bytes: number,
  ) {
    this.name = pickName(db, meta);
    const existing = db.prepare('SELECT coalesce(max(id), 0) FROM interactions').pluck().get() as number;
    this.rebuild = bytes / BYTES_PER_ROW_LOW >= existing ? dropScattered(db) : [];
    this.datasetId = Number(
      db
        .prepare('INSERT INTO datasets (name, format, source, created_at) VALUES (?, ?, ?, ?)')
        .run(this.name, meta.format, meta.source, new Date().toISOString()).lastInsertRowid,
    );
    const next = (table: string): number => db.prepare(`SELECT coalesce(max(id), 0) + 1 FROM ${table}`).pluck().get() as number;
    this.userBase = next('users');
    this.itemBase = next('items');
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
      `(${ds}, ?, ?, ?, ?, @seq)`,
      4,
      parents,
      this.seq,
    );
    this.textRows = new Bulk(
      db,
      'INSERT INTO interactions (dataset_id, user_id, item_id, rating, ts, review, summary, seq)',
      `(${ds}, ?, ?, ?, ?, ?, ?, @seq)`,
      6,
      parents,
      this.seq,
    );
    this.skipRow = db.prepare(`INSERT INTO import_skips (dataset_id, file, line, field, reason) VALUES (${ds}, ?, ?, ?, ?)`);
  }

  /**
   * Writes one batch (rows that do not fill a statement wait for the next batch or the commit). Users and items are
   * flushed before any statement of interactions, so every statement leaves the references whole.
   */
  apply(batch: ImportBatch): void {
    const users = this.userRows;
    for (let k = 0; k < batch.userExt.length; k++) {
      users.buf.push(this.userBase + batch.firstUser + k, batch.userExt[k], batch.userFeatures[k]);
      if (users.buf.length === users.cap) users.flush();
    }
    const items = this.itemRows;
    for (let k = 0; k < batch.itemExt.length; k++) {
      items.buf.push(this.itemBase + batch.firstItem + k, batch.itemExt[k], batch.itemTitle[k], batch.itemAttrs[k]);
      if (items.buf.length === items.cap) items.flush();
    }
    const { user, item, rating, ts, review, summary } = batch;
    this.count(item, batch.count, batch.firstItem + batch.itemExt.length);
    const ub = this.userBase;
    const ib = this.itemBase;
    if (review !== null && !this.withText) {
      // From the first row with text on, every row goes through the text statement, keeping id order = source order.
      this.plainRows.flush();
      this.withText = true;
    }
    if (!this.withText) {
      const b = this.plainRows;
      const buf = b.buf;
      for (let k = 0; k < batch.count; k++) {
        buf.push(ub + user[k]!, ib + item[k]!, rating[k], ts[k]);
        if (buf.length === b.cap) b.flush();
      }
    } else {
      const b = this.textRows;
      for (let k = 0; k < batch.count; k++) {
        b.buf.push(ub + user[k]!, ib + item[k]!, rating[k], ts[k], review?.[k] ?? null, summary?.[k] ?? null);
        if (b.buf.length === b.cap) b.flush();
      }
    }
    for (const s of batch.skips) this.skipRow.run(s.file, s.line, s.field, s.reason);
  }

  /** Titles that appeared after their item was written, then the dropped indexes, then COMMIT. */
  commit(lateTitles: [number, string][]): void {
    this.userRows.flush();
    this.itemRows.flush();
    this.plainRows.flush();
    this.textRows.flush();
    if (lateTitles.length > 0) {
      const set = this.db.prepare('UPDATE items SET title = ? WHERE id = ?');
      for (const [local, title] of lateTitles) set.run(title, this.itemBase + local);
    }
    this.writeItemCounts();
    if (this.rebuild.length > 0) this.buildIndexes();
    this.db.exec('COMMIT');
    this.restore();
  }

  /** Adds a batch's interactions to their items' counts; `items` is how many local item ids exist so far. */
  private count(item: Int32Array, rows: number, items: number): void {
    if (items > this.itemCounts.length) {
      const grown = new Int32Array(Math.max(items, this.itemCounts.length * 2));
      grown.set(this.itemCounts);
      this.itemCounts = grown;
    }
    const counts = this.itemCounts;
    for (let k = 0; k < rows; k++) counts[item[k]!]!++;
  }

  /** The counts of the items that have interactions, ROWS_PER_INSERT items per UPDATE … FROM (VALUES …). */
  private writeItemCounts(): void {
    const counts = this.itemCounts;
    const statements = new Map<number, Statement>();
    const statement = (rows: number): Statement => {
      let st = statements.get(rows);
      if (!st) {
        const values = Array.from({ length: rows }, () => '(?, ?)').join(', ');
        st = this.db.prepare(`UPDATE items SET interaction_count = v.column2 FROM (VALUES ${values}) AS v WHERE items.id = v.column1`);
        statements.set(rows, st);
      }
      return st;
    };
    const buf: number[] = [];
    const flush = (): void => {
      if (buf.length === 0) return;
      statement(buf.length / 2).run(buf);
      buf.length = 0;
    };
    for (let local = 0; local < counts.length; local++) {
      if (counts[local] === 0) continue;
      buf.push(this.itemBase + local, counts[local]!);
      if (buf.length === 2 * ROWS_PER_INSERT) flush();
    }
    flush();
  }

  /**
   * Runs the dropped indexes' CREATE INDEX. SQLite's sorter sizes its in-memory runs by cache_size and keeps its
   * spill files in memory under temp_store = MEMORY: with the workspace's 64 MiB cache that is one huge list merge-
   * sorted in memory, which measured 2.5-3x the CPU time of the sorter's default (2 MiB runs in temporary files
   * merged from the OS's page cache) for 1.5M rows. So the build runs with the defaults and may use helper threads;
   * shrinking the cache first writes the load's dirty pages to the WAL, which the commit would have done anyway.
   */
  private buildIndexes(): void {
    const settings = ['threads', 'cache_size'].map((name) => [name, this.db.pragma(name, { simple: true })] as const);
    this.db.pragma(`threads = ${Math.min(4, availableParallelism())}`);
    this.db.pragma(`cache_size = ${SORT_CACHE_KIB}`);
    try {
      for (const sql of this.rebuild) this.db.exec(sql);
    } finally {
      for (const [name, value] of settings) this.db.pragma(`${name} = ${String(value)}`);
    }
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.restore();
  }
}

/** Drops the scattered interaction indexes (inside the import's transaction) and returns the SQL that makes them again. */
function dropScattered(db: Db): string[] {
  const sql: string[] = [];
  const find = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").pluck();
  for (const name of SCATTERED_INDEXES) {
    const create = find.get(name) as string | undefined;
    if (!create) continue;
    db.exec(`DROP INDEX ${name}`);
    sql.push(create);
  }
  return sql;
}

/**
 * Copies what an import wrote from the WAL into the database file. The import turns the automatic checkpoint off
 * so that its commit returns as soon as the rows are in the WAL; its own thread (the import worker, the CLI) calls
 * this right after, so the copy never lands on a window's or server's thread. Passive: it never waits for a lock.
 */
export function checkpoint(db: Db): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Another connection will checkpoint; nothing is lost.
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
