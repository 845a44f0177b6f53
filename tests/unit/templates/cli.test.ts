import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;
function studio(args: string[], dataDir: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['bin/studio.mjs', ...args, '--data-dir', dataDir], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, STUDIO_DATA_DIR: '' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test('studio templates list | render | export | import and studio examples build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-cli-templates-'));
  const list = studio(['templates', 'list', '--family', 'sequential', '--json'], dir);
  assert.equal(list.code, 0, list.err);
  assert.equal((JSON.parse(list.out) as unknown[]).length, 13);

  const r = studio(['templates', 'render', '--dataset', 'sample', '--template', '2-3', '--record', '2', '--json'], dir);
  assert.equal(r.code, 0, r.err);
  const p = JSON.parse(r.out) as { index: number; input: { text: string; spans: { label: string }[] }; target: { text: string } };
  assert.equal(p.index, 2);
  assert.ok(p.input.spans.some((s) => s.label === 'ITEM'));
  const plain = studio(['templates', 'render', '--dataset', 'sample', '--template', '2-3', '--record', '2'], dir);
  assert.ok(plain.out.includes(`[${p.target.text}]ITEM`), plain.out);
  const far = studio(['templates', 'render', '--dataset', 'sample', '--template', '2-3', '--record', '99999'], dir);
  assert.equal(far.code, 2);
  assert.match(far.err, /--record: "sample" has \d+ train records/);

  const e = studio(['examples', 'build', '--dataset', 'sample', '--families', 'sequential,rating', '--seed', '3', '--json'], dir);
  assert.equal(e.code, 0, e.err);
  const c = JSON.parse(e.out) as { seed: number; counts: { family: string; template: string; split: string; count: number }[] };
  assert.equal(c.seed, 3);
  assert.deepEqual([...new Set(c.counts.map((x) => x.family))], ['sequential', 'rating']);
  assert.equal(c.counts.find((x) => x.template === '2-13' && x.split === 'train')!.count, 0);
  assert.equal(studio(['examples', 'build', '--dataset', 'sample', '--families', 'cooking'], dir).code, 2);

  const file = join(dir, 'set.yaml');
  assert.equal(studio(['templates', 'export', file], dir).code, 0);
  writeFileSync(file, readFileSync(file, 'utf8').replace('Star rating by ids', 'Renamed'));
  const i = studio(['templates', 'import', file, '--json'], dir);
  assert.equal(i.code, 0, i.err);
  assert.deepEqual(JSON.parse(i.out), { added: 0, updated: 1, unchanged: 46, deleted: 0 });
  writeFileSync(
    file,
    'format: recsys-studio-templates\nversion: 1\ntemplates:\n  - id: "1-1"\n    family: rating\n    name: x\n    input: "{{ rating"\n    target: "{{ rating }}"\n',
  );
  const bad = studio(['templates', 'import', file], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /template 1-1: input, line 1, column 1: "\{\{" is never closed/);
});
