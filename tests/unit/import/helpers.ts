/** Shared by the import tests: a real temp workspace, fixture paths, temp files, and error checks. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type Db } from '../../../main/db/connection';
import { InputError } from '../../../main/errors';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/import');
export const fixture = (...parts: string[]): string => join(FIXTURES, ...parts);
export const ML100K = '/work/shared/datasets/ml-100k';

export function tempDb(): Db {
  return openDb(join(mkdtempSync(join(tmpdir(), 'studio-import-')), 'workspace.sqlite'));
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'studio-import-files-'));
}

/** Writes files (text as UTF-8, or raw bytes) into a fresh temp dir; returns the dir. */
export function files(entries: Record<string, string | Buffer>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(entries)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

export function count(db: Db, table: string): number {
  return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

/** A failed import leaves no trace: no dataset, no rows, no skips. */
export function assertNothingWritten(db: Db): void {
  for (const t of ['datasets', 'users', 'items', 'interactions', 'import_skips']) assert.equal(count(db, t), 0, `${t} should be empty`);
}

/** Awaits a rejection with an InputError naming this file, line and field, with a reason matching `reason`. */
export async function rejectsInput(
  promise: Promise<unknown>,
  want: { file: string; line: number; field?: string | null; reason: RegExp },
): Promise<InputError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof InputError, `expected an InputError, got ${String(caught)}`);
  assert.equal(caught.file, want.file);
  assert.equal(caught.line, want.line);
  if (want.field !== undefined) assert.equal(caught.field, want.field);
  assert.match(caught.reason, want.reason);
  assert.ok(caught.message.includes(`${want.file}:${want.line}`), caught.message);
  if (want.field) assert.ok(caught.message.includes(`"${want.field}"`), caught.message);
  return caught;
}

export interface Skip {
  file: string;
  line: number;
  field: string | null;
  reason: string;
}

export function skips(db: Db): Skip[] {
  return db.prepare('SELECT file, line, field, reason FROM import_skips ORDER BY id').all() as Skip[];
}

export function rows<T>(db: Db, sql: string, ...params: unknown[]): T[] {
  return db.prepare(sql).all(...params) as T[];
}
