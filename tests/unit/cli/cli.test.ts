import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;

function studio(args: string[], dataDir: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['bin/studio.mjs', ...args, '--data-dir', dataDir], { cwd: root, encoding: 'utf8', env: { ...process.env, STUDIO_DATA_DIR: '' } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
const json = <T>(text: string): T => JSON.parse(text) as T;
const tmp = (): string => mkdtempSync(join(tmpdir(), 'studio-cli-'));

test('a fresh --data-dir is a workspace that already holds the sample dataset', () => {
  const dir = tmp();
  const r = studio(['datasets', 'list', '--json'], dir);
  assert.equal(r.code, 0, r.err);
  const { datasets } = json<{ datasets: { name: string; users: number; items: number; interactions: number }[] }>(r.out);
  assert.equal(datasets.length, 1);
  assert.equal(datasets[0]!.name, 'sample');
  assert.equal(datasets[0]!.users, 48);
  assert.equal(datasets[0]!.items, 32);
  assert.ok(datasets[0]!.interactions > 300);
});

test('import → list → split → rename → delete, each printing one JSON object with camelCase keys', () => {
  const dir = tmp();
  const csv = join(dir, 'ratings.csv');
  writeFileSync(csv, 'uid,sku,stars,when\nu1,a,5,100\nu1,b,4,200\nu1,c,3,300\nu2,a,2,150\n');
  const imp = studio(['import', csv, '--format', 'csv', '--name', 'shop', '--map', 'user=uid', '--map', 'item=sku,rating=stars,timestamp=when', '--json'], dir);
  assert.equal(imp.code, 0, imp.err);
  const result = json<{ datasetId: number; name: string; users: number; items: number; interactions: number; skipped: number }>(imp.out);
  assert.deepEqual({ ...result, datasetId: typeof result.datasetId }, { datasetId: 'number', name: 'shop', users: 2, items: 3, interactions: 4, skipped: 0 });

  const split = studio(['split', 'shop', '--json'], dir);
  assert.equal(split.code, 0, split.err);
  assert.deepEqual(
    (({ train, valid, test }) => ({ train, valid, test }))(json<{ train: number; valid: number; test: number }>(split.out)),
    { train: 2, valid: 1, test: 1 },
  );

  const renamed = studio(['datasets', 'rename', 'shop', 'shop-2026', '--json'], dir);
  assert.equal(renamed.code, 0, renamed.err);
  assert.equal(json<{ name: string }>(renamed.out).name, 'shop-2026');

  const shown = json<{ split: { test: number } }>(studio(['datasets', 'show', 'shop-2026', '--json'], dir).out);
  assert.equal(shown.split.test, 1);

  assert.equal(studio(['datasets', 'delete', 'shop-2026', '--json'], dir).code, 0);
  const names = json<{ datasets: { name: string }[] }>(studio(['datasets', 'list', '--json'], dir).out).datasets.map((d) => d.name);
  assert.deepEqual(names, ['sample']);
});

test('bad input exits 2 with file, line and field on stderr, and writes nothing', () => {
  const dir = tmp();
  const csv = join(dir, 'bad.csv');
  writeFileSync(csv, 'user,item,rating\nu1,a,5\nu2,b,five\n');
  const r = studio(['import', csv, '--format', 'csv', '--json'], dir);
  assert.equal(r.code, 2);
  assert.match(r.err, /bad\.csv:3/);
  assert.match(r.err, /rating/);
  // --json carries the error on stdout, with where it was found.
  const { error } = json<{ error: { code: string; where: { file: string; line: number; field: string } } }>(r.out);
  assert.equal(error.code, 'bad_input');
  assert.deepEqual(error.where, { file: 'bad.csv', line: 3, field: 'rating' });
  const names = json<{ datasets: { name: string }[] }>(studio(['datasets', 'list', '--json'], dir).out).datasets.map((d) => d.name);
  assert.deepEqual(names, ['sample']);
});

test('--skip-invalid imports the good rows and records each skipped one', () => {
  const dir = tmp();
  const csv = join(dir, 'mixed.csv');
  writeFileSync(csv, 'user,item,rating\nu1,a,5\nu2,b,five\nu3,c,4\n');
  const r = studio(['import', csv, '--format', 'csv', '--skip-invalid', '--json'], dir);
  assert.equal(r.code, 0, r.err);
  assert.equal(json<{ interactions: number; skipped: number }>(r.out).skipped, 1);
  const shown = json<{ skippedRows: { file: string; line: number; field: string; reason: string }[] }>(studio(['datasets', 'show', 'mixed', '--json'], dir).out);
  assert.equal(shown.skippedRows.length, 1);
  assert.equal(shown.skippedRows[0]!.line, 3);
  assert.equal(shown.skippedRows[0]!.field, 'rating');
});

test('unknown commands, unknown flags and unknown datasets exit 2', () => {
  const dir = tmp();
  assert.equal(studio(['frobnicate'], dir).code, 2);
  assert.equal(studio(['datasets', 'list', '--bogus'], dir).code, 2);
  const missing = studio(['split', 'nope'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /dataset "nope" not found/);
  assert.equal(studio(['import', join(dir, 'x.csv'), '--format', 'csv', '--map', 'colour=red'], dir).code, 2);
});
