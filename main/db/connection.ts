import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { migrate } from './migrations';

export type Db = Database.Database;

export const WORKSPACE_FILE = 'workspace.sqlite';

/** Opens (creating if needed) a workspace database with the pragmas every connection needs, migrated to the latest schema. */
export function openDb(file: string, options: { readonly?: boolean } = {}): Db {
  if (!options.readonly) mkdirSync(dirname(file), { recursive: true });
  const binding = electronBinding();
  const db = new Database(file, { readonly: options.readonly ?? false, timeout: 10_000, ...(binding ? { nativeBinding: binding } : {}) });
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  if (!options.readonly) migrate(db);
  return db;
}

export function closeDb(db: Db): void {
  if (!db.open) return;
  try {
    if (!db.readonly) db.pragma('optimize');
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
