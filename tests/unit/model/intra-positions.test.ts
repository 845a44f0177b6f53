import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IntraTracker, spanIntraIds } from '../../../main/model/intra-positions';
import { TokenTrie } from '../../../main/model/trie';

// Entities e1 = 10 11 12, e2 = 20 21; 30 and 31 stand alone.
const pool = TokenTrie.from([
  [10, 11, 12],
  [20, 21],
]);

test('a masked whole entity gets 1..len+1 and a standalone token 1, 2 (the §1.3 Part B example)', () => {
  assert.deepEqual(spanIntraIds([10, 11, 12], pool), [1, 2, 3, 4]);
  assert.deepEqual(spanIntraIds([20, 21], pool), [1, 2, 3]);
  assert.deepEqual(spanIntraIds([30], pool), [1, 2]);
});

test('inside a longer span, each entity counts from 1 and each standalone token restarts at 1', () => {
  // [sop] 30 | e1 | 31 | e2
  assert.deepEqual(spanIntraIds([30, 10, 11, 12, 31, 20, 21], pool), [1, 2, 1, 2, 3, 1, 1, 2]);
  // The first token after [sop] is 2 even when an entity starts there, and the entity counts on from it.
  assert.deepEqual(spanIntraIds([20, 21, 10, 11], pool), [1, 2, 3, 1, 2]);
  // An entity cut short by another entity's first token restarts on it.
  assert.deepEqual(spanIntraIds([10, 11, 20, 21], pool), [1, 2, 3, 1, 2]);
});

test('without a trie the tracker is GLM’s counter', () => {
  assert.deepEqual(spanIntraIds([30, 10, 31, 20], null), [1, 2, 3, 4, 5]);
});

test('incremental ids (inference) equal the batch ids (training) token by token, and start resets', () => {
  const target = [30, 10, 11, 12, 20, 21, 31, 10, 11];
  const tracker = new IntraTracker(pool);
  const incremental = [tracker.start(), ...target.map((t) => tracker.next(t))];
  assert.deepEqual(incremental, spanIntraIds(target, pool));
  assert.equal(tracker.start(), 1);
  assert.equal(tracker.next(20), 2, 'a new span starts fresh');
  assert.throws(() => new IntraTracker(pool).next(10), /before start/);
});

test('prefix collision: the rule is greedy, and training and inference still agree', () => {
  // "The Fly" = 40 41 is a prefix of "The Fly II" = 40 41 42; 42 also occurs as a standalone token.
  const trie = TokenTrie.from([
    [40, 41],
    [40, 41, 42],
  ]);
  assert.deepEqual(spanIntraIds([40, 41], trie), [1, 2, 3]);
  assert.deepEqual(spanIntraIds([40, 41, 42], trie), [1, 2, 3, 4]);
  // "The Fly" then a standalone 42 reads as the longer entity: the id cannot know the text's intent, but it is
  // the same id at training and at inference, which is what the model needs.
  const span = [40, 41, 42, 40, 41];
  const tracker = new IntraTracker(trie);
  const incremental = [tracker.start(), ...span.map((t) => tracker.next(t))];
  assert.deepEqual(incremental, [1, 2, 3, 4, 1, 2]);
  assert.deepEqual(spanIntraIds(span, trie), incremental);
  // A closing token makes the pool prefix-free, and the boundary exact.
  const END = 6;
  const closed = TokenTrie.from([
    [40, 41, END],
    [40, 41, 42, END],
  ]);
  assert.deepEqual(spanIntraIds([40, 41, END, 42], closed), [1, 2, 3, 4, 1]);
});
