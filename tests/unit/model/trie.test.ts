import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenTrie } from '../../../main/model/trie';
import { mulberry32 } from '../../../main/random';

test('walk, children and allowed follow inserted sequences; a prefix outside the trie allows nothing', () => {
  const trie = TokenTrie.from([[10, 11, 12], [10, 11, 13], [10, 20], [30]]);
  assert.equal(trie.size, 4);
  assert.deepEqual(trie.allowed([]), [10, 30]);
  assert.deepEqual(trie.allowed([10]), [11, 20]);
  assert.deepEqual(trie.allowed([10, 11]), [12, 13]);
  assert.deepEqual(trie.allowed([10, 11, 12]), [], 'a complete sequence has no continuation');
  assert.deepEqual(trie.allowed([11]), [], 'not a prefix');
  assert.deepEqual(trie.allowed([10, 11, 12, 5]), []);
  const node = trie.walk([10])!;
  assert.deepEqual(trie.children(node), [11, 20]);
  assert.deepEqual(trie.children(trie.walk([11], node)!), [12, 13], 'walks from a given node');
  assert.equal(trie.walk([99]), null);
});

test('has tells whole sequences from prefixes; inserting twice is a no-op', () => {
  const trie = new TokenTrie();
  assert.equal(trie.insert([1, 2, 3]), true);
  assert.equal(trie.insert([1, 2, 3]), false);
  assert.equal(trie.insert([1, 2]), true);
  assert.equal(trie.size, 2);
  assert.equal(trie.has([1, 2, 3]), true);
  assert.equal(trie.has([1, 2]), true);
  assert.equal(trie.has([1]), false);
  assert.deepEqual(trie.allowed([1, 2]), [3], 'a sequence that is also a prefix still allows its continuation');
});

test('property: following allowed() from the root only ever spells inserted sequences', () => {
  const rng = mulberry32(21);
  const seqs = Array.from({ length: 200 }, () => Array.from({ length: 1 + Math.floor(rng() * 5) }, () => 7 + Math.floor(rng() * 6)));
  const trie = TokenTrie.from(seqs);
  const keys = new Set(seqs.map((s) => s.join(',')));
  assert.equal(trie.size, keys.size);
  for (let walk = 0; walk < 500; walk++) {
    const prefix: number[] = [];
    for (;;) {
      const next = trie.allowed(prefix);
      if (next.length === 0 || (trie.has(prefix) && rng() < 0.3)) break;
      prefix.push(next[Math.floor(rng() * next.length)]!);
    }
    assert.ok(keys.has(prefix.join(',')), `walk ended on ${prefix} which was inserted`);
  }
  // And every inserted sequence is reachable token by token.
  for (const s of seqs) s.forEach((t, i) => assert.ok(trie.allowed(s.slice(0, i)).includes(t)));
});
