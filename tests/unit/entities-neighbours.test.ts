import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filteredNeighbour, type ListPage } from '../../renderer/src/pages/entities/neighbours';

/** A filtered list in id order, paged as entities.records.list pages it; counts the reads. */
function listOf(ids: number[]): ListPage & { reads: number } {
  const f = async (offset: number, limit: number) => {
    f.reads++;
    return { total: ids.length, rows: ids.slice(offset, offset + limit).map((id) => ({ id })) };
  };
  f.reads = 0;
  return f;
}

test('the neighbour within a filtered list, for ids in it, between its ids, and past its ends', async () => {
  const ids = [3, 4, 9, 12, 20];
  const list = listOf(ids);
  assert.equal(await filteredNeighbour(list, 4, 1), 9);
  assert.equal(await filteredNeighbour(list, 4, -1), 3);
  assert.equal(await filteredNeighbour(list, 10, 1), 12, 'a record that left the filter: the next listed one');
  assert.equal(await filteredNeighbour(list, 10, -1), 9);
  assert.equal(await filteredNeighbour(list, 20, 1), null);
  assert.equal(await filteredNeighbour(list, 3, -1), null);
  assert.equal(await filteredNeighbour(list, 1, 1), 3);
  assert.equal(await filteredNeighbour(list, 99, -1), 20);
  assert.equal(await filteredNeighbour(listOf([]), 5, 1), null);
});

test('property: matches a linear scan on random lists, in about log2(n) reads', async () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < 200; round++) {
    const ids = [...new Set(Array.from({ length: Math.floor(rand() * 60) }, () => 1 + Math.floor(rand() * 200)))].sort((a, b) => a - b);
    const from = 1 + Math.floor(rand() * 200);
    const list = listOf(ids);
    assert.equal(await filteredNeighbour(list, from, 1), ids.find((id) => id > from) ?? null);
    assert.equal(await filteredNeighbour(list, from, -1), ids.filter((id) => id < from).at(-1) ?? null);
    assert.ok(list.reads <= 2 * (Math.ceil(Math.log2(ids.length + 1)) + 2), `${list.reads} reads for ${ids.length} ids`);
  }
});
