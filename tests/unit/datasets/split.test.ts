import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leaveOneOut, type SplitInput } from '../../../main/datasets/split';

test('leave-one-out: last → test, second to last → valid, rest → train, per user in time order', () => {
  const rows: SplitInput[] = [
    { id: 1, userId: 1, ts: 30, seq: 0 },
    { id: 2, userId: 1, ts: 10, seq: 1 },
    { id: 3, userId: 1, ts: 20, seq: 2 },
    { id: 4, userId: 1, ts: 40, seq: 3 },
    { id: 5, userId: 2, ts: 5, seq: 4 },
  ];
  const s = leaveOneOut(rows);
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((id) => s.get(id)),
    ['valid', 'train', 'train', 'test', 'train'],
  );
});

test('equal timestamps keep the source order (stable on file position), whatever the item ids', () => {
  // ml-100k has many same-second ratings; breaking ties any other way changes next-item metrics.
  const rows: SplitInput[] = [
    { id: 10, userId: 7, ts: 100, seq: 0 },
    { id: 11, userId: 7, ts: 200, seq: 1 },
    { id: 12, userId: 7, ts: 200, seq: 2 },
    { id: 13, userId: 7, ts: 200, seq: 3 },
  ];
  const s = leaveOneOut(rows);
  assert.equal(s.get(13), 'test');
  assert.equal(s.get(12), 'valid');
  assert.equal(s.get(11), 'train');
  const reversed = leaveOneOut([...rows].reverse());
  assert.deepEqual([...reversed.entries()].sort(), [...s.entries()].sort(), 'input order must not matter, only seq');
});

test('two interactions give train + test; one gives train only', () => {
  const s = leaveOneOut([
    { id: 1, userId: 1, ts: 1, seq: 0 },
    { id: 2, userId: 1, ts: 2, seq: 1 },
    { id: 3, userId: 2, ts: 1, seq: 2 },
  ]);
  assert.deepEqual([s.get(1), s.get(2), s.get(3)], ['train', 'test', 'train']);
});

test('property: every user with n ≥ 3 interactions gets exactly one test and one valid, and they are the latest two', () => {
  let seed = 42;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const rows: SplitInput[] = [];
  for (let k = 0; k < 2000; k++) rows.push({ id: k + 1, userId: 1 + Math.floor(rand() * 50), ts: Math.floor(rand() * 20), seq: k });
  const s = leaveOneOut(rows);
  const byUser = new Map<number, SplitInput[]>();
  for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
  for (const list of byUser.values()) {
    const sorted = [...list].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0) || a.seq - b.seq);
    if (sorted.length < 3) continue;
    assert.equal(s.get(sorted.at(-1)!.id), 'test');
    assert.equal(s.get(sorted.at(-2)!.id), 'valid');
    assert.equal(sorted.filter((r) => s.get(r.id) === 'test').length, 1);
    assert.equal(sorted.filter((r) => s.get(r.id) === 'valid').length, 1);
  }
});
