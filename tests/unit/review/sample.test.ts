import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocate, orderFor, ratingBucket, repeatCount, samplePairs, stratumOf } from '../../../main/review/sample';
import type { Candidate, SampledPair } from '../../../main/review/types';

/** `count` candidates of one stratum, keys prefixed so strata never share one. */
const stratum = (prefix: string, count: number, template: string, seen: boolean, rating: number | null): Candidate[] =>
  Array.from({ length: count }, (_, i) => ({ key: `${prefix}${i}`, template, seen, rating, a: `a ${prefix}${i}`, b: `b ${prefix}${i}` }));

// Four strata of 50, 30, 15 and 5 (100 in all), differing in template, seen and rating bucket in turn.
const POOL: Candidate[] = [
  ...stratum('p', 50, 'expl-1', true, 5),
  ...stratum('q', 30, 'expl-1', true, 4.2),
  ...stratum('r', 15, 'expl-1', false, 4),
  ...stratum('s', 5, 'expl-2', true, null),
];

const originals = (pairs: SampledPair[]): SampledPair[] => pairs.filter((p) => p.repeatOf === null);
const perStratum = (pairs: SampledPair[]): Record<string, number> => {
  const n: Record<string, number> = {};
  for (const p of originals(pairs)) n[p.key[0]!] = (n[p.key[0]!] ?? 0) + 1;
  return n;
};

test('strata are template × seen × integer rating, or none', () => {
  assert.equal(ratingBucket(4.2), '4');
  assert.equal(ratingBucket(4.6), '5');
  assert.equal(ratingBucket(null), 'none');
  assert.equal(stratumOf({ template: 't', seen: true, rating: 4.2 }), stratumOf({ template: 't', seen: true, rating: 4 }));
  assert.notEqual(stratumOf({ template: 't', seen: true, rating: 4 }), stratumOf({ template: 't', seen: false, rating: 4 }));
  assert.notEqual(stratumOf({ template: 't', seen: true, rating: 4 }), stratumOf({ template: 'u', seen: true, rating: 4 }));
});

test('largest-remainder allocation, against hand-computed quotas', () => {
  // 50/30/15/5 of 100, 20 drawn: quotas 10, 6, 3, 1 exactly.
  assert.deepEqual(allocate([50, 30, 15, 5], 20, [0, 0, 0, 0]), [10, 6, 3, 1]);
  // 7/5/3 of 15, 6 drawn: quotas 2.8, 2, 1.2 → floors 2, 2, 1 and the one seat left to the largest remainder (0.8).
  assert.deepEqual(allocate([7, 5, 3], 6, [0, 0, 0]), [3, 2, 1]);
  // 97/2/1 of 100, 10 drawn: quotas 9.7, 0.2, 0.1 → 10, 0, 0; each empty stratum then takes one from the first → 8, 1, 1.
  assert.deepEqual(allocate([97, 2, 1], 10, [0, 0, 0]), [8, 1, 1]);
  // Fewer seats than strata: 2 of three equal strata; the tie-break decides which (lowest first), none gets two.
  assert.deepEqual(allocate([5, 5, 5], 2, [0.9, 0.1, 0.5]), [0, 1, 1]);
  assert.deepEqual(allocate([5, 5, 5], 2, [0.2, 0.1, 0.5]), [1, 1, 0]);
  assert.deepEqual(allocate([4, 2], 9, [0, 0]), [4, 2], 'asking for more than there is takes all');
});

test('a sample is stratified in proportion to the strata', () => {
  const pairs = samplePairs(POOL, 20, 7);
  assert.deepEqual(perStratum(pairs), { p: 10, q: 6, r: 3, s: 1 });
  const small = samplePairs(POOL, 6, 7, { swapShare: 0 });
  // Quotas 3, 1.8, 0.9, 0.3 → floors 3, 1, 0, 0 and two seats by remainder (0.9, 0.8) → 3, 2, 1, 0; the empty stratum
  // then takes one from the stratum most over its quota (q: 2 − 1.8 = 0.2 against r: 0.1, p: 0) → 3, 1, 1, 1.
  assert.deepEqual(perStratum(small), { p: 3, q: 1, r: 1, s: 1 });
  assert.equal(small.length, 6);
  for (const p of pairs) {
    const c = POOL.find((x) => x.key === p.key)!;
    assert.deepEqual([p.template, p.seen, p.rating], [c.template, c.seen, c.rating], 'a pair carries its candidate');
  }
});

test('the same seed gives the same pairs whatever the input order; another seed other pairs', () => {
  const one = samplePairs(POOL, 20, 42);
  assert.deepEqual(samplePairs([...POOL].reverse(), 20, 42), one);
  const other = samplePairs(POOL, 20, 43);
  assert.notDeepEqual(
    originals(other)
      .map((p) => p.key)
      .sort(),
    originals(one)
      .map((p) => p.key)
      .sort(),
  );
  assert.deepEqual(perStratum(other), perStratum(one), 'the strata quotas do not depend on the seed');
});

test('draws inside a stratum are uniform without replacement', () => {
  // Stratum s (5 members) gets 1 of 20 seats: over 400 seeds each member should be drawn about 80 times.
  const hits = new Map<string, number>();
  for (let seed = 0; seed < 400; seed++) {
    const keys = originals(samplePairs(POOL, 20, seed, { swapShare: 0 })).map((p) => p.key);
    assert.equal(new Set(keys).size, keys.length, 'no key drawn twice');
    for (const k of keys.filter((k) => k.startsWith('s'))) hits.set(k, (hits.get(k) ?? 0) + 1);
  }
  assert.equal(hits.size, 5);
  for (const [k, n] of hits) assert.ok(n > 50 && n < 110, `${k} drawn ${n} times of 400, expected about 80`);
});

test('size at least the number of candidates takes them all', () => {
  const pairs = samplePairs(POOL, 500, 1, { swapShare: 0 });
  assert.equal(pairs.length, POOL.length);
  assert.deepEqual(pairs.map((p) => p.key).sort(), POOL.map((c) => c.key).sort());
  assert.deepEqual(samplePairs(POOL, 0, 1), []);
  assert.deepEqual(samplePairs([], 10, 1), []);
});

test('repeat count: round(share·n), at least one from n = 5', () => {
  assert.equal(repeatCount(20, 0.1), 2);
  assert.equal(repeatCount(12, 0.1), 1);
  assert.equal(repeatCount(5, 0.1), 1, 'round(0.5) = 1 anyway');
  assert.equal(repeatCount(6, 0.05), 1, 'round(0.3) = 0, raised to one');
  assert.equal(repeatCount(4, 0.1), 0, 'too few to spare one');
  assert.equal(repeatCount(3, 0.5), 2);
  assert.equal(repeatCount(100, 0), 0);
});

test('repeats are the originals with the sides swapped, shown after them', () => {
  let repeatsNotLast = 0;
  for (let seed = 0; seed < 30; seed++) {
    const pairs = samplePairs(POOL, 40, seed, { swapShare: 0.1 });
    assert.equal(pairs.length, 44, '40 originals and round(0.1·40) = 4 repeats');
    assert.deepEqual(
      pairs.map((p) => p.position),
      pairs.map((_, i) => i),
    );
    const repeats = pairs.filter((p) => p.repeatOf !== null);
    assert.equal(repeats.length, 4);
    assert.equal(new Set(repeats.map((p) => p.key)).size, 4, 'four different originals');
    for (const r of repeats) {
      const o = pairs[r.repeatOf!]!;
      assert.equal(o.repeatOf, null);
      assert.equal(o.key, r.key);
      assert.notEqual(o.order, r.order, 'sides swapped');
      assert.ok(o.position < r.position, 'the original is shown first');
      if (r.position < 40) repeatsNotLast++;
    }
  }
  assert.ok(repeatsNotLast > 0, 'the shuffle mixes repeats into the review instead of leaving them all at the end');
});

test("an example's side order depends on the seed and its key only", () => {
  const big = samplePairs(POOL, 60, 9, { swapShare: 0 });
  const small = samplePairs(POOL.slice(20), 7, 9, { swapShare: 0 });
  for (const p of [...big, ...small]) assert.equal(p.order, orderFor(9, p.key));
  const shared = small.filter((p) => big.some((q) => q.key === p.key));
  for (const p of shared) assert.equal(p.order, big.find((q) => q.key === p.key)!.order);
  // 50/50: of 2000 keys, the AB share lies within 0.5 ± 0.05 (about 4.5 standard deviations).
  const ab = Array.from({ length: 2000 }, (_, i) => orderFor(3, `key-${i}`)).filter((o) => o === 'AB').length;
  assert.ok(Math.abs(ab / 2000 - 0.5) < 0.05, `AB share ${ab / 2000}`);
  assert.notDeepEqual(
    POOL.map((c) => orderFor(1, c.key)),
    POOL.map((c) => orderFor(2, c.key)),
    'another seed, other orders',
  );
});

test('bad input is refused', () => {
  assert.throws(() => samplePairs([...POOL, POOL[0]!], 10, 1), /duplicate candidate key/);
  assert.throws(() => samplePairs(POOL, -1, 1), RangeError);
  assert.throws(() => samplePairs(POOL, 2.5, 1), RangeError);
  assert.throws(() => samplePairs(POOL, 5, 1, { swapShare: 1.5 }), RangeError);
});

test('describePairs says exactly what a review holds', async () => {
  const { describePairs } = await import('../../../preload/api-review');
  assert.equal(describePairs(10, repeatCount(10, 0.1)), '10 examples + 1 shown again with the sides swapped = 11 pairs');
  assert.equal(describePairs(4, repeatCount(4, 0.1)), '4 pairs');
});
