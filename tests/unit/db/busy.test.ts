import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { busyRetrier, retryBusy, WriteQueue } from '../../../main/db/busy';
import { closeDb, openDb, setBusyTimeout, type Db } from '../../../main/db/connection';
import { LATEST_VERSION, migrate, schemaVersion } from '../../../main/db/migrations';
import { lockHeld, ProcessLock } from '../../../main/db/process-lock';
import { isBusy, StudioError } from '../../../main/errors';

const workspace = (): string => join(mkdtempSync(join(tmpdir(), 'studio-busy-')), 'workspace.sqlite');

/** A second connection that takes the write lock, as another studio process would. */
function holdLock(file: string): { release: () => void } {
  const other = new Database(file);
  other.exec('BEGIN IMMEDIATE');
  other.exec("INSERT INTO workspace_meta (key, value) VALUES ('holder', 'x') ON CONFLICT (key) DO UPDATE SET value = value || 'x'");
  return {
    release: () => {
      other.exec('COMMIT');
      other.close();
    },
  };
}

function interactive(file: string): Db {
  const db = openDb(file);
  setBusyTimeout(db, 25);
  return db;
}

const put = (db: Db, key: string): void => {
  db.prepare('INSERT INTO workspace_meta (key, value) VALUES (?, ?)').run(key, 'v');
};
const keys = (db: Db): string[] =>
  db.prepare("SELECT key FROM workspace_meta WHERE key LIKE 'k%' ORDER BY rowid").pluck().all() as string[];

test('a write that meets another connection’s lock waits without blocking the thread, then succeeds', async () => {
  const file = workspace();
  const db = interactive(file);
  const lock = holdLock(file);
  // Only a timer releases the lock: a thread asleep in SQLite's busy wait would never let it run.
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 5);
  setTimeout(() => lock.release(), 300);
  let tries = 0;
  await retryBusy(
    () => {
      tries++;
      put(db, 'k1');
    },
    { waitMs: 60_000 },
  );
  clearInterval(ticker);
  assert.ok(tries >= 2 && ticks >= 1, `the thread served timers between tries (${tries} tries, ${ticks} ticks)`);
  assert.deepEqual(keys(db), ['k1']);
  closeDb(db);
});

test('a lock that stays taken ends in a busy error, never an internal one', async () => {
  const file = workspace();
  const db = interactive(file);
  const lock = holdLock(file);
  await assert.rejects(
    retryBusy(() => put(db, 'k1'), { waitMs: 200 }),
    (err: unknown) => err instanceof StudioError && err.code === 'busy' && /try again/.test(err.message),
  );
  lock.release();
  closeDb(db);
});

test('a call that wrote part of its work before the lock was lost is not run twice', async () => {
  const file = workspace();
  const db = interactive(file);
  const retry = busyRetrier(db, 5_000);
  let tries = 0;
  let lock: { release: () => void } | null = null;
  await assert.rejects(
    retry(() => {
      tries++;
      put(db, `k${tries}`);
      lock = holdLock(file);
      put(db, 'k-second');
    }),
    (err: unknown) => isBusy(err) && /part of the change/.test((err as Error).message),
  );
  assert.equal(tries, 1);
  lock!.release();
  assert.deepEqual(keys(db), ['k1']);
  closeDb(db);
});

test('job bookkeeping queues behind a lock, in order, and closing under a lock does not throw', async () => {
  const file = workspace();
  const db = interactive(file);
  const errors: unknown[] = [];
  const writes = new WriteQueue((err) => errors.push(err));
  writes.write(() => put(db, 'k1'));
  const lock = holdLock(file);
  writes.write(() => put(db, 'k2'));
  writes.write(() => put(db, 'k3'));
  assert.equal(writes.size > 0, true, 'the writes wait in the queue');
  const last = writes.after(() => keys(db));
  setTimeout(() => lock.release(), 200);
  assert.deepEqual(await last, ['k1', 'k2', 'k3']);
  assert.deepEqual(errors, []);
  // PRAGMA optimize under another connection's lock is skipped, not thrown.
  const again = holdLock(file);
  assert.doesNotThrow(() => closeDb(db));
  again.release();
});

test('a workspace past version 9 that lacks its table gets it (migrations numbered out of order)', () => {
  const file = workspace();
  closeDb(openDb(file));
  const raw = new Database(file);
  raw.exec('DROP TABLE job_owners');
  assert.equal(schemaVersion(raw), LATEST_VERSION);
  migrate(raw);
  assert.ok(raw.prepare("SELECT 1 FROM sqlite_master WHERE name = 'job_owners'").get(), 'job_owners created');
  assert.equal(schemaVersion(raw), LATEST_VERSION);
  raw.close();
});

test('a process lock is held while its process lives and free the moment it is killed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-lock-'));
  const code = `import('${new URL('../../../main/db/process-lock.ts', import.meta.url).href}').then(({ ProcessLock }) => {
    console.log(ProcessLock.acquire(${JSON.stringify(dir)}).name); setInterval(() => {}, 1000); })`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const name = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
  assert.equal(lockHeld(dir, name), true);
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(lockHeld(dir, name), false);
  const own = ProcessLock.acquire(dir);
  assert.equal(lockHeld(dir, own.name), true, 'a second connection in the owning process sees the lock too');
  own.release();
  assert.equal(lockHeld(dir, own.name), false);
});
