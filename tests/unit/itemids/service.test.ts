/**
 * Identifier sets in a real workspace (issue #10): every scheme builds in its worker into unique, stored codes
 * (cold items included), names are versioned, a run trains and generates with a set's identifiers, the trie
 * only ever yields real items, and exported lists name the dataset's own users and items.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GenerationSet } from '../../../preload/api-generation';
import { ITEM_ID_SCHEMES } from '../../../preload/api-itemids';
import { main } from '../../../main/cli';
import { StudioError } from '../../../main/errors';
import type { Studio } from '../../../main/studio';
import { train, TINY, workspace } from '../training/helpers';
import { built } from './helpers';

const generate = (studio: Studio, req: Parameters<Studio['generation']['start']>[0]): Promise<GenerationSet> =>
  new Promise((resolve) => studio.generation.start(req, resolve));

test('every scheme builds unique identifiers for every item, cold items included, as named versions', async () => {
  const { studio, sampleId } = await workspace();
  const data = studio.templates.data(sampleId);
  for (const scheme of ITEM_ID_SCHEMES) {
    const set = await built(studio, { datasetId: sampleId, scheme, ...(scheme === 'semantic' ? { levels: 2, codebook: 4 } : {}) });
    assert.equal(set.status, 'done', `${scheme}: ${set.error}`);
    const codes = studio.itemIds.items(set.id, { prefix: [], filter: '', offset: 0, limit: 1000 });
    assert.equal(codes.total, data.items.size, `${scheme} codes every item`);
    if (scheme !== 'title') {
      assert.equal(new Set(codes.rows.map((r) => r.identifier)).size, data.items.size, `${scheme} identifiers are unique`);
      for (const r of codes.rows) assert.match(r.identifier, /^(<[a-z]\d+>)+$/);
    } else for (const r of codes.rows) assert.equal(r.identifier, r.title ?? r.extId);
    assert.equal(set.stats!.items, data.items.size);
    if (scheme === 'semantic') {
      assert.equal(set.stats!.levels.length, 3, 'two levels and the collision digit');
      assert.equal(set.stats!.uniqueItems, data.items.size);
      assert.ok(set.stats!.levels[1]!.residual! < set.stats!.levels[0]!.residual!, 'residual falls');
    }
  }
  // The sample's cold items (only in validation or test) got codes too, and are flagged.
  const semantic = studio.itemIds.list(sampleId).find((s) => s.scheme === 'semantic')!;
  const warm = studio.generation.store.warmItems(sampleId);
  const rows = studio.itemIds.items(semantic.id, { prefix: [], filter: '', offset: 0, limit: 1000 }).rows;
  for (const r of rows) assert.equal(r.cold, !warm.has(r.itemId), `item ${r.extId} cold flag`);
  // A prefix lists the items under one code.
  const first = rows[0]!.codes[0]!;
  const under = studio.itemIds.items(semantic.id, { prefix: [first], filter: '', offset: 0, limit: 1000 });
  assert.ok(under.total >= 1 && under.rows.every((r) => r.codes[0] === first));
  // Building the same name again makes version 2; a run resolves the newest finished one.
  const again = await built(studio, { datasetId: sampleId, scheme: 'semantic', levels: 2, codebook: 4, seed: 2 });
  assert.equal(again.version, 2);
  assert.equal(studio.itemIds.resolve(sampleId, 'semantic').id, again.id);
  assert.throws(
    () => studio.itemIds.resolve(sampleId, 'nope'),
    (e: unknown) => e instanceof StudioError && /semantic/.test(e.message),
  );
  assert.equal(studio.itemIds.map(semantic.id).length, data.items.size);
  await studio.close();
});

test('a run trains and generates with identifiers: only real items, history excluded, lists exported with the dataset ids', async () => {
  const { studio, sampleId } = await workspace();
  const set = await built(studio, { datasetId: sampleId, scheme: 'semantic', levels: 2, codebook: 4 });
  const run = await train(studio, sampleId, {
    ...TINY,
    families: ['sequential'],
    templates: ['2-1', '2-3'],
    itemIds: 'semantic',
    pretrainSteps: 3,
    objectives: { mask: 0.5, sMask: 0, gMask: 0.5 },
    steps: 4,
  });
  assert.equal(run.status, 'done', run.error ?? '');
  assert.deepEqual((run.resolved as { itemIdSet: { id: number } }).itemIdSet.id, set.id);
  const gen = await generate(studio, { runId: run.id, family: 'sequential', split: 'test', templates: ['2-3'], limit: 20 });
  assert.equal(gen.status, 'done', gen.error ?? '');
  assert.ok(gen.msPerExample !== null && gen.msPerExample > 0);
  const data = studio.templates.data(sampleId);
  const identifiers = studio.itemIds.identifiers(set.id);
  for (const r of studio.generation.store.rows(gen.id)) {
    assert.ok(r.items!.length > 0 && r.items!.every((id) => data.items.has(id)), 'only catalog items');
    const seq = data.sequences.get(r.userId)!;
    const target = seq.at(-1)!.itemId;
    assert.equal(r.target, target);
    const history = seq.slice(0, -1).map((x) => x.itemId);
    assert.ok(
      r.items!.every((id) => id === target || !history.includes(id)),
      'history excluded',
    );
    assert.equal(r.output, identifiers.get(r.items![0]!), 'the output is the top item written as its identifier');
    assert.match(r.input, /<a\d+>/, 'the prompt names items by identifier');
  }
  // The CLI writes one JSON line per user naming the dataset's own ids.
  const file = join(mkdtempSync(join(tmpdir(), 'studio-export-')), 'lists.jsonl');
  const err: string[] = [];
  const code = await main(
    [
      'generate',
      '--run',
      String(run.id),
      '--family',
      'sequential',
      '--templates',
      '2-3',
      '--limit',
      '5',
      '--export',
      file,
      '--data-dir',
      studio.dataDir,
    ],
    {
      out: () => undefined,
      err: (t) => err.push(t),
      tty: false,
    },
  );
  assert.equal(code, 0, err.join('\n'));
  const users = new Set(data.users.map((u) => u.extId));
  const items = new Set([...data.items.values()].map((i) => i.extId));
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(lines.length, 5);
  for (const l of lines) {
    const j = JSON.parse(l) as { user: string; items: string[] };
    assert.ok(users.has(j.user), `user ${j.user}`);
    assert.ok(j.items.length >= 1 && j.items.every((i) => items.has(i)), 'real items');
  }
  // The comparison lists the run under its identifier set.
  const compare = studio.evaluation.compareIdentifiers(sampleId);
  const row = compare.find((c) => c.runId === run.id)!;
  assert.equal(row.scheme, 'semantic');
  assert.ok('HR@10' in row.metrics && 'HR@10 warm' in row.metrics);
  await studio.close();
});

test('bad identifier requests are refused with the field at fault', async () => {
  const { studio, sampleId } = await workspace();
  await assert.rejects(
    train(studio, sampleId, { ...TINY, itemIds: 'missing', steps: 2 }),
    (e: unknown) => e instanceof StudioError && e.where?.field === 'itemIds',
  );
  await assert.rejects(
    train(studio, sampleId, { ...TINY, families: ['sequential'], templates: ['2-13'], steps: 2 }),
    (e: unknown) => e instanceof StudioError && /held out/.test(e.message),
  );
  assert.throws(() => studio.itemIds.build({ datasetId: sampleId, scheme: 'atomic', levels: 3 }), /semantic scheme only/);
  const out: string[] = [];
  const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t), tty: false };
  assert.equal(await main(['itemids', 'build', 'sample', '--scheme', 'nope', '--data-dir', studio.dataDir], io), 2);
  assert.equal(await main(['itemids', 'build', 'sample', '--scheme', 'atomic', '--json', '--data-dir', studio.dataDir], io), 0);
  const json = JSON.parse(out.at(-1)!) as { name: string; scheme: string; uniqueItems: number; levels: unknown[] };
  assert.equal(json.scheme, 'atomic');
  assert.equal(json.uniqueItems, studio.templates.data(sampleId).items.size);
  await studio.close();
});
