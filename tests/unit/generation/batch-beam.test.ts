/**
 * Cached, batched decoding (issue #10) against the plain path it replaces: the key/value cache gives the full
 * forward pass's log-probabilities, and one batched beam over many prompts returns what decode.ts's beamSearch
 * returns prompt by prompt — on the cpu reference back end and on the default one.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { batchBeamSearch, rankItemsBatch } from '../../../main/generation/batch-beam';
import { beamSearch } from '../../../main/generation/decode';
import { ItemTrie, rankItems } from '../../../main/generation/item-trie';
import { generationPartA, glmScorer } from '../../../main/generation/scorer';
import { initBackend } from '../../../main/model/backend';
import type { TokenSequence } from '../../../main/model/blank-infilling';
import { createGlm, type Glm } from '../../../main/model/glm';
import { decodeStep, disposeCache, encodePartA, reorder } from '../../../main/model/kv-cache';
import { spanIntraIds } from '../../../main/model/intra-positions';
import { TokenTrie } from '../../../main/model/trie';
import { SPECIAL, type ModelConfig } from '../../../main/model/types';
import { mulberry32, randomInt, randomNormal } from '../../../main/random';
import { sequenceLogProb } from './helpers';

const CONFIG: ModelConfig = { vocabSize: 48, layers: 2, width: 16, heads: 2, ffn: 32, maxLength: 40, dropout: 0 };
// Items as code sequences over tokens 20..47 (three levels), like a semantic identifier set.
const ITEMS = Array.from({ length: 30 }, (_, id) => ({ id, tokens: [20 + (id % 5), 26 + ((id * 7) % 6), 33 + ((id * 3) % 10)] }));
const POOL = TokenTrie.from(ITEMS.map((i) => i.tokens));

let model: Glm;

before(async () => {
  await initBackend({ prefer: 'cpu' });
  model = createGlm(CONFIG, 5);
  const rng = mulberry32(17);
  for (const [name, v] of model.params) {
    const base = name.endsWith('.gamma') ? 1 : 0;
    v.assign(
      tf.tensor(
        Float32Array.from({ length: v.size }, () => base + 0.3 * randomNormal(rng)),
        v.shape,
      ),
    );
  }
});

/** A prompt of `n` tokens whose items are entities (as a rendered history is). */
function prompt(seed: number, items: number): TokenSequence {
  const rng = mulberry32(seed);
  const ids: number[] = [];
  const entity: number[] = [];
  for (let k = 0; k < items; k++) {
    ids.push(7 + randomInt(rng, 10));
    entity.push(0);
    for (const t of ITEMS[randomInt(rng, ITEMS.length)]!.tokens) {
      ids.push(t);
      entity.push(k + 1);
    }
  }
  return { ids, entity };
}

test('the key/value cache gives the full forward pass log-probabilities, step by step and after reordering', () => {
  const inputs = [prompt(1, 3), prompt(2, 5), prompt(3, 1)];
  const maxTokens = 5;
  const parts = inputs.map((i) => generationPartA(i, { maxTokens, maxLength: CONFIG.maxLength, trie: POOL }));
  const scorers = inputs.map((i) => glmScorer(model, i, POOL, { maxTokens }));
  // Two slots per prompt, continuing different prefixes; the second step swaps the slots' parents.
  const prefixes = [
    [
      [20, 27],
      [21, 26],
    ],
    [
      [22, 30],
      [20, 28],
    ],
    [
      [24, 31],
      [23, 26],
    ],
  ];
  const a = encodePartA(model, parts);
  const step = (k: number, slots: number, fed: number[][]): Float32Array => {
    const n = inputs.length * slots;
    const tokens = new Int32Array(n);
    const intra = new Int32Array(n);
    const inter = new Int32Array(n);
    fed.forEach((prefix, r) => {
      tokens[r] = k === 0 ? SPECIAL.sop : prefix[k - 1]!;
      inter[r] = parts[Math.floor(r / slots)]!.maskPosition;
      intra[r] = spanIntraIds(prefix.slice(0, k), POOL).at(-1)!;
    });
    const out = decodeStep(model, a, past, { slots, tokens, inter, intra });
    past = out.cache;
    return out.logProbs;
  };
  let past: ReturnType<typeof decodeStep>['cache'] | null = null;
  // Step 0 with one slot per prompt, then expanded to two slots.
  const first = step(
    0,
    1,
    inputs.map(() => []),
  );
  inputs.forEach((_, g) => {
    const want = scorers[g]!.next([[]])[0]!;
    const got = first.slice(g * CONFIG.vocabSize, (g + 1) * CONFIG.vocabSize);
    for (let t = 0; t < CONFIG.vocabSize; t++)
      assert.ok(Math.abs(got[t]! - want[t]!) < 1e-4, `prompt ${g} token ${t}: ${got[t]} vs ${want[t]}`);
  });
  past = reorder(past!, Int32Array.from([0, 0, 1, 1, 2, 2]), 2);
  const fed1 = prefixes.flatMap((p) => p.map((x) => x.slice(0, 1)));
  const second = step(1, 2, fed1);
  // Swap the slots of every prompt: slot 0 now continues slot 1's prefix and the other way round.
  past = reorder(past!, Int32Array.from([1, 0, 3, 2, 5, 4]), 2);
  const swapped = prefixes.map(([x, y]) => [
    [y![0]!, x![1]!],
    [x![0]!, y![1]!],
  ]);
  const third = step(2, 2, swapped.flat());
  inputs.forEach((_, g) => {
    for (let s = 0; s < 2; s++) {
      const row = g * 2 + s;
      const want1 = scorers[g]!.next([fed1[row]!])[0]!;
      const want2 = scorers[g]!.next([swapped[g]![s]!])[0]!;
      for (let t = 0; t < CONFIG.vocabSize; t++) {
        assert.ok(Math.abs(second[row * CONFIG.vocabSize + t]! - want1[t]!) < 1e-4, `step 1 prompt ${g} slot ${s}`);
        assert.ok(Math.abs(third[row * CONFIG.vocabSize + t]! - want2[t]!) < 1e-4, `step 2 prompt ${g} slot ${s}`);
      }
    }
  });
  disposeCache(past!);
  disposeCache(a);
});

test('one batched beam over many prompts returns what beamSearch returns for each prompt alone', () => {
  const tensorsAtStart = tf.memory().numTensors;
  const catalog = ItemTrie.fromSequences(ITEMS);
  const inputs = Array.from({ length: 7 }, (_, k) => prompt(100 + k, 1 + (k % 4)));
  const width = 6;
  const exclude = inputs.map((_, k) => new Set([k, k + 3]));
  const groups = inputs.map((i, k) => ({
    partA: generationPartA(i, { maxTokens: catalog.maxTokens, maxLength: CONFIG.maxLength, trie: POOL }),
    constraint: catalog.constraint(exclude[k]!),
  }));
  const batched = batchBeamSearch(model, groups, { width, maxTokens: catalog.maxTokens, eop: SPECIAL.eop, trie: POOL });
  inputs.forEach((input, k) => {
    const alone = beamSearch(glmScorer(model, input, POOL, { maxTokens: catalog.maxTokens }), {
      width,
      maxTokens: catalog.maxTokens,
      eop: SPECIAL.eop,
      constraint: catalog.constraint(exclude[k]!),
    });
    assert.deepEqual(
      batched[k]!.map((h) => h.tokens),
      alone.map((h) => h.tokens),
      `prompt ${k}`,
    );
    batched[k]!.forEach((h, i) => assert.ok(Math.abs(h.logProb - alone[i]!.logProb) < 1e-3));
  });
  const ranked = rankItemsBatch(
    model,
    inputs.map((input, k) => ({ partA: groups[k]!.partA, catalog, exclude: exclude[k]! })),
    { k: 5, width, trie: POOL },
  );
  inputs.forEach((input, k) => {
    const alone = rankItems(glmScorer(model, input, POOL, { maxTokens: catalog.maxTokens }), catalog, {
      k: 5,
      width,
      exclude: exclude[k]!,
    });
    assert.deepEqual(
      ranked[k]!.map((r) => r.item),
      alone.map((r) => r.item),
    );
    for (const r of ranked[k]!) assert.ok(!exclude[k]!.has(r.item), 'an excluded item was returned');
  });
  assert.equal(tf.memory().numTensors, tensorsAtStart, 'batched decoding leaked tensors');
});

test('cold items join each batched list in their places, scored by the model on their prefix (cold-backoff.ts)', () => {
  const catalog = ItemTrie.fromSequences(ITEMS);
  const cold = [24, 25, 26, 27, 28, 29];
  const inputs = Array.from({ length: 5 }, (_, k) => prompt(300 + k, 1 + (k % 3)));
  const groups = inputs.map((input, k) => ({
    partA: generationPartA(input, { maxTokens: catalog.maxTokens, maxLength: CONFIG.maxLength, trie: POOL }),
    catalog,
    exclude: [k],
  }));
  const plain = rankItemsBatch(model, groups, { k: 8, width: 8, trie: POOL });
  const off = rankItemsBatch(model, groups, { k: 8, width: 8, trie: POOL, cold: { items: cold, share: 0 } });
  assert.deepEqual(off, plain, 'share 0 changes nothing');
  const withCold = rankItemsBatch(model, groups, { k: 8, width: 8, trie: POOL, cold: { items: cold, share: 0.25 } });
  let placedAny = false;
  withCold.forEach((list, k) => {
    const beamIds = plain[k]!.map((r) => r.item);
    assert.deepEqual(
      list.filter((r) => beamIds.includes(r.item)).map((r) => r.item),
      beamIds.slice(0, list.filter((r) => beamIds.includes(r.item)).length),
      'the beam keeps its order',
    );
    list.forEach((r, i) => {
      if (beamIds.includes(r.item)) return;
      placedAny = true;
      assert.ok(cold.includes(r.item) && r.item !== k, 'only cold, not excluded items are placed');
      assert.equal((i + 1) % 4, 0, 'in every 4th place');
      // The score is the model's log-probability of a prefix of the item plus the uniform guess below it.
      const scorer = glmScorer(model, inputs[k]!, POOL, { maxTokens: catalog.maxTokens });
      const prefixes = [2, 1].map((m) => {
        let node = catalog.trie.root;
        let guess = 0;
        r.tokens.forEach((t, d) => {
          if (d >= m) guess -= Math.log(node.children.size);
          node = node.children.get(t)!;
        });
        return sequenceLogProb(scorer, r.tokens.slice(0, m)) + guess;
      });
      assert.ok(
        prefixes.some((s) => Math.abs(s - r.score) < 1e-3),
        `score ${r.score} is a back-off of the model's prefix log-probabilities ${prefixes}`,
      );
    });
  });
  assert.ok(placedAny, 'some cold item was placed');
});
