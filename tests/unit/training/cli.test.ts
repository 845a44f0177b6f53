import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY } from './helpers';
import { SKIP as NATIVE_SKIP } from '../model/native/support';

const root = new URL('../../../', import.meta.url).pathname;
const studio = (args: string[], dataDir: string): { code: number; out: string; err: string } => {
  const r = spawnSync(process.execPath, ['bin/studio.mjs', ...args, '--data-dir', dataDir], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, STUDIO_DATA_DIR: '' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
};

test('studio train prints the summary; studio runs list and show describe the run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-cli-train-'));
  const config = join(dir, 'run.json');
  writeFileSync(config, JSON.stringify({ ...TINY, steps: 4 }));
  const t = studio(['train', '--dataset', 'sample', '--config', config, '--json'], dir);
  assert.equal(t.code, 0, t.err);
  const s = JSON.parse(t.out) as Record<string, unknown>;
  assert.deepEqual(Object.keys(s).sort(), [
    'backend',
    'finalLoss',
    'initialLoss',
    'lossByFamily',
    'runId',
    'status',
    'steps',
    'tokensPerSecond',
  ]);
  assert.equal(s.status, 'done');
  assert.equal(s.steps, 4);
  assert.equal(s.backend, 'wasm');
  assert.match(t.err, /100% 4 steps/, 'a progress bar on stderr');

  const list = studio(['runs', 'list', '--json'], dir);
  assert.equal((JSON.parse(list.out) as { id: number }[])[0]!.id, s.runId);
  const show = studio(['runs', 'show', String(s.runId)], dir);
  assert.match(show.out, /done · 4\/4 steps · back end wasm/);
  assert.equal(studio(['runs', 'resume', String(s.runId)], dir).code, 2, 'a finished run does not resume');

  writeFileSync(config, JSON.stringify({ steps: 4, learningrate: 0.1 }));
  const bad = studio(['train', '--dataset', 'sample', '--config', config], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown key\(s\): learningrate/);
});

test('a run on the default ladder trains on the native kernels and records which GEMM and how many threads', { skip: NATIVE_SKIP }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-cli-native-'));
  const config = join(dir, 'run.json');
  writeFileSync(config, JSON.stringify({ ...TINY, backend: 'auto', steps: 3 }));
  const t = studio(['train', '--dataset', 'sample', '--config', config, '--json'], dir);
  assert.equal(t.code, 0, t.err);
  const s = JSON.parse(t.out) as { backend: string; status: string };
  assert.equal(s.status, 'done');
  assert.match(s.backend, /^native: (openblas|accelerate|mkl|blas|own sgemm) .*, \d+ threads?$/);
});

test('a configuration that cannot run is bad input: exit 2, the error in --json, and no run is created', () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-cli-train-'));
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ ...TINY, heads: 3, width: 64, steps: 2 }, 'heads', /heads 3 does not divide width 64/],
    [{ ...TINY, steps: 1e15 }, 'steps', /steps/],
    [{ ...TINY, steps: 0 }, 'steps', /at least 1/],
    [{ ...TINY, steps: 10, warmupSteps: 10 }, 'warmupSteps', /not shorter than the run/],
    [{ ...TINY, steps: 4, epochs: 2 }, 'epochs', /steps or epochs/],
  ];
  for (const [config, field, message] of cases) {
    const file = join(dir, 'run.json');
    writeFileSync(file, JSON.stringify(config));
    const r = studio(['train', '--dataset', 'sample', '--config', file, '--json'], dir);
    assert.equal(r.code, 2, `${JSON.stringify(config)}: ${r.err}`);
    const { error } = JSON.parse(r.out) as { error: { code: string; message: string; where?: { field?: string } } };
    assert.equal(error.code, 'bad_input');
    assert.match(error.message, message);
    assert.equal(error.where?.field, field);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
  assert.deepEqual(JSON.parse(studio(['runs', 'list', '--json'], dir).out), []);
});
