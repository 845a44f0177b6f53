/**
 * A generated dataset with a planted condition-dependent preference: two genres, each with two clusters of items;
 * every user prefers one cluster in Comedy and, independently, one in Drama, picks from it most of the time and
 * rates it high. Nothing in an item's own fields or statistics says which cluster a user prefers, and the
 * preference in one genre says nothing of the other, so the click ranker can only get it from the user's history
 * under the candidate's condition — which is what LUM's features carry.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { drawBatch } from '../../../main/lum/batches';
import { buildVocab, encodeUsers, itemFeatures, prepareRows, type LumRows } from '../../../main/lum/data';
import { LumModel, lumStep } from '../../../main/lum/model';
import { trainRanker } from '../../../main/lum/ranker';
import { buildRankerTable } from '../../../main/lum/ranker-data';
import { knowledgeOf, rankerInput } from '../../../main/lum/runner';
import { initBackend } from '../../../main/model/backend';
import { AdamW } from '../../../main/model/optimizer';
import { mulberry32, randomInt } from '../../../main/random';

before(async () => {
  await initBackend();
});

const CLUSTER = 10;

/** Items 1..40: Comedy clusters 1–10 and 11–20, Drama clusters 21–30 and 31–40. */
function plantedRows(users: number, perUser: number, seed: number): LumRows {
  const rng = mulberry32(seed);
  const items = Array.from({ length: 4 * CLUSTER }, (_, i) => ({
    id: i + 1,
    extId: `m${i + 1}`,
    title: `Film ${i + 1}`,
    attrs: { genre: [i < 2 * CLUSTER ? 'Comedy' : 'Drama'] },
  }));
  const sequences = new Map<number, { itemId: number; rating: number; ts: number; seq: number }[]>();
  const list = [];
  for (let u = 1; u <= users; u++) {
    list.push({ id: u, extId: `u${u}`, features: { gender: rng() < 0.5 ? 'F' : 'M' } });
    const prefer = [randomInt(rng, 2), randomInt(rng, 2)];
    const seq = [];
    for (let k = 0; k < perUser; k++) {
      const genre = randomInt(rng, 2);
      const liked = rng() < 0.85;
      const cluster = liked ? prefer[genre]! : 1 - prefer[genre]!;
      const item = genre * 2 * CLUSTER + cluster * CLUSTER + 1 + randomInt(rng, CLUSTER);
      seq.push({ itemId: item, rating: liked ? 4 + randomInt(rng, 2) : 1 + randomInt(rng, 2), ts: k, seq: k });
    }
    sequences.set(u, seq);
  }
  return prepareRows({ users: list, items, sequences });
}

test('on a planted condition-dependent preference, the ranker with LUM features beats the ranker without', () => {
  const rows = plantedRows(240, 40, 7);
  const vocab = buildVocab(rows, 'genre');
  const users = encodeUsers(rows, vocab);
  const f = itemFeatures(rows, vocab);
  const model = new LumModel(
    {
      items: vocab.itemIds.length + 1,
      conditions: vocab.conditionValues.length + 1,
      titleWords: vocab.titleWords.length + 1,
      attrTokens: vocab.attrTokens.length + 1,
      layers: 1,
      width: 32,
      heads: 2,
      ffn: 64,
      contextLength: 64,
      dropout: 0,
      temperature: 1,
    },
    1,
  );
  const steps = 150;
  const optimizer = new AdamW(model.trainable(), { lr: 3e-3, warmupSteps: 10, totalSteps: steps, weightDecay: 0.01, clipNorm: 1 });
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    losses.push(lumStep(model, drawBatch(users, { rows: 8, length: 64 }, 1, step), f, optimizer, step, 1).loss);
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(
    mean(losses.slice(-10)) < mean(losses.slice(0, 10)) - 0.3,
    `InfoNCE did not fall: ${mean(losses.slice(0, 10))} → ${mean(losses.slice(-10))}`,
  );

  const table = buildRankerTable(rows, users, vocab, 1);
  const knowledge = knowledgeOf(model, f, rows, vocab, table);
  const score = (variant: 'full' | 'without') =>
    trainRanker(rankerInput(table, variant === 'full' ? knowledge : null, variant, vocab.itemIds.length + 1, users.length + 1).input, {
      seed: 1,
    });
  const withLum = score('full');
  const without = score('without');
  assert.ok(withLum.auc > without.auc + 0.15, `AUC with LUM ${withLum.auc.toFixed(4)} vs without ${without.auc.toFixed(4)}`);
  assert.ok(withLum.gauc > without.gauc + 0.15, `GAUC with LUM ${withLum.gauc.toFixed(4)} vs without ${without.gauc.toFixed(4)}`);
  assert.ok(withLum.auc > 0.7, `AUC with LUM only ${withLum.auc.toFixed(4)}`);
  optimizer.dispose();
  model.dispose();
});
