import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BundleStore } from '../../../main/bundle/sql';
import { STOP_FILE } from '../../../main/bundle/launch';
import { Studio } from '../../../main/studio';

const here = (path: string): string => new URL(path, import.meta.url).href;

/** Another studio process: it records a torchrun launch of run `runId` as its own (as launch() does) and lives until killed. */
function otherLauncher(dataDir: string, runId: number, outDir: string): Promise<{ launchId: number; kill: () => Promise<void> }> {
  const code = `
    const { openDb } = await import(${JSON.stringify(here('../../../main/db/connection.ts'))});
    const { JobOwnership, setProcessLabel } = await import(${JSON.stringify(here('../../../main/jobs/ownership.ts'))});
    const { BundleStore } = await import(${JSON.stringify(here('../../../main/bundle/sql.ts'))});
    setProcessLabel('studio runs torchrun');
    const db = openDb(${JSON.stringify(join(dataDir, 'workspace.sqlite'))});
    const owners = new JobOwnership(db, ${JSON.stringify(dataDir)});
    const launch = { runId: ${runId}, bundleDir: ${JSON.stringify(outDir)}, outDir: ${JSON.stringify(outDir)}, processes: 1, startStep: 0, endStep: 10 };
    const id = new BundleStore(db).create(launch, new Date().toISOString(), (id) => owners.claim('bundle', id));
    console.log(id);
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`the launcher exited early (${c})`)));
    child.stdout.once('data', (d: Buffer) =>
      resolve({
        launchId: Number(d.toString().trim()),
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

test('a bundle launch belongs to the process holding its lock: a live pid without the lock does not keep it running, a launch of a live studio process stays running until that process is killed -9', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-bundle-owners-'));
  const studio = await Studio.open({ dataDir: dir, mode: 'serve', sample: false });
  try {
    const now = new Date().toISOString();
    const datasetId = Number(
      studio.db.prepare("INSERT INTO datasets (name, format, source, created_at) VALUES ('d', 'recbole', '[]', ?)").run(now)
        .lastInsertRowid,
    );
    const runId = Number(
      studio.db
        .prepare("INSERT INTO runs (dataset_id, name, config, status, created_at, updated_at) VALUES (?, 'r', '{}', 'done', ?, ?)")
        .run(datasetId, now, now).lastInsertRowid,
    );
    const outOf = (name: string): string => {
      const out = join(dir, name);
      mkdirSync(out);
      return out;
    };
    // A launch whose recorded pid is alive (pid 1 always is) but that no studio process holds: under a pid rule it would
    // stay "running" for ever (a reused pid); under the lock rule it was cut off.
    const orphanOut = outOf('orphan');
    const orphan = studio.db
      .prepare(
        "INSERT INTO bundle_launches (run_id, bundle_dir, out_dir, processes, start_step, end_step, status, owner_pid, created_at, updated_at) VALUES (?, ?, ?, 1, 0, 10, 'running', 1, ?, ?)",
      )
      .run(runId, orphanOut, orphanOut, now, now).lastInsertRowid;
    const liveOut = outOf('live');
    const other = await otherLauncher(dir, runId, liveOut);
    const store = new BundleStore(studio.db);

    assert.deepEqual(studio.bundles.markInterrupted(), [runId]);
    assert.equal(store.get(Number(orphan))?.status, 'interrupted');
    assert.ok(existsSync(join(orphanOut, STOP_FILE)), 'a cut-off launch is asked to stop in case its torchrun outlived the studio');
    assert.equal(store.get(other.launchId)?.status, 'running', 'another live process’s launch is left running');
    assert.equal(existsSync(join(liveOut, STOP_FILE)), false);
    assert.equal(studio.ownership.owners('bundle').get(other.launchId)?.process, 'studio runs torchrun');
    const shown = studio.bundles.status(runId).launches.find((l) => l.id === other.launchId);
    assert.equal(shown?.owner?.process, 'studio runs torchrun', 'the launch says which process runs it');
    assert.equal(shown?.owner?.self, false);

    await other.kill();
    assert.deepEqual(studio.bundles.markInterrupted(), [runId]);
    assert.equal(store.get(other.launchId)?.status, 'interrupted');
    assert.equal(studio.bundles.status(runId).launches.find((l) => l.id === other.launchId)?.owner, null);
    assert.ok(existsSync(join(liveOut, STOP_FILE)));
    assert.deepEqual(studio.bundles.markInterrupted(), [], 'a second sweep finds nothing left');
  } finally {
    await studio.close();
  }
});
