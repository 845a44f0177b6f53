/**
 * A run that writes items by identifiers (issue #10) goes to PyTorch whole: the bundle lists its identifier set, the
 * shards carry the identifier tokens (the tokenizer's added tokens), train.py is at parity on it, and the weights come
 * back to generate the same item lists as the studio's own continuation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GenerationSet } from '../../../preload/api-generation';
import { ItemIdsFile, Manifest } from '../../../main/bundle/format';
import { decodeSafetensors } from '../../../main/bundle/safetensors';
import { batchFromShard } from '../../../main/bundle/shards';
import type { Studio } from '../../../main/studio';
import { built } from '../itemids/helpers';
import { train, TINY, workspace } from '../training/helpers';
import { close, TORCH_SKIP, trainPy, writeBundle } from './helpers';

const CONFIG = {
  ...TINY,
  families: ['sequential'],
  templates: ['2-1', '2-3'],
  itemIds: 'semantic',
  steps: 10,
  checkpointEvery: 2,
};

const generate = (studio: Studio, runId: number, checkpoint: number): Promise<GenerationSet> =>
  new Promise((resolve) =>
    studio.generation.start({ runId, checkpoint, family: 'sequential', split: 'test', templates: ['2-3'], limit: 6 }, resolve),
  );

test('a run with an identifier set: the bundle lists the set, its shards hold the identifier tokens, and PyTorch trains it back to the same item lists', async (t) => {
  const { studio, sampleId } = await workspace();
  const set = await built(studio, { datasetId: sampleId, scheme: 'semantic', levels: 2, codebook: 4 });
  assert.equal(set.status, 'done', set.error ?? '');
  let asked = false;
  const moved = await train(studio, sampleId, CONFIG, (runId, n) => {
    if (n >= 2 && !asked) asked = studio.training.stop(runId);
  });
  assert.equal(moved.status, 'stopped', moved.error ?? '');
  const k = moved.lastCheckpoint!;
  assert.ok(k >= 2 && k < 10, `stopped at ${k}`);

  const w = await writeBundle(studio, moved.id);
  const m = Manifest.parse(JSON.parse(readFileSync(join(w.dir, 'bundle.json'), 'utf8')));
  assert.equal(m.startStep, k);
  assert.equal(m.run.config.itemIds, 'semantic');
  assert.deepEqual(m.itemIds, {
    name: 'semantic',
    version: set.version,
    scheme: 'semantic',
    items: studio.templates.data(sampleId).items.size,
    file: 'itemids.json',
  });
  // Every item of the dataset, by its own id, with the identifier the studio trains with.
  const listed = ItemIdsFile.parse(JSON.parse(readFileSync(join(w.dir, 'itemids.json'), 'utf8')));
  const identifiers = studio.itemIds.identifiers(set.id);
  const items = studio.templates.data(sampleId).items;
  assert.deepEqual(
    new Map(listed.items.map((x) => [x.item, x.identifier])),
    new Map([...identifiers].map(([id, identifier]) => [items.get(id)!.extId, identifier])),
  );
  assert.equal(studio.bundles.status(moved.id).bundle?.itemIds, `semantic v${set.version}, ${items.size} items`);
  assert.match(readFileSync(join(w.dir, 'README.md'), 'utf8'), /identifier set `semantic` v\d+ \(semantic, \d+ items in `itemids.json`/);

  // The identifier tokens are the tokenizer's added tokens, and the batches use them.
  const tok = JSON.parse(readFileSync(join(w.dir, 'tokenizer.json'), 'utf8')) as { vocab: string[]; added: number };
  assert.ok(tok.added > 0, 'the tokenizer has added tokens');
  const firstAdded = tok.vocab.length - tok.added;
  assert.match(tok.vocab[firstAdded]!, /^<[a-z]\d+>$/);
  assert.equal(m.model.vocabSize, tok.vocab.length);
  const shard = decodeSafetensors(readFileSync(join(w.dir, m.shards[0]!.file)), 'shard').tensors;
  assert.ok(
    [...batchFromShard(shard, k, 'shard').batch.tokens].some((x) => x >= firstAdded),
    'the first batch holds identifier tokens',
  );

  if (TORCH_SKIP) {
    t.diagnostic(`PyTorch part skipped: ${TORCH_SKIP}`);
    await studio.close();
    return;
  }
  const parity = trainPy(w.dir, ['--parity']);
  assert.equal(parity.code, 0, parity.stderr);
  const p = parity.lines[0] as { relDiff: number; gradRelDiff: number };
  assert.ok(p.relDiff <= 1e-4 && p.gradRelDiff <= 1e-3, JSON.stringify(p));

  // The rest of the schedule under PyTorch, back as a checkpoint, generates what the studio's own run does.
  const trained = trainPy(w.dir, []);
  assert.equal(trained.code, 0, trained.stderr);
  const imported = await studio.bundles.importWeights(moved.id).done;
  assert.equal(imported.step, 10);
  const reference = await train(studio, sampleId, CONFIG);
  assert.equal(reference.status, 'done', reference.error ?? '');
  const refLoss = studio.training.get(reference.id).metrics;
  for (const line of trained.lines.filter((l) => l.event === 'step') as { step: number; loss: number }[])
    assert.ok(
      close(line.loss, refLoss[line.step]!.loss, 1e-4),
      `step ${line.step}: torch ${line.loss}, studio ${refLoss[line.step]!.loss}`,
    );
  const a = await generate(studio, reference.id, 10);
  const b = await generate(studio, moved.id, 10);
  assert.equal(a.status, 'done', a.error ?? '');
  assert.equal(b.status, 'done', b.error ?? '');
  const rowsA = studio.generation.store.rows(a.id);
  const rowsB = studio.generation.store.rows(b.id);
  assert.equal(rowsA.length, 6);
  assert.ok(
    rowsB.every((r) => r.items!.length > 0 && r.items!.every((id) => items.has(id))),
    'only catalog items',
  );
  assert.deepEqual(
    rowsB.map((r) => r.items),
    rowsA.map((r) => r.items),
  );
  await studio.close();
});
