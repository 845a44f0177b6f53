import { test } from 'node:test';
import assert from 'node:assert/strict';
import { beamSearch, greedy } from '../../../main/generation/decode';
import { ItemTrie, rankItems, type CatalogItem } from '../../../main/generation/item-trie';
import { trainTokenizer } from '../../../main/model/tokenizer';
import { SPECIAL } from '../../../main/model/types';
import { mulberry32, randomInt } from '../../../main/random';
import { randomScorer, sequenceLogProb, tableScorer } from './helpers';

const WORDS = [
  'The',
  'Lost',
  'River',
  'Night',
  'Star',
  'Return',
  'of',
  'King',
  'Blue',
  'City',
  'Dark',
  'Game',
  'Love',
  'War',
  'Man',
  'Sea',
];

/** Movie-like titles that share many prefixes ("The Lost …", "The Lost River …"), as a real catalog does. */
function catalog(n: number, seed: number): CatalogItem[] {
  const rng = mulberry32(seed);
  const seen = new Set<string>();
  const items: CatalogItem[] = [];
  while (items.length < n) {
    const words = Array.from({ length: 1 + randomInt(rng, 3) }, () => WORDS[randomInt(rng, WORDS.length)]!);
    const text = `${words.join(' ')} (${1950 + randomInt(rng, 50)})`;
    if (seen.has(text)) continue;
    seen.add(text);
    items.push({ id: 1000 + items.length, text });
  }
  return items;
}

const ITEMS = catalog(80, 1);
const TOKENIZER = trainTokenizer(
  ITEMS.map((i) => i.text),
  { vocabSize: 120, minFrequency: 2 },
);
const CATALOG = ItemTrie.fromTexts(ITEMS, TOKENIZER);
const TEXT = new Map(ITEMS.map((i) => [i.id, i.text]));

test('the trie holds every item as its tokens then [eop], and maps a sequence back to its item', () => {
  assert.equal(CATALOG.size, ITEMS.length);
  assert.equal(CATALOG.sequences, ITEMS.length);
  for (const it of ITEMS) {
    const tokens = TOKENIZER.encode(it.text);
    assert.ok(CATALOG.trie.has([...tokens, SPECIAL.eop]));
    assert.equal(CATALOG.trie.has(tokens), false, 'only [eop] closes an item');
    assert.equal(CATALOG.itemOf(tokens), it.id);
    assert.equal(CATALOG.itemOf([...tokens, SPECIAL.eop]), it.id);
  }
  assert.equal(CATALOG.maxTokens, Math.max(...ITEMS.map((i) => TOKENIZER.encode(i.text).length + 1)));
  assert.ok(CATALOG.trie.root.children.size < ITEMS.length / 2, 'titles share first tokens, so the trie branches');
});

test('property: with random logits the constrained beam only names catalog items, distinct, best first', () => {
  const V = TOKENIZER.vocabSize;
  for (const width of [1, 2, 5, 10, 20]) {
    for (let seed = 0; seed < 25; seed++) {
      const scorer = randomScorer(seed * 31 + width, V);
      const hyps = beamSearch(scorer, { width, maxTokens: CATALOG.maxTokens, eop: SPECIAL.eop, constraint: CATALOG.constraint() });
      assert.equal(hyps.length, width);
      const items = hyps.map((h) => {
        assert.ok(h.finished, 'every beam closes on [eop]');
        const item = CATALOG.itemOf(h.tokens);
        assert.notEqual(item, null, `seed ${seed} width ${width}: ${TOKENIZER.decode(h.tokens)} is not an item`);
        assert.equal(TOKENIZER.decode(h.tokens), TEXT.get(item!));
        assert.ok(Math.abs(h.score - sequenceLogProb(scorer, h.tokens, SPECIAL.eop)) < 1e-9);
        return item;
      });
      assert.equal(new Set(items).size, width, 'no item twice');
      for (let i = 1; i < hyps.length; i++) assert.ok(hyps[i - 1]!.score >= hyps[i]!.score);
    }
  }
});

test('with the constraint off, the same random logits produce strings outside the catalog', () => {
  const V = TOKENIZER.vocabSize;
  let invalid = 0;
  let total = 0;
  for (let seed = 0; seed < 25; seed++) {
    const scorer = randomScorer(seed * 31 + 5, V);
    for (const h of beamSearch(scorer, { width: 5, maxTokens: CATALOG.maxTokens, eop: SPECIAL.eop })) {
      total++;
      if (!h.finished || CATALOG.itemOf(h.tokens) === null) invalid++;
    }
  }
  assert.ok(invalid > 0.9 * total, `${invalid} of ${total} unconstrained outputs are not items`);
});

test('with a width above the catalog the beam is exhaustive: every item, ranked by its exact log-probability', () => {
  const small = ItemTrie.fromTexts(ITEMS.slice(0, 15), TOKENIZER);
  for (let seed = 0; seed < 10; seed++) {
    const scorer = randomScorer(500 + seed, TOKENIZER.vocabSize);
    const ranked = rankItems(scorer, small, { k: 15, width: 20 });
    const expected = ITEMS.slice(0, 15)
      .map((it) => ({ item: it.id, logProb: sequenceLogProb(scorer, TOKENIZER.encode(it.text), SPECIAL.eop) }))
      .sort((a, b) => b.logProb - a.logProb);
    assert.deepEqual(
      ranked.map((r) => r.item),
      expected.map((e) => e.item),
    );
    const top5 = rankItems(scorer, small, { k: 5, width: 20 });
    assert.deepEqual(top5, ranked.slice(0, 5));
  }
});

// Items as tokens: A = 10 11, B = 10 12, C = 13, D = 10 11 12 (eop = 6). Hand-set probabilities:
//   start → 10: 0.5, 13: 0.35;  10 → 11: 0.4, 12: 0.6;  10 11 → eop: 0.6, 12: 0.4;  10 11 12 → eop: 0.9;
//   10 12 → eop: 0.2;  13 → eop: 0.8.
// Item probabilities: C = 0.35·0.8 = 0.28, A = 0.5·0.4·0.6 = 0.12, D = 0.5·0.4·0.4·0.9 = 0.072,
// B = 0.5·0.6·0.2 = 0.06. Greedy follows the likeliest first token (10) and then 12, and ends on B, the worst.
const A = 1;
const B = 2;
const C = 3;
const D = 4;
const HAND = ItemTrie.fromSequences([
  { id: A, tokens: [10, 11] },
  { id: B, tokens: [10, 12] },
  { id: C, tokens: [13] },
  { id: D, tokens: [10, 11, 12] },
]);
const HAND_SCORER = tableScorer(16, {
  '': { 10: 0.5, 13: 0.35 },
  '10': { 11: 0.4, 12: 0.6 },
  '10,11': { [SPECIAL.eop]: 0.6, 12: 0.4 },
  '10,11,12': { [SPECIAL.eop]: 0.9 },
  '10,12': { [SPECIAL.eop]: 0.2 },
  '13': { [SPECIAL.eop]: 0.8 },
});
const PROB: Record<number, number> = { [A]: 0.12, [B]: 0.06, [C]: 0.28, [D]: 0.072 };

test('beam search returns the k best distinct items in score order on a hand-computed case', () => {
  const rank = (k: number, width: number, exclude: number[] = []): number[] =>
    rankItems(HAND_SCORER, HAND, { k, width, exclude }).map((r) => r.item);
  assert.deepEqual(rank(4, 4), [C, A, D, B]);
  assert.deepEqual(rank(2, 2), [C, A]);
  assert.deepEqual(rank(3, 3), [C, A, D]);
  assert.deepEqual(rank(1, 1), [B], 'width 1 is greedy, and greedy is not the best here');
  const g = greedy(HAND_SCORER, { maxTokens: HAND.maxTokens, eop: SPECIAL.eop, constraint: HAND.constraint() });
  assert.equal(HAND.itemOf(g.tokens), B);
  for (const r of rankItems(HAND_SCORER, HAND, { k: 4 })) assert.ok(Math.abs(r.score - Math.log(PROB[r.item]!)) < 1e-6);
});

test('filtered mode never returns an excluded item, and prunes paths that only lead to excluded items', () => {
  const rank = (k: number, width: number, exclude: number[]): number[] =>
    rankItems(HAND_SCORER, HAND, { k, width, exclude }).map((r) => r.item);
  assert.deepEqual(rank(2, 2, [C]), [A, D]);
  assert.deepEqual(rank(4, 4, [A, D]), [C, B]);
  assert.deepEqual(rank(2, 2, [A, B, D]), [C], 'fewer than k when fewer are left');
  assert.deepEqual(rank(2, 2, [999]), [C, A], 'an id outside the catalog excludes nothing');
  const noTen = HAND.constraint([A, B, D]);
  assert.deepEqual(noTen([]), [13], 'no item starting with 10 is left, so 10 is not offered');
  const noA = HAND.constraint([A]);
  assert.deepEqual(noA([10, 11]), [12], 'A excluded: after 10 11 only D can follow');
  assert.deepEqual([...noA([])].sort(), [10, 13]);

  const rng = mulberry32(9);
  for (let round = 0; round < 40; round++) {
    const exclude = ITEMS.filter(() => rng() < 0.3).map((i) => i.id);
    const scorer = randomScorer(700 + round, TOKENIZER.vocabSize);
    const width = 1 + randomInt(rng, 20);
    const ranked = rankItems(scorer, CATALOG, { k: width, exclude });
    assert.equal(ranked.length, width);
    for (const r of ranked) assert.ok(!exclude.includes(r.item), `round ${round}: excluded item ${r.item} returned`);
    assert.equal(new Set(ranked.map((r) => r.item)).size, ranked.length);
  }
});

test('items that share a text are one sequence; it stays until every one of them is excluded', () => {
  const trie = ItemTrie.fromTexts(
    [
      { id: 1, text: 'Dark City (1997)' },
      { id: 2, text: 'Dark City (1997)' },
      { id: 3, text: 'City (1997)' },
    ],
    TOKENIZER,
  );
  assert.equal(trie.size, 3);
  assert.equal(trie.sequences, 2);
  const tokens = TOKENIZER.encode('Dark City (1997)');
  assert.deepEqual(trie.itemsOf(tokens), [1, 2]);
  assert.equal(trie.itemOf(tokens), 1);
  assert.equal(trie.itemOf(tokens, new Set([1])), 2);
  assert.ok(trie.constraint([1])([]).includes(tokens[0]!));
  assert.ok(!trie.constraint([1, 2])([]).includes(tokens[0]!));
});

test('a catalog refuses an empty item, a repeated id and an item containing [eop]', () => {
  assert.throws(() => ItemTrie.fromSequences([{ id: 1, tokens: [] }]), /no tokens/);
  assert.throws(
    () =>
      ItemTrie.fromSequences([
        { id: 1, tokens: [9] },
        { id: 1, tokens: [10] },
      ]),
    /twice/,
  );
  assert.throws(() => ItemTrie.fromSequences([{ id: 1, tokens: [9, SPECIAL.eop] }]), /end token/);
  assert.throws(() => rankItems(HAND_SCORER, HAND, { k: 3, width: 2 }), /width/);
});
