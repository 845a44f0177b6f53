import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;
function studio(args: string[], dataDir: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['bin/studio.mjs', ...args, '--data-dir', dataDir], { cwd: root, encoding: 'utf8', env: { ...process.env, STUDIO_DATA_DIR: '' } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test('studio textualize → entities export → import → stats, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-cli-entities-'));
  const profile = join(dir, 'profile.json');
  writeFileSync(profile, JSON.stringify({ user: 'A {age}-year-old {occupation}.', behaviour: { maxBehaviours: 5, rating: true, seed: 3 } }));
  const t = studio(['textualize', 'sample', '--profile', profile, '--json'], dir);
  assert.equal(t.code, 0, t.err);
  const result = JSON.parse(t.out) as { name: string; records: number; spans: number };
  assert.equal(result.records, 48);
  assert.equal(result.spans, 48 * 2 + 48 * 5 * 2);

  const file = join(dir, 'spans.json');
  const e = studio(['entities', 'export', 'sample', '--format', 'labelstudio', '--file', file, '--json'], dir);
  assert.equal(e.code, 0, e.err);
  assert.equal((JSON.parse(e.out) as { spans: number }).spans, result.spans);
  const i = studio(['entities', 'import', 'sample', '--format', 'labelstudio', '--file', file, '--annotator', 'ann', '--json'], dir);
  assert.equal(i.code, 0, i.err);
  assert.equal((JSON.parse(i.out) as { spans: number }).spans, result.spans);

  const s = studio(['entities', 'stats', 'sample', '--json'], dir);
  assert.equal(s.code, 0, s.err);
  const stats = JSON.parse(s.out) as { records: number; annotators: { annotator: string; spans: number }[] };
  assert.equal(stats.records, 48);
  assert.deepEqual(stats.annotators.map((a) => [a.annotator, a.spans]), [['@auto', result.spans], ['ann', result.spans]]);

  // The default export now writes ann's spans (the latest human annotation), and says whose they are.
  const again = studio(['entities', 'export', 'sample', '--format', 'labelstudio', '--file', join(dir, 'again.json')], dir);
  assert.equal(again.code, 0, again.err);
  const n = result.spans.toLocaleString('en-US');
  assert.match(again.err, new RegExp(`exported ${n} spans on 48 records: ${n} by ann \\(48 records\\) to `));

  // Bad input: exit 2, the file, line, record and span named, nothing written.
  const tasks = JSON.parse(readFileSync(file, 'utf8')) as { annotations: { result: { value: { text: string } }[] }[] }[];
  tasks[2]!.annotations[0]!.result[1]!.value.text = 'wrong';
  writeFileSync(file, JSON.stringify(tasks));
  const bad = studio(['entities', 'import', 'sample', '--format', 'labelstudio', '--file', file, '--annotator', 'bob'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /spans\.json:3 field "annotations\[0\]\.result\[1\]": record \d+ \(user u3\): span 2: .* does not match the record/);
  const after = JSON.parse(studio(['entities', 'stats', 'sample', '--json'], dir).out) as { annotators: { annotator: string }[] };
  assert.ok(!after.annotators.some((a) => a.annotator === 'bob'));
  assert.equal(studio(['entities', 'export', 'sample', '--format', 'nope'], dir).code, 2);
  // A second textualize would replace ann's work: refused.
  assert.equal(studio(['textualize', 'sample'], dir).code, 2);
});
