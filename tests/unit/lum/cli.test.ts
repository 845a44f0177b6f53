import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;
const studio = (args: string[], dataDir: string): { code: number; out: string; err: string } => {
  const r = spawnSync(process.execPath, ['bin/studio.mjs', ...args, '--data-dir', dataDir], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, STUDIO_DATA_DIR: '' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
};

test('studio lum train | query | rank as the issue specifies, and bad input exits 2 with the field named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-cli-lum-'));
  const config = join(dir, 'lum.json');
  writeFileSync(
    config,
    JSON.stringify({ preset: 'tiny', width: 16, heads: 2, ffn: 32, contextLength: 32, steps: 4, batchSize: 4, backend: 'wasm' }),
  );
  const t = studio(['lum', 'train', '--dataset', 'sample', '--config', config, '--json'], dir);
  assert.equal(t.code, 0, t.err);
  const s = JSON.parse(t.out) as { runId: number; status: string; steps: number; backend: string; condition: string; finalLoss: number };
  assert.equal(s.status, 'done');
  assert.equal(s.steps, 4);
  assert.equal(s.backend, 'wasm');
  assert.equal(s.condition, 'genres');
  assert.ok(Number.isFinite(s.finalLoss));
  assert.match(t.err, /100% 4 steps/, 'a progress bar on stderr');

  const file = join(dir, 'vectors.jsonl');
  const q = studio(
    [
      'lum',
      'query',
      '--run',
      String(s.runId),
      '--users',
      'u1,u2',
      '--conditions',
      'genres=outdoor,genres=kitchen',
      '--export',
      file,
      '--json',
    ],
    dir,
  );
  assert.equal(q.code, 0, q.err);
  const qj = JSON.parse(q.out) as { users: number; rows: number; file: string };
  assert.equal(qj.users, 2);
  assert.equal(qj.rows, 4);
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { user: string; condition: string; vector: number[]; top: unknown[] });
  assert.deepEqual(
    lines.map((l) => `${l.user} ${l.condition}`),
    ['u1 genres=outdoor', 'u1 genres=kitchen', 'u2 genres=outdoor', 'u2 genres=kitchen'],
  );
  assert.ok(lines.every((l) => l.vector.length === 16 && l.top.length === 10));
  const text = studio(['lum', 'query', '--run', String(s.runId), '--split', 'test', '--conditions', 'genres=outdoor'], dir);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /^user u1 \(\d+ interactions read\)\n {2}genres=outdoor: /);

  const r = studio(['lum', 'rank', '--run', String(s.runId), '--json'], dir);
  assert.equal(r.code, 0, r.err);
  const rj = JSON.parse(r.out) as { variant: string; auc: number; gauc: number; testRows: number };
  assert.equal(rj.variant, 'full');
  assert.ok(rj.auc > 0 && rj.auc < 1 && rj.gauc > 0 && rj.testRows > 0);
  const w = studio(['lum', 'rank', '--run', String(s.runId), '--without-lum', '--json'], dir);
  assert.equal((JSON.parse(w.out) as { variant: string }).variant, 'without');
  assert.match(studio(['lum', 'show', String(s.runId)], dir).out, /ranker full: AUC 0\.\d{4}, GAUC 0\.\d{4}[\s\S]*ranker without/);

  const badCondition = studio(['lum', 'query', '--run', String(s.runId), '--users', 'u1', '--conditions', 'genres=opera'], dir);
  assert.equal(badCondition.code, 2);
  assert.match(badCondition.err, /"opera" is not a value of genres/);
  assert.equal(studio(['lum', 'query', '--run', String(s.runId), '--conditions', 'genres=outdoor'], dir).code, 2, 'users or a split');
  writeFileSync(config, JSON.stringify({ steps: 4, condition: 'colour' }));
  const bad = studio(['lum', 'train', '--dataset', 'sample', '--config', config], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /condition: the items have no categorical field "colour"/);
  assert.equal(studio(['lum', 'rank', '--run', '99'], dir).code, 2, 'an unknown run');
});
