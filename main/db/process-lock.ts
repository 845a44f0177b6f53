/**
 * An OS-level lock that lives exactly as long as this process: a small SQLite file in the workspace's `locks/`
 * folder, written once in exclusive locking mode, so the process holds an exclusive file lock on it until it closes
 * the file or ends. The operating system drops the lock however the process ends (exit, crash, kill -9), so another
 * process can tell a live owner from a dead one without trusting a pid that may have been reused.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isBusy } from '../errors';
import { sqlite, type Db } from './connection';

const NAME = /^\d+-[0-9a-f]{8}\.lock$/;

export class ProcessLock {
  private constructor(
    readonly dir: string,
    readonly name: string,
    private readonly db: Db,
  ) {}

  static acquire(dir: string): ProcessLock {
    mkdirSync(dir, { recursive: true });
    const name = `${process.pid}-${randomBytes(4).toString('hex')}.lock`;
    const db = sqlite(join(dir, name), { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      // The first write in exclusive locking mode takes the exclusive lock, and the connection keeps it until closed.
      db.exec('CREATE TABLE owner (pid INTEGER NOT NULL)');
      db.prepare('INSERT INTO owner (pid) VALUES (?)').run(process.pid);
    } catch (err) {
      db.close();
      throw err;
    }
    return new ProcessLock(dir, name, db);
  }

  release(): void {
    if (!this.db.open) return;
    this.db.close();
    rmSync(join(this.dir, this.name), { force: true });
  }
}

/**
 * Whether the process that took the lock `name` still holds it. Reading the file needs a shared lock, which the
 * owner's exclusive lock refuses at once; a lock that reads is nobody's any more, and its file is removed.
 */
export function lockHeld(dir: string, name: string): boolean {
  if (!NAME.test(name)) return false;
  const file = join(dir, name);
  if (!existsSync(file)) return false;
  let held: boolean;
  let db: Db | null = null;
  try {
    db = sqlite(file, { timeout: 0, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    held = false;
  } catch (err) {
    held = isBusy(err);
  } finally {
    db?.close();
  }
  if (!held) {
    rmSync(file, { force: true });
    rmSync(`${file}-journal`, { force: true });
  }
  return held;
}
