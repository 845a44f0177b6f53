import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { greedy } from '../../../main/generation/decode';
import { ItemTrie, rankItems } from '../../../main/generation/item-trie';
import { glmScorer } from '../../../main/generation/scorer';
import { initBackend } from '../../../main/model/backend';
import { buildFinetuneExample, type TokenSequence } from '../../../main/model/blank-infilling';
import { createGlm, lossPositions, type Glm } from '../../../main/model/glm';
import { TokenTrie } from '../../../main/model/trie';
import { collate, SPECIAL, type ModelConfig } from '../../../main/model/types';
import { mulberry32, randomNormal } from '../../../main/random';

const CONFIG: ModelConfig = { vocabSize: 40, layers: 2, width: 16, heads: 2, ffn: 32, maxLength: 24, dropout: 0 };
// The entity pool: e1 = 10 11 12, e2 = 20 21, e3 = 30 31.
const POOL = TokenTrie.from([
  [10, 11, 12],
  [20, 21],
  [30, 31],
]);
const INPUT: TokenSequence = { ids: [7, 8, 10, 11, 12, 9, 20, 21, 13], entity: [0, 0, 1, 1, 1, 0, 2, 2, 0] };
// e2, a standalone token, e3, a standalone token: trie ids differ from GLM's counter.
const TARGET: TokenSequence = { ids: [20, 21, 14, 30, 31, 15], entity: [0, 0, 0, 0, 0, 0] };

let model: Glm;

before(async () => {
  await initBackend({ prefer: 'cpu' });
  model = createGlm(CONFIG, 3);
  // Weights far from the 0.02 init, so that the position tables move the logits by a visible amount.
  const rng = mulberry32(11);
  for (const [name, v] of model.params) {
    const base = name.endsWith('.gamma') ? 1 : 0;
    v.assign(
      tf.tensor(
        Float32Array.from({ length: v.size }, () => base + 0.4 * randomNormal(rng)),
        v.shape,
      ),
    );
  }
});

/** Log-softmax of the training forward pass at each Part B position of the fine-tuning example. */
function trainingLogProbs(
  input: TokenSequence,
  target: TokenSequence,
  mode: 'recsysllm' | 'glm' = 'recsysllm',
): { rows: Float32Array[]; sep: number } {
  const { example } = buildFinetuneExample(input, target, 'sequential', { maxLength: CONFIG.maxLength, trie: POOL, mode });
  const batch = collate([example]);
  const { positions } = lossPositions(batch);
  const out = tf.tidy(() => tf.logSoftmax(model.logits(model.forward(batch, { training: false }), positions)));
  const data = out.dataSync() as Float32Array;
  out.dispose();
  const V = CONFIG.vocabSize;
  return { rows: Array.from({ length: positions.length }, (_, i) => data.slice(i * V, (i + 1) * V)), sep: example.sep };
}

/** Teacher-forced prefixes of `target`: [], [t0], [t0 t1], … up to the whole target (whose next token is [eop]). */
const prefixesOf = (target: readonly number[]): number[][] => Array.from({ length: target.length + 1 }, (_, k) => target.slice(0, k));

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

test('generation sees the positions training saw: teacher-forced scorer log-probs equal the training forward', () => {
  const { example } = buildFinetuneExample(INPUT, TARGET, 'sequential', { maxLength: CONFIG.maxLength, trie: POOL });
  const sep = example.sep;
  const counter = Array.from({ length: TARGET.ids.length + 1 }, (_, i) => i + 1);
  assert.notDeepEqual(example.intra.slice(sep), counter, 'the case exercises trie ids, not just the counter');
  assert.ok(
    example.intra.slice(0, sep).some((x) => x > 1),
    'and entity ids in Part A',
  );

  const scorer = glmScorer(model, INPUT, POOL, { maxTokens: TARGET.ids.length + 1, maxLength: CONFIG.maxLength });
  assert.deepEqual(scorer.partA.tokens, example.tokens.slice(0, sep));
  assert.deepEqual(scorer.partA.inter, example.inter.slice(0, sep));
  assert.deepEqual(scorer.partA.intra, example.intra.slice(0, sep));
  assert.equal(scorer.partA.maskPosition, example.inter[sep]);
  assert.equal(scorer.partA.dropped, 0);

  const training = trainingLogProbs(INPUT, TARGET).rows;
  const generated = scorer.next(prefixesOf(TARGET.ids));
  assert.equal(generated.length, training.length);
  generated.forEach((row, k) => assert.ok(maxDiff(row, training[k]!) < 1e-5, `step ${k}: ${maxDiff(row, training[k]!)}`));

  // One prefix per call gives the same rows as the padded batch of all of them.
  prefixesOf(TARGET.ids).forEach((p, k) => assert.ok(maxDiff(scorer.next([p])[0]!, generated[k]!) < 1e-5));
});

test('the check has teeth: GLM-mode positions (counter, zero Part A ids) give other log-probs', () => {
  const training = trainingLogProbs(INPUT, TARGET).rows;
  const glm = glmScorer(model, INPUT, POOL, { maxTokens: TARGET.ids.length + 1, maxLength: CONFIG.maxLength, mode: 'glm' });
  const rows = glm.next(prefixesOf(TARGET.ids));
  const worst = Math.max(...rows.map((r, k) => maxDiff(r, training[k]!)));
  assert.ok(worst > 1e-2, `positions matter (${worst})`);
  // …and GLM mode is itself consistent with GLM-mode training.
  const glmTraining = trainingLogProbs(INPUT, TARGET, 'glm').rows;
  rows.forEach((r, k) => assert.ok(maxDiff(r, glmTraining[k]!) < 1e-5));
});

test('a long input is cut as training cuts it, whole entities first, leaving room for maxTokens', () => {
  const ids = [...INPUT.ids, ...INPUT.ids, ...INPUT.ids];
  const entity = [...INPUT.entity, ...INPUT.entity.map((e) => (e ? e + 2 : 0)), ...INPUT.entity.map((e) => (e ? e + 4 : 0))];
  const long: TokenSequence = { ids, entity };
  const { example, dropped } = buildFinetuneExample(long, TARGET, 'sequential', { maxLength: CONFIG.maxLength, trie: POOL });
  assert.ok(dropped > 0);
  const scorer = glmScorer(model, long, POOL, { maxTokens: TARGET.ids.length + 1 });
  assert.equal(scorer.partA.dropped, dropped);
  assert.deepEqual(scorer.partA.tokens, example.tokens.slice(0, example.sep));
  const training = trainingLogProbs(long, TARGET).rows;
  scorer.next(prefixesOf(TARGET.ids)).forEach((row, k) => assert.ok(maxDiff(row, training[k]!) < 1e-5));
  assert.throws(() => scorer.next([[...TARGET.ids, 5]]), /longer than/);
  assert.deepEqual(scorer.next([]), []);
});

test('decoding over the real model: greedy takes the argmax of the training forward at every step; items are real', () => {
  const maxTokens = 6;
  const scorer = glmScorer(model, INPUT, POOL, { maxTokens });
  const g = greedy(scorer, { maxTokens, eop: SPECIAL.eop });
  assert.ok(g.tokens.length > 0);
  const target: TokenSequence = { ids: g.tokens, entity: g.tokens.map(() => 0) };
  const training = trainingLogProbs(INPUT, target).rows;
  const path = g.finished ? [...g.tokens, SPECIAL.eop] : g.tokens;
  path.forEach((t, k) => {
    const row = training[k]!;
    const best = row.indexOf(Math.max(...row));
    assert.equal(t, best, `step ${k}`);
  });

  const catalog = ItemTrie.fromSequences([
    { id: 1, tokens: [20, 21] },
    { id: 2, tokens: [20, 22, 23] },
    { id: 3, tokens: [30, 31, 14] },
    { id: 4, tokens: [10, 11, 12] },
    { id: 5, tokens: [15] },
  ]);
  const items = rankItems(glmScorer(model, INPUT, POOL, { maxTokens: catalog.maxTokens }), catalog, { k: 3, exclude: [4] });
  assert.equal(items.length, 3);
  assert.equal(new Set(items.map((r) => r.item)).size, 3);
  for (const r of items) assert.ok(r.item !== 4 && catalog.itemOf(r.tokens) === r.item);
});
