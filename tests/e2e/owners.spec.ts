import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, test, expect, TINY_RUN } from './fixtures';
import type { CallResult } from '../../preload/api';

/** Long enough that the run is still training while the page is looked at; it is killed before it ends. */
const LONG_TINY = { ...TINY_RUN, backend: 'wasm', checkpointEvery: 2, steps: 5000 };

test('a run that a CLI process trains on the served workspace says which process owns it, and shows as interrupted once that process is killed', async ({
  page,
  studio,
}) => {
  test.setTimeout(150_000);
  const config = join(studio.dataDir, 'run.json');
  writeFileSync(config, JSON.stringify(LONG_TINY));
  const cli = spawn(
    process.execPath,
    ['bin/studio.mjs', 'train', '--dataset', 'sample', '--config', config, '--json', '--data-dir', studio.dataDir],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, STUDIO_DATA_DIR: '', NODE_NO_WARNINGS: '1' },
    },
  );
  let stderr = '';
  cli.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => cli.once('exit', () => resolve()));
  try {
    // The CLI's run is in the workspace and running (the server learns of it by reading the shared file).
    await expect
      .poll(
        async () => {
          const runs = await api<CallResult<'runs.list'>>(studio, 'runs.list', { datasetId: 1 });
          return (
            runs.find((r) => r.status === 'running' && r.owner !== null)?.owner?.pid ?? (cli.exitCode !== null ? `exited: ${stderr}` : null)
          );
        },
        { timeout: 90_000, intervals: [250] },
      )
      .toBe(cli.pid);

    await page.goto(page.url().replace(/#.*$/, '') + '#/datasets/1/runs');
    const row = page.locator('[data-testid="run-row"]').first();
    await expect(row.getByTestId('run-status')).toHaveText('running');
    const note = row.getByTestId('job-owner');
    await expect(note).toHaveText(`in studio train, pid ${cli.pid}`);
    await expect(note).toHaveAttribute('data-owner', String(cli.pid));
    await expect(note).toHaveAttribute('title', new RegExp(`^studio train \\(pid ${cli.pid} on .+\\) has run it since `));

    // Killed -9: nothing of it runs its exit handlers; the server's next sweep (every 10 s) finds its lock free.
    cli.kill('SIGKILL');
    await exited;
    await expect(row.getByTestId('run-status')).toHaveText('interrupted', { timeout: 30_000 });
    await expect(row.getByTestId('job-owner')).toHaveCount(0);
  } finally {
    if (cli.exitCode === null && cli.signalCode === null) {
      cli.kill('SIGKILL');
      await exited;
    }
  }
});
