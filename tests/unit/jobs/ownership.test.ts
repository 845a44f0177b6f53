import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, openDb } from '../../../main/db/connection';
import { JobOwnership } from '../../../main/jobs/ownership';

const here = (path: string): string => new URL(path, import.meta.url).href;

/** Another studio process: it opens the workspace, claims `generate` job 42 and lives until killed. */
function otherProcess(dataDir: string): Promise<{ pid: number; kill: () => Promise<void> }> {
  const code = `
    const { openDb } = await import(${JSON.stringify(here('../../../main/db/connection.ts'))});
    const { JobOwnership, setProcessLabel } = await import(${JSON.stringify(here('../../../main/jobs/ownership.ts'))});
    setProcessLabel('studio generate');
    const owners = new JobOwnership(openDb(${JSON.stringify(join(dataDir, 'workspace.sqlite'))}), ${JSON.stringify(dataDir)});
    owners.claim('generate', 42);
    console.log('claimed');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`the owner exited early (${c})`)));
    child.stdout.once('data', () =>
      resolve({
        pid: child.pid!,
        kill: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      }),
    );
  });
}

test('a job another live process owns is left running and shown as its; once that process is killed -9 it is cut off', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-owners-'));
  const db = openDb(join(dataDir, 'workspace.sqlite'));
  const owners = new JobOwnership(db, dataDir);
  const other = await otherProcess(dataDir);
  // Job 43 never recorded an owner (a studio from before owners, or a crash before the claim): cut off.
  assert.deepEqual(owners.gone('generate', [42, 43]), [43]);
  const shown = owners.owners('generate').get(42);
  assert.equal(shown?.pid, other.pid);
  assert.equal(shown?.process, 'studio generate');
  assert.equal(shown?.self, false);

  const interrupted: number[] = [];
  assert.deepEqual(
    owners.sweep('generate', [42], (ids) => interrupted.push(...ids)),
    [],
  );
  await other.kill();
  assert.deepEqual(
    owners.sweep('generate', [42], (ids) => interrupted.push(...ids)),
    [42],
  );
  assert.deepEqual(interrupted, [42]);
  assert.equal(owners.owners('generate').size, 0, 'a dead owner is not shown');
  owners.close();
  closeDb(db);
});

test('this process’s own jobs are alive to it, and released jobs have no owner', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-owners-'));
  const db = openDb(join(dataDir, 'workspace.sqlite'));
  const a = new JobOwnership(db, dataDir);
  const b = new JobOwnership(db, dataDir);
  a.claim('train', 1);
  assert.deepEqual(b.gone('train', [1]), []);
  assert.equal(b.owners('train').get(1)?.self, true);
  assert.equal(b.owners('train').get(1)?.pid, process.pid);
  a.release('train', 1);
  assert.deepEqual(b.gone('train', [1]), [1]);
  a.close();
  b.close();
  closeDb(db);
});
