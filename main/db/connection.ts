import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { migrate } from './migrations';

export type Db = Database.Database;

export const WORKSPACE_FILE = 'workspace.sqlite';

/** Bytes per page of a new workspace. */
export const PAGE_SIZE = 16_384;

/**
 * How long a statement waits for another connection's write lock before failing with SQLITE_BUSY. SQLite waits
 * by sleeping the calling thread, so only threads that serve nothing else (workers, the CLI) wait long; the window's
 * and the server's thread set a short wait with `setBusyTimeout` and retry without blocking (db/busy.ts).
 */
export const WORKER_BUSY_TIMEOUT_MS = 60_000;

export interface OpenOptions {
  readonly?: boolean;
  /** Default WORKER_BUSY_TIMEOUT_MS. */
  busyTimeoutMs?: number;
}

/** Opens (creating if needed) a workspace database with the pragmas every connection needs, migrated to the latest schema. */
export function openDb(file: string, options: OpenOptions = {}): Db {
  if (!options.readonly) mkdirSync(dirname(file), { recursive: true });
  const db = sqlite(file, { readonly: options.readonly ?? false, timeout: options.busyTimeoutMs ?? WORKER_BUSY_TIMEOUT_MS });
  // Only a new, empty file takes a page size (a workspace made before keeps its own). 16 KiB pages put a quarter as
  // many WAL frames (one write each) behind an import's commit; of 4-64 KiB it measured fastest at 100k and 1.5M rows
  // (docs/decisions.md, import speed).
  if (!options.readonly) db.pragma(`page_size = ${PAGE_SIZE}`);
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  if (!options.readonly) migrate(db);
  return db;
}

/** A better-sqlite3 connection with the binding for this runtime (Node or Electron), no pragmas: for files that are not workspaces. */
export function sqlite(file: string, options: Database.Options = {}): Db {
  const binding = electronBinding();
  return new Database(file, { ...options, ...(binding ? { nativeBinding: binding } : {}) });
}

export function setBusyTimeout(db: Db, ms: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(ms))}`);
}

/**
 * Closes the connection. `PRAGMA optimize` only refreshes the planner's statistics, so it gets a short wait and any
 * failure is ignored: a command whose work committed must not fail at its close because another process writes.
 */
export function closeDb(db: Db): void {
  if (!db.open) return;
  try {
    if (!db.readonly && !db.inTransaction) {
      setBusyTimeout(db, 50);
      db.pragma('optimize');
    }
  } catch {
    // Statistics can wait for the next close.
  } finally {
    db.close();
  }
}

/** Inside Electron, the copy of better-sqlite3 built for Electron's ABI by scripts/postinstall.mjs (Node keeps its own). */
function electronBinding(): string | undefined {
  if (!process.versions.electron) return undefined;
  const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
  const file = join(dirname(dirname(pkg)), '.studio-electron', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}
