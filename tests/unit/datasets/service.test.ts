import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Studio } from '../../../main/studio';
import { runImport } from '../../../main/datasets/import';

async function shop(): Promise<{ studio: Studio; id: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'studio-service-'));
  const studio = await Studio.open({ dataDir: dir, mode: 'serve', sample: false });
  const csv = join(dir, 'shop.csv');
  // u2 rates two items in the same second: the file order must decide between them.
  writeFileSync(
    csv,
    'user,item,rating,timestamp,title,review\n' +
      ['u1,a,5,100,Alpha,great', 'u1,b,2,300,Beta,meh', 'u2,b,4,200,Beta,fine', 'u2,c,1,250,Gamma ☀️,bad', 'u2,a,3,250,Alpha,ok', 'u3,c,5,50,Gamma ☀️,wow'].join('\n') +
      '\n',
  );
  const r = await runImport(studio.db, { files: [csv], format: 'csv', name: 'shop', map: { title: 'title', review: 'review' } });
  return { studio, id: r.datasetId };
}

const page = { offset: 0, limit: 100, dir: 'asc' as const, filter: '' };

test('interaction pages: every sort, both directions, offsets and totals agree with a sort done by hand', async () => {
  const { studio, id } = await shop();
  const all = studio.datasets.page('interactions', { ...page, datasetId: id, sort: 'id' });
  assert.equal(all.total, 6);
  const byRating = studio.datasets.page('interactions', { ...page, datasetId: id, sort: 'rating', dir: 'desc' }).rows.map((r) => r.rating);
  assert.deepEqual(byRating, [5, 5, 4, 3, 2, 1]);
  const byTime = studio.datasets.page('interactions', { ...page, datasetId: id, sort: 'timestamp' }).rows.map((r) => `${r.userExt}${r.itemExt}`);
  assert.deepEqual(byTime, ['u3c', 'u1a', 'u2b', 'u2c', 'u2a', 'u1b'], 'equal timestamps keep file order');
  const second = studio.datasets.page('interactions', { ...page, datasetId: id, sort: 'timestamp', offset: 2, limit: 2 });
  assert.deepEqual(second.rows.map((r) => `${r.userExt}${r.itemExt}`), ['u2b', 'u2c']);
  assert.equal(second.total, 6);
  const byTitle = studio.datasets.page('interactions', { ...page, datasetId: id, sort: 'item', dir: 'desc' }).rows.map((r) => r.itemTitle);
  assert.deepEqual(byTitle, ['Gamma ☀️', 'Gamma ☀️', 'Beta', 'Beta', 'Alpha', 'Alpha']);
  await studio.close();
});

test('filters and a user timeline', async () => {
  const { studio, id } = await shop();
  const gamma = studio.datasets.page('interactions', { ...page, datasetId: id, sort: 'id', filter: 'gamma' });
  assert.equal(gamma.total, 2);
  const u2 = studio.datasets.page('users', { ...page, datasetId: id, sort: 'id', filter: 'u2' }).rows[0]!;
  assert.equal(u2.interactions, 3);
  const timeline = studio.datasets.page('interactions', { ...page, datasetId: id, sort: 'timestamp', userId: u2.id });
  assert.deepEqual(timeline.rows.map((r) => r.itemExt), ['b', 'c', 'a']);
  const items = studio.datasets.page('items', { ...page, datasetId: id, sort: 'interactions', dir: 'desc' }).rows.map((r) => r.interactions);
  assert.deepEqual(items, [2, 2, 2]);
  const noMatch = studio.datasets.page('items', { ...page, datasetId: id, sort: 'id', filter: '100%_' });
  assert.equal(noMatch.total, 0, 'LIKE wildcards in a filter are taken literally');
  await studio.close();
});

test('statistics count what is there', async () => {
  const { studio, id } = await shop();
  const s = studio.datasets.stats(id);
  assert.equal(s.interactions, 6);
  assert.equal(s.density, 6 / 9);
  assert.deepEqual(s.ratings, [1, 2, 3, 4, 5].map((x) => ({ x, count: x === 5 ? 2 : 1 })));
  assert.deepEqual(s.perUser, [
    { x: 1, count: 1 },
    { x: 2, count: 1 },
    { x: 3, count: 1 },
  ]);
  assert.equal(s.withReview, 6);
  assert.equal(s.firstTimestamp, 50);
  assert.equal(s.lastTimestamp, 300);
  await studio.close();
});

test('rename refuses a taken name; delete removes the dataset and its rows', async () => {
  const { studio, id } = await shop();
  const csv = join(studio.dataDir, 'other.csv');
  writeFileSync(csv, 'user,item\nx,y\n');
  await runImport(studio.db, { files: [csv], format: 'csv', name: 'other' });
  assert.throws(() => studio.datasets.rename(id, 'other'), /already exists/);
  assert.equal(studio.datasets.rename(id, 'shop 2').name, 'shop 2');
  assert.equal(studio.datasets.remove(id), true);
  assert.throws(() => studio.datasets.get(id), /not found/);
  assert.equal(studio.db.prepare('SELECT count(*) FROM interactions WHERE dataset_id = ?').pluck().get(id), 0);
  await studio.close();
});
