/**
 * Shared by the stress and fault drills: the real `studio` CLI as child processes on one workspace, polling the
 * workspace file read-only (a plain SQLite reader, not a studio, so it never sweeps jobs), and SQLite's own
 * integrity check.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqlite } from '../../../main/db/connection';

export const root = new URL('../../../', import.meta.url).pathname;

/** How many times each kill drill runs (STUDIO_DRILL_TRIES; the suite runs each once). */
export const TRIES = Math.max(1, Number(process.env.STUDIO_DRILL_TRIES ?? 1));

const env = { ...process.env, STUDIO_DATA_DIR: '', NODE_NO_WARNINGS: '1' };

export const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `studio-${name}-`));

export function cli(args: string[], dataDir: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['bin/studio.mjs', ...args, '--data-dir', dataDir], { cwd: root, encoding: 'utf8', env });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

export const json = <T>(text: string): T => JSON.parse(text) as T;

export interface Child {
  proc: ChildProcess;
  exited: Promise<number | null>;
  err: () => string;
  out: () => string;
}

/** A `studio` command running in the background. */
export function cliAsync(args: string[], dataDir: string): Child {
  return track(spawn(process.execPath, ['bin/studio.mjs', ...args, '--data-dir', dataDir], { cwd: root, env }));
}

/** A TypeScript module (as text) run by Node in the background. */
export function nodeAsync(code: string): Child {
  return track(spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, env }));
}

function track(proc: ChildProcess): Child {
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, exited, err: () => err, out: () => out };
}

/** Kills with SIGKILL (no handler runs, nothing is flushed) and waits until the process is gone. */
export async function killHard(child: Child): Promise<void> {
  child.proc.kill('SIGKILL');
  await child.exited;
}

/** One read-only query on the workspace file. */
export function query<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  if (!existsSync(join(dataDir, 'workspace.sqlite'))) return [];
  const db = sqlite(join(dataDir, 'workspace.sqlite'), { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function integrity(dataDir: string): string {
  return query<{ integrity_check: string }>(dataDir, 'PRAGMA integrity_check')
    .map((r) => r.integrity_check)
    .join('; ');
}

/** Polls `probe` every 100 ms until it returns something, or fails with `what` after `ms`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 90_000, child?: Child): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    let got: T | undefined | false;
    try {
      got = probe();
    } catch (err) {
      // The workspace is still being created or migrated by the process under test.
      if (!/no such table|database is locked|SQLITE_BUSY/.test(String(err))) throw err;
      got = undefined;
    }
    if (got !== undefined && got !== false) return got;
    if (child?.proc.exitCode !== null && child?.proc.exitCode !== undefined)
      throw new Error(`the process exited (${child.proc.exitCode}) before ${what}\n${child.err().slice(-2000)}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${child ? `\n${child.err().slice(-2000)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
