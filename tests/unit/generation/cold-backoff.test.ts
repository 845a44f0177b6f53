/**
 * Cold items placed by their code prefix (cold-backoff.ts): a worked example of the back-off score, the fixed
 * places (one in every 1/share), and properties over random catalogs — only real, not excluded, distinct items;
 * the beam's own list keeps its order; nothing is placed where the beam scored no prefix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoff, prefixKey, withColdItems } from '../../../main/generation/cold-backoff';
import { ItemTrie, type RankedItem } from '../../../main/generation/item-trie';
import { mulberry32, randomInt } from '../../../main/random';

// Warm 1..3 and cold 4 (shares the prefix 1,10 with item 1) and 5 (a first code the beam never scored).
const ITEMS = [
  { id: 1, tokens: [1, 10, 20] },
  { id: 2, tokens: [1, 11, 20] },
  { id: 3, tokens: [2, 12, 20] },
  { id: 4, tokens: [1, 10, 21] },
  { id: 5, tokens: [3, 13, 22] },
];
const SCORED = new Map([
  ['1', -0.5],
  ['2', -1.5],
  ['1,10', -1.0],
  ['1,11', -2.0],
  ['2,12', -2.0],
]);
const catalog = ItemTrie.fromSequences(ITEMS);
const ranked = (ids: number[], scores: number[]): RankedItem[] =>
  ids.map((item, i) => ({ item, score: scores[i]!, logProb: scores[i]!, tokens: [...catalog.tokensOf(item)!] }));

test('back-off: the deepest scored prefix plus a uniform guess per level below it; null where no prefix was scored', () => {
  const b = backoff(catalog, [1, 10, 21], SCORED)!;
  assert.equal(b.depth, 2);
  // Below 1,10 the catalog branches two ways (20 for item 1, 21 for item 4).
  assert.ok(Math.abs(b.score - (-1.0 - Math.log(2))) < 1e-12);
  // Only the first code scored: −0.5, then 1 → {10, 11} and 1,11 → {20}: −log 2 − log 1.
  const shallow = backoff(catalog, [1, 11, 20], new Map([['1', -0.5]]))!;
  assert.equal(shallow.depth, 1);
  assert.ok(Math.abs(shallow.score - (-0.5 - Math.log(2))) < 1e-12);
  assert.equal(backoff(catalog, [3, 13, 22], SCORED), null);
  assert.equal(backoff(catalog, [9, 9, 9], SCORED), null, 'not in the catalog');
});

test('cold items take every (1/share)-th place, best back-off first; the beam list keeps its order', () => {
  const beam = ranked([1, 2, 3], [-1.2, -2.1, -2.3]);
  const out = withColdItems(catalog, beam, SCORED, { cold: [4, 5], share: 0.5, k: 5, exclude: new Set() });
  assert.deepEqual(
    out.map((r) => r.item),
    [1, 4, 2, 3],
    'item 4 in the 2nd place; item 5 has no scored prefix, so the 4th place goes back to the beam',
  );
  assert.deepEqual(out[1]!.tokens, [1, 10, 21]);
  assert.deepEqual(
    withColdItems(catalog, beam, SCORED, { cold: [4, 5], share: 0, k: 5, exclude: new Set() }).map((r) => r.item),
    [1, 2, 3],
    'share 0 turns it off',
  );
  assert.deepEqual(
    withColdItems(catalog, beam, SCORED, { cold: [4], share: 0.5, k: 5, exclude: new Set([4]) }).map((r) => r.item),
    [1, 2, 3],
    'an excluded (history) item is never placed',
  );
  assert.deepEqual(
    withColdItems(catalog, ranked([1, 4, 2], [-1, -2, -3]), SCORED, { cold: [4], share: 0.5, k: 5, exclude: new Set() }).map((r) => r.item),
    [1, 4, 2],
    'a cold item the beam found itself is not listed twice',
  );
  assert.deepEqual(
    withColdItems(catalog, beam, SCORED, { cold: [4], share: 0.1, k: 3, exclude: new Set() }).map((r) => r.item),
    [1, 2, 3],
    'no place falls inside a list shorter than 1/share',
  );
});

test('property: lists are distinct real items, none excluded, at most k, cold ones only in their places or after the beam list (many seeds)', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const rng = mulberry32(seed);
    const n = 5 + randomInt(rng, 60);
    const seen = new Set<string>();
    const items: { id: number; tokens: number[] }[] = [];
    while (items.length < n) {
      const tokens = [10 + randomInt(rng, 4), 20 + randomInt(rng, 4), 30 + randomInt(rng, 4)];
      if (seen.has(prefixKey(tokens))) continue;
      seen.add(prefixKey(tokens));
      items.push({ id: items.length + 1, tokens });
    }
    const cat = ItemTrie.fromSequences(items);
    const cold = items.filter(() => rng() < 0.3).map((i) => i.id);
    const coldSet = new Set(cold);
    const exclude = new Set(items.filter(() => rng() < 0.2).map((i) => i.id));
    const scored = new Map<string, number>();
    for (const it of items) for (let m = 1; m < 3; m++) if (rng() < 0.5) scored.set(prefixKey(it.tokens.slice(0, m)), -5 * rng());
    const warm = items.filter((i) => !coldSet.has(i.id) && !exclude.has(i.id) && rng() < 0.7);
    const beam: RankedItem[] = warm.map((i, r) => ({ item: i.id, score: -r, logProb: -r, tokens: i.tokens }));
    const k = 1 + randomInt(rng, 20);
    const share = [0, 0.1, 0.2, 0.25, 0.5, 1][randomInt(rng, 6)]!;
    const out = withColdItems(cat, beam, scored, { cold, share, k, exclude });
    const ids = out.map((r) => r.item);
    assert.equal(new Set(ids).size, ids.length, `seed ${seed}: distinct`);
    assert.ok(ids.length <= k, `seed ${seed}: at most k`);
    assert.ok(ids.length >= Math.min(k, beam.length), `seed ${seed}: the beam's items fill what cold ones do not`);
    for (const r of out) {
      assert.ok(!exclude.has(r.item), `seed ${seed}: never excluded`);
      assert.deepEqual(cat.itemsOf(r.tokens).includes(r.item), true, `seed ${seed}: a real item with its own tokens`);
    }
    const every = share > 0 ? Math.round(1 / share) : 0;
    out.forEach((r, i) => {
      const placed = !beam.some((b) => b.item === r.item);
      if (placed) {
        assert.ok(coldSet.has(r.item), `seed ${seed}: only cold items are placed`);
        const beamSpent = out.slice(0, i).filter((x) => beam.some((b) => b.item === x.item)).length === beam.length;
        assert.ok((i + 1) % every === 0 || beamSpent, `seed ${seed}: a placed item sits in a (1/share)-th place or after the beam's list`);
        assert.notEqual(backoff(cat, r.tokens, scored), null, `seed ${seed}: placed only where a prefix was scored`);
      }
    });
    const fromBeam = ids.filter((id) => beam.some((b) => b.item === id));
    assert.deepEqual(fromBeam, beam.map((b) => b.item).slice(0, fromBeam.length), `seed ${seed}: the beam's order is kept`);
  }
});
