import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFinetuneExample, buildPretrainExample, packSpans, type Objective } from '../../../main/model/blank-infilling';
import { IntraTracker, spanIntraIds } from '../../../main/model/intra-positions';
import {
  entityRuns,
  sampleGenerationSpan,
  sampleMaskSpans,
  samplePoisson,
  sampleSentenceSpans,
  type SpanRange,
} from '../../../main/model/span-sampling';
import { TokenTrie } from '../../../main/model/trie';
import { SPECIAL, type PackedExample } from '../../../main/model/types';
import { mulberry32, type Rng } from '../../../main/random';

const [M, S, E, P] = [SPECIAL.mask, SPECIAL.sop, SPECIAL.eop, SPECIAL.pad];
const x = (i: number): number => 10 + i; // x1 = 11 … x7 = 17
const MASKS = new Set<number>([SPECIAL.mask, SPECIAL.sMask, SPECIAL.gMask]);

test('GLM mode reproduces the §1.2 worked example exactly', () => {
  const tokens = [1, 2, 3, 4, 5, 6].map(x);
  const ex = packSpans(
    tokens,
    [0, 0, 0, 0, 0, 0],
    [
      [2, 3],
      [4, 6],
    ],
    { order: 'chronological', maskToken: M, entityIntraInPartA: false },
  );
  assert.deepEqual(ex, {
    tokens: [x(1), x(2), M, x(4), M, S, x(3), S, x(5), x(6)],
    inter: [0, 1, 2, 3, 4, 2, 2, 4, 4, 4],
    intra: [0, 0, 0, 0, 0, 1, 2, 1, 2, 3],
    sep: 5,
    labels: [P, P, P, P, P, x(3), E, x(5), x(6), E],
    lossMask: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
    family: 'mask',
  });
});

test('GLM mode with shuffled spans: the §1.2 variant `[S] x5 x6 [S] x3`, and shuffling does reorder', () => {
  const tokens = [1, 2, 3, 4, 5, 6].map(x);
  const seen = new Set<string>();
  let swapped: PackedExample | undefined;
  for (let seed = 1; seed <= 40; seed++) {
    const ex = packSpans(
      tokens,
      [0, 0, 0, 0, 0, 0],
      [
        [4, 6],
        [2, 3],
      ],
      { order: 'shuffle', rng: mulberry32(seed), maskToken: M, entityIntraInPartA: false },
    );
    seen.add(ex.tokens.slice(ex.sep).join(','));
    if (ex.tokens[ex.sep + 1] === x(5)) swapped = ex;
  }
  assert.equal(seen.size, 2, 'both orders occur over seeds');
  assert.ok(swapped);
  assert.deepEqual(swapped.tokens.slice(0, 5), [x(1), x(2), M, x(4), M]);
  assert.deepEqual(swapped.tokens.slice(5), [S, x(5), x(6), S, x(3)]);
  assert.deepEqual(swapped.inter.slice(5), [4, 4, 4, 2, 2]);
  assert.deepEqual(swapped.intra.slice(5), [1, 2, 3, 1, 2]);
  assert.deepEqual(swapped.labels.slice(5), [x(5), x(6), E, x(3), E]);
  assert.equal(swapped.sep, 5);
  assert.throws(
    () => packSpans(tokens, [0, 0, 0, 0, 0, 0], [[2, 3]], { order: 'shuffle', maskToken: M, entityIntraInPartA: false }),
    /rng/,
  );
});

test('RecSysLLM mode reproduces the paper’s Fig. 1 example exactly (§1.3)', () => {
  const tokens = [1, 2, 3, 4, 5, 6, 7].map(x);
  const entity = [1, 1, 1, 0, 0, 2, 2]; // e1 = x1 x2 x3, e2 = x6 x7
  const trie = TokenTrie.from(entityRuns(entity).map(([s, e]) => tokens.slice(s, e)));
  const ex = packSpans(
    tokens,
    entity,
    [
      [0, 3],
      [4, 5],
    ],
    { order: 'chronological', maskToken: M, entityIntraInPartA: true, trie },
  );
  assert.deepEqual(ex, {
    tokens: [M, x(4), M, x(6), x(7), S, x(1), x(2), x(3), S, x(5)],
    inter: [0, 1, 2, 3, 4, 0, 0, 0, 0, 2, 2],
    intra: [0, 0, 0, 1, 2, 1, 2, 3, 4, 1, 2],
    sep: 5,
    labels: [P, P, P, P, P, x(1), x(2), x(3), E, x(5), E],
    lossMask: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1],
    family: 'mask',
  });
});

test('packSpans refuses overlapping or empty spans and mismatched entity ids', () => {
  const opts = { order: 'chronological' as const, maskToken: M, entityIntraInPartA: false };
  assert.throws(
    () =>
      packSpans(
        [11, 12, 13],
        [0, 0, 0],
        [
          [0, 2],
          [1, 3],
        ],
        opts,
      ),
    /overlap/,
  );
  assert.throws(() => packSpans([11, 12, 13], [0, 0, 0], [[1, 1]], opts), RangeError);
  assert.throws(() => packSpans([11, 12, 13], [0, 0], [[0, 1]], opts), RangeError);
});

test('truncated Poisson(3) on 1..39 has the right mean (3 / (1 − e⁻³) ≈ 3.157)', () => {
  const rng = mulberry32(9);
  let sum = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const k = samplePoisson(rng, 3, 1, 39);
    assert.ok(k >= 1 && k <= 39);
    sum += k;
  }
  assert.ok(Math.abs(sum / n - 3 / (1 - Math.exp(-3))) < 0.05, `mean ${sum / n}`);
});

/** Random token/entity sequences: runs of standalone tokens and entities of 1–6 tokens, sometimes back to back. */
function randomSequence(rng: Rng, maxLen: number): { tokens: number[]; entity: number[] } {
  const n = 1 + Math.floor(rng() * maxLen);
  const tokens: number[] = [];
  const entity: number[] = [];
  let next = 1;
  while (tokens.length < n) {
    const isEntity = rng() < 0.5;
    const len = 1 + Math.floor(rng() * 6);
    const id = isEntity ? next++ : 0;
    for (let i = 0; i < len; i++) {
      tokens.push(7 + Math.floor(rng() * 40));
      entity.push(id);
    }
  }
  return { tokens, entity };
}

/** Part A with every mask replaced by its span from Part B, and where the spans lay in the original. */
function restore(ex: PackedExample): { tokens: number[]; spans: SpanRange[]; partB: { start: number; tokens: number[] }[] } {
  const byInter = new Map<number, number[]>();
  const partB: { start: number; tokens: number[] }[] = [];
  for (let i = ex.sep; i < ex.tokens.length; i++) {
    if (ex.tokens[i] === S) {
      assert.ok(!byInter.has(ex.inter[i]!), 'one Part B span per mask');
      byInter.set(ex.inter[i]!, []);
      partB.push({ start: i, tokens: [] });
    } else {
      byInter.get(ex.inter[i]!)!.push(ex.tokens[i]!);
      partB[partB.length - 1]!.tokens.push(ex.tokens[i]!);
    }
  }
  const tokens: number[] = [];
  const spans: SpanRange[] = [];
  for (let i = 0; i < ex.sep; i++) {
    assert.equal(ex.inter[i], i, 'Part A positions run 0..sep−1');
    if (MASKS.has(ex.tokens[i]!)) {
      const span = byInter.get(i);
      assert.ok(span && span.length > 0, `mask at ${i} has its span`);
      spans.push([tokens.length, tokens.length + span.length]);
      tokens.push(...span);
      byInter.delete(i);
    } else tokens.push(ex.tokens[i]!);
  }
  assert.equal(byInter.size, 0, 'every Part B span belongs to a mask in Part A');
  return { tokens, spans, partB };
}

const cutsEntity = (entity: readonly number[], i: number): boolean =>
  i > 0 && i < entity.length && entity[i]! > 0 && entity[i] === entity[i - 1];

function sentenceBoundaries(entity: readonly number[], ends: readonly boolean[]): Set<number> {
  const b = new Set([0, entity.length]);
  ends.forEach((end, i) => {
    if (end && !cutsEntity(entity, i + 1)) b.add(i + 1);
  });
  return b;
}

test('property: [MASK] spans are whole entities or standalone runs, gapped, covering ≥ 15% unless nothing more fits', () => {
  const rng = mulberry32(1);
  let standaloneLengths = 0;
  let standaloneSpans = 0;
  for (let round = 0; round < 3000; round++) {
    const { entity } = randomSequence(rng, 120);
    const spans = sampleMaskSpans(entity, rng);
    const covered = new Uint8Array(entity.length);
    spans.forEach(([s, e], i) => {
      if (i > 0) assert.ok(s >= spans[i - 1]![1] + 1, 'at least one token between spans');
      const isEntity =
        entity[s]! > 0 && !cutsEntity(entity, s) && !cutsEntity(entity, e) && entity.slice(s, e).every((id) => id === entity[s]);
      const isStandalone = entity.slice(s, e).every((id) => id === 0) && e - s <= 39;
      assert.ok(isEntity || isStandalone, `span [${s}, ${e}) of ${entity}`);
      if (isStandalone) {
        standaloneLengths += e - s;
        standaloneSpans++;
      }
      covered.fill(1, s, e);
    });
    const total = covered.reduce((a, b) => a + b, 0);
    if (total < Math.ceil(0.15 * entity.length)) {
      const blocked = (s: number, e: number): boolean => covered.slice(Math.max(0, s - 1), e + 1).some((c) => c === 1);
      for (const [s, e] of entityRuns(entity)) assert.ok(blocked(s, e), 'an entity that still fits would have been taken');
      entity.forEach((id, i) => assert.ok(id > 0 || blocked(i, i + 1), 'a standalone token that still fits would have been taken'));
    }
  }
  const mean = standaloneLengths / standaloneSpans;
  assert.ok(mean > 1.5 && mean < 3.2, `standalone runs average ${mean} tokens (Poisson(3), clipped by the room left)`);
});

test('property: over thousands of corruptions, Part A and the spans restore the window, entities are never split, and examples fit', () => {
  const rng = mulberry32(2024);
  const objectives: Objective[] = ['mask', 'sMask', 'gMask'];
  for (let round = 0; round < 3000; round++) {
    const { tokens, entity } = randomSequence(rng, 150);
    const ends = tokens.map(() => rng() < 0.12);
    // Sentence ends are a property of the token id, so each position gets a distinct id here.
    const ids = tokens.map((_, i) => 7 + i);
    const trie = TokenTrie.from(entityRuns(entity).map(([s, e]) => ids.slice(s, e)));
    const objective = objectives[round % 3]!;
    const mode = round % 7 === 0 ? 'glm' : 'recsysllm';
    const maxLength = 4 + Math.floor(rng() * 80);
    const seed = Math.floor(rng() * 2 ** 31);
    const opts = { objective, mode, maxLength, trie, endsSentence: (id: number) => ends[id - 7]! } as const;
    const { example: ex, window } = buildPretrainExample(ids, entity, { ...opts, rng: mulberry32(seed) });

    assert.ok(ex.tokens.length <= maxLength, `${ex.tokens.length} > ${maxLength}`);
    for (const k of ['inter', 'intra', 'labels', 'lossMask'] as const) assert.equal(ex[k].length, ex.tokens.length);
    assert.equal(ex.family, objective);
    assert.ok(!cutsEntity(entity, window[0]) && !cutsEntity(entity, window[1]), 'the window splits no entity');
    const wEntity = entity.slice(window[0], window[1]);
    const { tokens: restored, spans, partB } = restore(ex);
    assert.deepEqual(restored, ids.slice(window[0], window[1]), 'Part A ∪ spans = the window');
    assert.ok(spans.length >= 1);

    for (const [s, e] of spans) {
      assert.ok(!cutsEntity(wEntity, s) && !cutsEntity(wEntity, e), `span [${s}, ${e}) splits no entity`);
      if (objective === 'mask') {
        const one = wEntity[s]! > 0 && wEntity.slice(s, e).every((id) => id === wEntity[s]);
        assert.ok(one || wEntity.slice(s, e).every((id) => id === 0), 'one entity or standalone tokens');
      }
    }
    if (objective === 'sMask') {
      const b = sentenceBoundaries(wEntity, ends.slice(window[0], window[1]));
      for (const [s, e] of spans) assert.ok(b.has(s) && b.has(e), `[sMASK] span [${s}, ${e}) is whole sentences`);
    }
    if (objective === 'gMask') {
      assert.equal(spans.length, 1);
      assert.ok(spans[0]![1] - spans[0]![0] >= Math.ceil(wEntity.length / 2), 'a generation span covers half the text or more');
    }

    for (let i = 0; i < ex.tokens.length; i++) {
      const inB = i >= ex.sep;
      assert.equal(ex.lossMask[i], inB ? 1 : 0);
      if (!inB) assert.equal(ex.labels[i], P);
      else
        assert.equal(
          ex.labels[i],
          i + 1 < ex.tokens.length && ex.tokens[i + 1] !== S ? ex.tokens[i + 1] : E,
          'labels are the next input, [eop] at a span end',
        );
    }

    const sopInter = partB.map((b) => ex.inter[b.start]!);
    if (mode === 'recsysllm') {
      assert.deepEqual(
        sopInter,
        [...sopInter].sort((a, b) => a - b),
        'chronological Part B',
      );
      // Part A: entity tokens count 1..len within their entity, everything else 0.
      let w = 0;
      for (let i = 0; i < ex.sep; i++) {
        if (MASKS.has(ex.tokens[i]!)) {
          assert.equal(ex.intra[i], 0);
          w = spans.find(([s]) => s === w)![1];
          continue;
        }
        assert.equal(ex.intra[i], wEntity[w]! > 0 ? 1 + (w - entityRuns(wEntity).find(([s, e]) => s <= w && w < e)![0]) : 0);
        w++;
      }
      for (const b of partB) {
        const got = ex.intra.slice(b.start, b.start + b.tokens.length + 1);
        // Teacher forcing: what inference would compute feeding the same tokens one at a time.
        const tracker = new IntraTracker(trie);
        assert.deepEqual(got, [tracker.start(), ...b.tokens.map((t) => tracker.next(t))]);
        if (trie.has(b.tokens))
          assert.deepEqual(got, b.tokens.map((_, j) => j + 1).concat(b.tokens.length + 1), 'a masked whole entity gets 1..len+1');
      }
    } else {
      assert.ok(
        ex.intra.slice(0, ex.sep).every((v) => v === 0),
        'GLM: Part A intra is 0',
      );
      for (const b of partB) assert.deepEqual(ex.intra.slice(b.start, b.start + b.tokens.length + 1), spanIntraIds(b.tokens, null));
    }

    assert.deepEqual(
      buildPretrainExample(ids, entity, { ...opts, rng: mulberry32(seed) }),
      { example: ex, window },
      'same seed, same example',
    );
  }
});

test('sampleSentenceSpans extends a sentence to the end of an entity holding a full stop', () => {
  // "a b . [Mr . X] c ." — the "." inside the entity (positions 4) does not end a sentence.
  const entity = [0, 0, 0, 1, 1, 1, 0, 0];
  const ends = [false, false, true, false, true, false, false, true];
  const rng = mulberry32(4);
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) for (const s of sampleSentenceSpans(entity, ends, rng, { ratio: 0.2 })) seen.add(s.join('-'));
  assert.deepEqual([...seen].sort(), ['0-3', '3-8']);
});

test('sampleGenerationSpan moves its edges outward to entity edges and takes the suffix about half the time', () => {
  const rng = mulberry32(8);
  let suffix = 0;
  const entity = [0, 1, 1, 1, 0, 2, 2, 0, 0, 3, 3, 3, 3, 0, 0, 0];
  for (let i = 0; i < 2000; i++) {
    const [s, e] = sampleGenerationSpan(entity, rng);
    assert.ok(!cutsEntity(entity, s) && !cutsEntity(entity, e));
    assert.ok(e - s >= 8 && e <= entity.length);
    if (e === entity.length) suffix++;
  }
  assert.ok(suffix > 1000 && suffix < 1400, `${suffix} of 2000 reach the end (half by design, some by placement)`);
});

test('fine-tuning: `input [gMASK]` then `[sop] target`, the target at the [gMASK]’s position', () => {
  const trie = TokenTrie.from([[x(5), x(6)]]);
  const { example, dropped } = buildFinetuneExample(
    { ids: [x(1), x(2), x(3)], entity: [0, 4, 4] },
    { ids: [x(5), x(6)], entity: [1, 1] },
    'sequential',
    { maxLength: 16, trie },
  );
  assert.equal(dropped, 0);
  assert.deepEqual(example, {
    tokens: [x(1), x(2), x(3), SPECIAL.gMask, S, x(5), x(6)],
    inter: [0, 1, 2, 3, 3, 3, 3],
    intra: [0, 1, 2, 0, 1, 2, 3],
    sep: 4,
    labels: [P, P, P, P, x(5), x(6), E],
    lossMask: [0, 0, 0, 0, 1, 1, 1],
    family: 'sequential',
  });
});

test('fine-tuning drops whole units from the start of the input to fit, and says how many tokens', () => {
  const input = { ids: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(x), entity: [0, 0, 1, 1, 1, 1, 0, 2, 2, 0] };
  const target = { ids: [x(20)], entity: [0] };
  // Room for 6 input tokens would cut entity 1 at position 4: the cut moves on to its end.
  const { example, dropped } = buildFinetuneExample(input, target, 'rating', { maxLength: 10, trie: null });
  assert.equal(dropped, 6);
  assert.deepEqual(example.tokens, [x(7), x(8), x(9), x(10), SPECIAL.gMask, S, x(20)]);
  assert.ok(example.tokens.length <= 10);
  assert.throws(
    () =>
      buildFinetuneExample(input, { ids: [1, 2, 3, 4, 5, 6, 7, 8].map(x), entity: new Array(8).fill(0) }, 'review', {
        maxLength: 10,
        trie: null,
      }),
    /exceed maxLength/,
  );
  const rng = mulberry32(6);
  for (let round = 0; round < 500; round++) {
    const { tokens, entity } = randomSequence(rng, 100);
    const maxLength = 12 + Math.floor(rng() * 60);
    const r = buildFinetuneExample({ ids: tokens, entity }, target, 'rating', { maxLength, trie: null });
    assert.ok(r.example.tokens.length <= maxLength);
    assert.ok(!cutsEntity(entity, r.dropped), 'no entity is split');
    assert.deepEqual(r.example.tokens.slice(0, r.example.sep - 1), tokens.slice(r.dropped), 'the end of the input survives');
    const need = Math.max(0, tokens.length - (maxLength - 4));
    assert.ok(
      r.dropped >= need && tokens.slice(need, r.dropped).every((_, i) => cutsEntity(entity, need + i)),
      'drops only what it must, plus the rest of a cut entity',
    );
  }
});
