import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobFinished, JobInfo } from '../../../preload/api';
import { Studio } from '../../../main/studio';

function collect(studio: Studio): { progress: JobInfo[]; finished: Promise<JobFinished> } {
  const progress: JobInfo[] = [];
  const finished = new Promise<JobFinished>((resolve) => {
    // Both events through one listener, as the transports see them: the name narrows the payload.
    studio.events.onEvery((e) => {
      if (e.name === 'job.progress') progress.push(e.payload);
      if (e.name === 'job.finished') resolve(e.payload);
    });
  });
  return { progress, finished };
}

test('an import job runs in a worker thread, reports progress and lands the dataset', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-job-'));
  const studio = await Studio.open({ dataDir: dir, mode: 'serve', sample: false });
  const csv = join(dir, 'r.csv');
  writeFileSync(csv, 'user,item,rating\n' + Array.from({ length: 5000 }, (_, k) => `u${k % 97},i${k % 211},${1 + (k % 5)}`).join('\n') + '\n');
  const { progress, finished } = collect(studio);
  const jobId = studio.startImport({ files: [csv], format: 'csv', name: 'r', map: {}, skipInvalid: false });
  assert.equal(studio.jobs.list()[0]?.jobId, jobId);
  const done = await finished;
  assert.equal(done.ok, true, done.error);
  assert.deepEqual(done.result, { datasetId: 1, name: 'r', users: 97, items: 211, interactions: 5000, skipped: 0 });
  assert.ok(progress.length >= 1);
  assert.equal(studio.datasets.list()[0]?.interactions, 5000, 'the main connection sees the committed rows');
  assert.deepEqual(studio.jobs.list(), []);
  await studio.close();
});

test('cancelling an import mid-way rolls it back: nothing is written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-job-'));
  const studio = await Studio.open({ dataDir: dir, mode: 'serve', sample: false });
  const csv = join(dir, 'big.csv');
  const out = createWriteStream(csv);
  out.write('user,item,rating\n');
  for (let k = 0; k < 600_000; k++) out.write(`u${k % 5000},i${k % 3000},${1 + (k % 5)}\n`);
  await new Promise<void>((r) => out.end(r));
  const { progress, finished } = collect(studio);
  const jobId = studio.startImport({ files: [csv], format: 'csv', name: 'big', map: {}, skipInvalid: false });
  while (!progress.some((p) => p.done > 0)) await new Promise((r) => setTimeout(r, 5));
  assert.ok(studio.jobs.cancel(jobId));
  const done = await finished;
  assert.equal(done.cancelled, true);
  assert.equal(done.ok, false);
  assert.deepEqual(studio.datasets.list(), []);
  assert.equal(studio.db.prepare('SELECT count(*) FROM interactions').pluck().get(), 0);
  await studio.close();
});

test('a bad file fails the job with the file, line and field in the error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-job-'));
  const studio = await Studio.open({ dataDir: dir, mode: 'serve', sample: false });
  const csv = join(dir, 'bad.csv');
  writeFileSync(csv, 'user,item,rating\nu1,i1,4\nu2,i2,lots\n');
  const { finished } = collect(studio);
  studio.startImport({ files: [csv], format: 'csv', map: {}, skipInvalid: false });
  const done = await finished;
  assert.equal(done.ok, false);
  assert.match(done.error ?? '', /bad\.csv:3.*rating/);
  assert.deepEqual(studio.datasets.list(), []);
  await studio.close();
});
