import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { detectFormat, previewImport, runImport, type ImportProgress } from '../../../main/datasets/import/index';
import { CancelledError, StudioError } from '../../../main/errors';
import { ImportPreview, ImportResult } from '../../../preload/api';
import { assertNothingWritten, count, files, fixture, rows, tempDb } from './helpers';

const TINY = fixture('recbole');

test('a derived name that is taken gets -2, -3…; an explicit one is a conflict', async () => {
  const db = tempDb();
  const names = [];
  for (let i = 0; i < 3; i++) names.push(ImportResult.parse(await runImport(db, { files: [TINY], format: 'recbole' })).name);
  assert.deepEqual(names, ['tiny', 'tiny-2', 'tiny-3']);
  assert.equal((await runImport(db, { files: [TINY], format: 'recbole', name: '  Mine ' })).name, 'Mine');
  await assert.rejects(
    runImport(db, { files: [TINY], format: 'recbole', name: 'Mine' }),
    (err: unknown) => err instanceof StudioError && err.code === 'conflict' && /"Mine" already exists/.test(err.message),
  );
  assert.equal(count(db, 'datasets'), 4);
  assert.equal(count(db, 'interactions'), 20, 'datasets do not share rows');
  assert.deepEqual(rows(db, 'SELECT count(DISTINCT dataset_id) AS n FROM users'), [{ n: 4 }]);
});

test('a second dataset in the same workspace gets fresh ids and its own seq from 0', async () => {
  const db = tempDb();
  await runImport(db, { files: [TINY], format: 'recbole' });
  const second = await runImport(db, { files: [fixture('generic', 'ratings.csv')], format: 'csv' });
  assert.deepEqual(rows(db, 'SELECT min(seq) AS lo, max(seq) AS hi FROM interactions WHERE dataset_id = ?', second.datasetId), [
    { lo: 0, hi: 2 },
  ]);
  const orphans = rows(
    db,
    'SELECT count(*) AS n FROM interactions i JOIN users u ON u.id = i.user_id JOIN items t ON t.id = i.item_id WHERE u.dataset_id != i.dataset_id OR t.dataset_id != i.dataset_id',
  );
  assert.deepEqual(orphans, [{ n: 0 }]);
  assert.deepEqual(db.pragma('foreign_key_check'), []);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1, 'foreign keys are back on after the import');
});

/** A file big enough to pass several pause points (every 20k rows). */
function bigInter(rowsCount: number): string {
  const lines = ['user_id:token\titem_id:token\trating:float\ttimestamp:float'];
  for (let i = 0; i < rowsCount; i++) lines.push(`u${i % 500}\ti${i % 300}\t${(i % 5) + 1}\t${1000 + i}`);
  return `${lines.join('\n')}\n`;
}

test('cancelling through the AbortSignal rolls everything back and throws CancelledError', async () => {
  const dir = files({ 'big.inter': bigInter(70_000) });
  const db = tempDb();
  const controller = new AbortController();
  const seen: ImportProgress[] = [];
  const run = runImport(
    db,
    { files: [dir], format: 'recbole' },
    {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.rows >= 20_000) controller.abort();
      },
    },
  );
  await assert.rejects(run, (err: unknown) => err instanceof CancelledError && err.code === 'cancelled');
  assert.ok(
    seen.some((p) => p.rows >= 20_000),
    'progress was reported before the abort',
  );
  assertNothingWritten(db);
  assert.equal(db.inTransaction, false);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1, 'foreign keys are back on after a rollback');
  // The connection is usable afterwards.
  assert.equal((await runImport(db, { files: [TINY], format: 'recbole' })).interactions, 5);

  const already = AbortSignal.abort();
  await assert.rejects(runImport(tempDb(), { files: [TINY], format: 'recbole' }, { signal: already }), CancelledError);
});

test('progress: rows and bytes grow to the totals, at most about every 100 ms between phases', async () => {
  const dir = files({ 'big.inter': bigInter(60_000) });
  const db = tempDb();
  const seen: ImportProgress[] = [];
  await runImport(db, { files: [dir], format: 'recbole' }, { onProgress: (p) => seen.push({ ...p }) });
  const last = seen.at(-1)!;
  assert.equal(last.phase, 'done');
  assert.equal(last.rows, 60_000);
  assert.equal(last.bytesDone, last.bytesTotal);
  for (let i = 1; i < seen.length; i++) {
    assert.ok(seen[i]!.rows >= seen[i - 1]!.rows);
    assert.ok(seen[i]!.bytesDone >= seen[i - 1]!.bytesDone && seen[i]!.bytesDone <= last.bytesTotal);
  }
});

test('an import with no interactions at all is refused, and says why', async () => {
  const db = tempDb();
  const empty = files({ 'e.inter': 'user_id:token\titem_id:token\n' });
  await assert.rejects(runImport(db, { files: [empty], format: 'recbole' }), /nothing to import: the files hold no interactions/);
  const allBad = files({ 'b.inter': 'user_id:token\titem_id:token\trating:float\nu1\ti1\tx\n' });
  await assert.rejects(
    runImport(db, { files: [allBad], format: 'recbole', skipInvalid: true }),
    /all 1 rows were invalid \(first: b\.inter:2: bad number "x"\)/,
  );
  assertNothingWritten(db);
});

test('detectFormat goes by file and folder names', () => {
  assert.equal(detectFormat([join(TINY, 'tiny.inter')]), 'recbole');
  assert.equal(detectFormat([TINY]), 'recbole');
  assert.equal(detectFormat([fixture('movielens-100k')]), 'movielens');
  assert.equal(detectFormat(['/x/ratings.dat']), 'movielens');
  assert.equal(detectFormat(['/x/reviews_Books_5.json.gz']), 'amazon');
  assert.equal(detectFormat(['/x/Books.jsonl.gz', '/x/meta_Books.jsonl.gz']), 'amazon');
  assert.equal(detectFormat(['/x/events.jsonl']), 'jsonl');
  assert.equal(detectFormat(['/x/a.csv', '/x/b.tsv']), 'csv');
  assert.equal(detectFormat(['/x/notes.md']), null);
});

test('preview: columns, up to 20 sample rows as strings, a suggested map and notes on unmapped columns', async () => {
  const csv = await previewImport([fixture('generic', 'ratings.csv')]);
  ImportPreview.parse(csv);
  assert.equal(csv.format, 'csv');
  assert.deepEqual(csv.columns, ['userId', 'movieId', 'rating', 'timestamp', 'title', 'review', 'extra']);
  assert.equal(csv.sample.length, 3);
  assert.deepEqual(csv.sample[0], {
    userId: '1',
    movieId: '10',
    rating: '4.5',
    timestamp: '2020-01-02T03:04:05Z',
    title: 'Heat, the movie',
    review: 'Line one\nline two with "quotes"',
    extra: 'x',
  });
  assert.deepEqual(csv.suggestedMap, {
    user: 'userId',
    item: 'movieId',
    rating: 'rating',
    timestamp: 'timestamp',
    review: 'review',
    title: 'title',
  });
  assert.ok(
    csv.notes.some((n) => /not imported: extra/.test(n)),
    csv.notes.join('; '),
  );

  const many = files({ 'm.csv': `a,b\n${Array.from({ length: 50 }, (_, i) => `${i},${i}`).join('\n')}\n` });
  const m = await previewImport([join(many, 'm.csv')], 'csv');
  assert.equal(m.sample.length, 20);
  assert.ok(m.notes.some((n) => /no column recognised for user and item/.test(n)));

  const jl = await previewImport([fixture('generic', 'events.jsonl')]);
  assert.equal(jl.format, 'jsonl');
  assert.deepEqual(jl.columns, ['uid', 'iid', 'stars', 'when', 'name']);
  assert.deepEqual(jl.sample[1], { uid: 'b', iid: 'x', stars: '3.5', when: '1620000000' });
  assert.deepEqual(jl.suggestedMap, { user: 'uid', item: 'iid', rating: 'stars', title: 'name' });

  const rb = await previewImport([TINY]);
  assert.equal(rb.format, 'recbole');
  assert.deepEqual(rb.columns, ['user_id', 'item_id', 'rating', 'timestamp', 'review']);
  assert.deepEqual(rb.sample[0], { user_id: 'u1', item_id: 'i1', rating: '5', timestamp: '100', review: 'Loved it 😍' });

  const ml = await previewImport([fixture('movielens-100k')]);
  assert.equal(ml.format, 'movielens');
  assert.deepEqual(ml.sample[0], { 'user id': '1', 'item id': '1', rating: '5', timestamp: '874965758' });

  const az = await previewImport([fixture('amazon-2023')]);
  assert.equal(az.format, 'amazon');
  assert.ok(az.columns.includes('parent_asin'));
  assert.equal(az.sample[0]!.images, '[]');
});

test('preview looks inside a file whose name says nothing: Amazon keys, RecBole headers, or delimited text', async () => {
  const dir = files({
    'a.txt': '{"reviewerID": "A1", "asin": "B1", "overall": 5}\n',
    'r.txt': 'user_id:token\titem_id:token\nu\ti\n',
    'c.txt': 'user;item\nu;i\n',
    'j.txt': '{"who": "u", "what": "i"}\n',
  });
  assert.equal((await previewImport([join(dir, 'a.txt')])).format, 'amazon');
  assert.equal((await previewImport([join(dir, 'r.txt')])).format, 'recbole');
  assert.equal((await previewImport([join(dir, 'c.txt')])).format, 'csv');
  assert.equal((await previewImport([join(dir, 'j.txt')])).format, 'jsonl');
});
