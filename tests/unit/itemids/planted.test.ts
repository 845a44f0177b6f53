/**
 * A planted pattern is learned (issue #10): in a generated dataset the next item is a fixed function of the last
 * one, so a model that learns the structure of sequences ranks the test item first; a model that does not —
 * popularity, or these weights before training — cannot. Asserts on quality, never on time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GenerationSet } from '../../../preload/api-generation';
import { runImport } from '../../../main/datasets/import';
import type { Studio } from '../../../main/studio';
import { train, workspace } from '../training/helpers';
import { built } from './helpers';

const ITEMS = 40;
const next = (i: number): number => (i * 7 + 3) % ITEMS;

async function plantedDataset(studio: Studio): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'studio-planted-'));
  const lines = ['user_id:token\titem_id:token\ttimestamp:float'];
  let seed = 12345;
  const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let u = 1; u <= 150; u++) {
    let item = Math.floor(rand() * ITEMS);
    for (let t = 0; t < 8; t++) {
      lines.push(`u${u}\ti${item}\t${1000 + t}`);
      item = next(item);
    }
  }
  writeFileSync(join(dir, 'planted.inter'), `${lines.join('\n')}\n`);
  writeFileSync(
    join(dir, 'planted.item'),
    `item_id:token\ttitle:token_seq\n${Array.from({ length: ITEMS }, (_, i) => `i${i}\tThing ${i}`).join('\n')}\n`,
  );
  const r = await runImport(studio.db, {
    files: [join(dir, 'planted.inter'), join(dir, 'planted.item')],
    format: 'recbole',
    name: 'planted',
  });
  return r.datasetId;
}

const hr10 = (studio: Studio, set: GenerationSet): number => {
  const rows = studio.generation.store.rows(set.id);
  return rows.filter((r) => r.rank !== null && r.rank <= 10).length / rows.length;
};

test('next item = f(last item): learned to near-perfect HR@10 with semantic identifiers', async () => {
  const { studio } = await workspace();
  const datasetId = await plantedDataset(studio);
  const set = await built(studio, { datasetId, scheme: 'semantic', levels: 2, codebook: 8 });
  assert.equal(set.status, 'done', set.error ?? '');
  const config = {
    preset: 'tiny',
    layers: 2,
    width: 48,
    heads: 2,
    ffn: 96,
    contextLength: 64,
    vocabSize: 300,
    families: ['sequential'],
    templates: ['2-1'],
    itemIds: 'semantic',
    batchSize: 16,
    learningRate: 0.005,
    dropout: 0,
    seed: 2,
    checkpointEvery: 1000,
  };
  const before = await train(studio, datasetId, { ...config, steps: 1, learningRate: 1e-9 });
  const run = await train(studio, datasetId, { ...config, steps: 700 });
  assert.equal(run.status, 'done', run.error ?? '');
  const gen = (runId: number): Promise<GenerationSet> =>
    new Promise((resolve) => studio.generation.start({ runId, family: 'sequential', split: 'test', templates: ['2-1'] }, resolve));
  const untrained = hr10(studio, await gen(before.id));
  const learned = hr10(studio, await gen(run.id));
  assert.ok(learned >= 0.95, `HR@10 after training ${learned}`);
  // 10 of 40 items minus history: chance is about 0.3; the untrained model is near it, far from the trained one.
  assert.ok(untrained < 0.6, `HR@10 before training ${untrained}`);
  await studio.close();
});
