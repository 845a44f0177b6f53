import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { runImport } from '../../../main/datasets/import/index';
import { StudioError } from '../../../main/errors';
import { assertNothingWritten, files, fixture, rejectsInput, rows, skips, tempDb, tempDir } from './helpers';

const ML = fixture('movielens-100k');
const attrsOf = (db: ReturnType<typeof tempDb>, ext: string): unknown =>
  JSON.parse(rows<{ attrs: string }>(db, 'SELECT attrs FROM items WHERE ext_id = ?', ext)[0]!.attrs);

test('MovieLens 100K from its folder: genre flags to names, years, user features, ratings in file order', async () => {
  const db = tempDb();
  const res = await runImport(db, { files: [ML], format: 'movielens' });
  assert.deepEqual({ ...res, datasetId: 0 }, { datasetId: 0, name: 'movielens-100k', users: 3, items: 3, interactions: 4, skipped: 0 });
  assert.deepEqual(rows(db, 'SELECT ext_id, title FROM items ORDER BY id'), [
    { ext_id: '1', title: 'Toy Story (1995)' },
    { ext_id: '2', title: 'GoldenEye (1995)' },
    { ext_id: '3', title: 'unknown' },
  ]);
  assert.deepEqual(attrsOf(db, '1'), {
    genres: ['Animation', "Children's", 'Comedy'],
    year: 1995,
    releaseDate: '01-Jan-1995',
    imdbUrl: 'http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)',
  });
  assert.deepEqual(attrsOf(db, '2'), {
    genres: ['Action', 'Adventure', 'Thriller'],
    year: 1995,
    releaseDate: '01-Jan-1995',
    imdbUrl: 'http://us.imdb.com/M/title-exact?GoldenEye%20(1995)',
  });
  assert.deepEqual(attrsOf(db, '3'), { genres: ['unknown'] });
  assert.deepEqual(JSON.parse(rows<{ features: string }>(db, "SELECT features FROM users WHERE ext_id = '2'")[0]!.features), {
    age: 53,
    gender: 'F',
    occupation: 'other',
    zip: '94043',
  });
  assert.deepEqual(rows(db, 'SELECT rating, ts, seq FROM interactions ORDER BY seq'), [
    { rating: 5, ts: 874965758, seq: 0 },
    { rating: 4, ts: 888551648, seq: 1 },
    { rating: 3, ts: 876893171, seq: 2 },
    { rating: 1, ts: 878542960, seq: 3 },
  ]);
});

test('u.item is latin-1: accented titles come through as the characters they are', async () => {
  const dir = tempDir();
  for (const f of ['u.data', 'u.user']) copyFileSync(join(ML, f), join(dir, f));
  const item = readFileSync(join(ML, 'u.item'), 'latin1').replace('GoldenEye (1995)', 'Café Señor Über (1995)');
  writeFileSync(join(dir, 'u.item'), Buffer.from(item, 'latin1'));
  assert.ok(readFileSync(join(dir, 'u.item')).includes(Buffer.from([0x43, 0x61, 0x66, 0xe9])), 'the fixture holds a latin-1 é');
  const db = tempDb();
  await runImport(db, { files: [join(dir, 'u.data'), join(dir, 'u.item'), join(dir, 'u.user')], format: 'movielens', name: 'accents' });
  assert.deepEqual(rows(db, "SELECT title FROM items WHERE ext_id = '2'"), [{ title: 'Café Señor Über (1995)' }]);
});

const ML1M = {
  'users.dat': '1::F::1::10::48067\n2::M::56::16::70072\n',
  'movies.dat': Buffer.from("1::Toy Story (1995)::Animation|Children's|Comedy\n2::Misérables, Les (1995)::Drama|Musical\n", 'latin1'),
  'ratings.dat': '1::1::5::978300760\n2::2::3::978302109\n1::2::4::978301968\n',
};

test('MovieLens 1M: "::" fields, genres split on "|", coded ages and occupations spelled out, latin-1 titles', async () => {
  const dir = files(ML1M);
  const db = tempDb();
  const res = await runImport(db, { files: [dir], format: 'movielens' });
  assert.deepEqual([res.name, res.users, res.items, res.interactions], [basename(dir), 2, 2, 3]);
  assert.deepEqual(rows(db, 'SELECT ext_id, title FROM items ORDER BY id'), [
    { ext_id: '1', title: 'Toy Story (1995)' },
    { ext_id: '2', title: 'Misérables, Les (1995)' },
  ]);
  assert.deepEqual(attrsOf(db, '2'), { genres: ['Drama', 'Musical'], year: 1995 });
  assert.deepEqual(
    rows<{ features: string }>(db, 'SELECT features FROM users ORDER BY id').map((u) => JSON.parse(u.features)),
    [
      { gender: 'F', age: 1, ageGroup: 'Under 18', occupation: 'K-12 student', zip: '48067' },
      { gender: 'M', age: 56, ageGroup: '56+', occupation: 'self-employed', zip: '70072' },
    ],
  );
  assert.deepEqual(rows(db, 'SELECT rating, ts FROM interactions ORDER BY seq'), [
    { rating: 5, ts: 978300760 },
    { rating: 3, ts: 978302109 },
    { rating: 4, ts: 978301968 },
  ]);
});

test('a rating for a movie not in movies.dat is an error; with skipInvalid it is recorded', async () => {
  const dir = files({ ...ML1M, 'ratings.dat': '1::1::5::978300760\n1::99::3::978302109\n2::1::x::1\n' });
  const db = tempDb();
  await rejectsInput(runImport(db, { files: [dir], format: 'movielens' }), {
    file: 'ratings.dat',
    line: 2,
    field: 'MovieID',
    reason: /unknown movie "99": not in movies\.dat/,
  });
  assertNothingWritten(db);
  const res = await runImport(db, { files: [dir], format: 'movielens', skipInvalid: true });
  assert.deepEqual([res.interactions, res.skipped], [1, 2]);
  assert.deepEqual(skips(db), [
    { file: 'ratings.dat', line: 2, field: 'MovieID', reason: 'unknown movie "99": not in movies.dat' },
    { file: 'ratings.dat', line: 3, field: 'Rating', reason: 'bad number "x"' },
  ]);
});

test('short u.item rows and bad genre flags name the field', async () => {
  const db = tempDb();
  const short = files({ 'u.data': '1\t1\t5\t1\n', 'u.item': '1|Toy Story (1995)|01-Jan-1995\n' });
  await rejectsInput(runImport(db, { files: [short], format: 'movielens' }), {
    file: 'u.item',
    line: 1,
    field: 'video release date',
    reason: /missing column/,
  });
  const flags = files({ 'u.data': '1\t1\t5\t1\n', 'u.item': `1|T (1995)|||url|${Array(18).fill('0').join('|')}|2\n` });
  await rejectsInput(runImport(db, { files: [flags], format: 'movielens' }), {
    file: 'u.item',
    line: 1,
    field: 'Western',
    reason: /bad genre flag "2"/,
  });
  assertNothingWritten(db);
});

test('a folder without MovieLens files, or a mix of 100K and 1M files, is refused', async () => {
  const db = tempDb();
  await assert.rejects(
    runImport(db, { files: [files({ 'notes.txt': 'hi' })], format: 'movielens' }),
    (err: unknown) => err instanceof StudioError && err.code === 'not_found',
  );
  const mixed = files({ 'u.data': '1\t1\t5\t1\n', 'ratings.dat': '1::1::5::1\n' });
  await assert.rejects(
    runImport(db, { files: [join(mixed, 'u.data'), join(mixed, 'ratings.dat')], format: 'movielens' }),
    /mix MovieLens 100K/,
  );
  assertNothingWritten(db);
});
