import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runImport } from '../../../main/datasets/import/index';
import { StudioError } from '../../../main/errors';
import { ML100K, assertNothingWritten, count, files, fixture, rejectsInput, rows, skips, tempDb } from './helpers';

const TINY = fixture('recbole');
const tiny = (name: string): string => readFileSync(join(TINY, name), 'utf8');

test('RecBole atomic files: users, items and interactions with typed features, titles as written', async () => {
  const db = tempDb();
  const res = await runImport(db, {
    files: [join(TINY, 'tiny.inter'), join(TINY, 'tiny.item'), join(TINY, 'tiny.user')],
    format: 'recbole',
  });
  assert.deepEqual({ ...res, datasetId: 0 }, { datasetId: 0, name: 'tiny', users: 3, items: 4, interactions: 5, skipped: 0 });

  const ds = rows<{ name: string; format: string; source: string }>(db, 'SELECT name, format, source FROM datasets')[0]!;
  assert.equal(ds.format, 'recbole');
  assert.deepEqual(JSON.parse(ds.source), [join(TINY, 'tiny.user'), join(TINY, 'tiny.item'), join(TINY, 'tiny.inter')]);

  const users = rows<{ ext_id: string; features: string }>(db, 'SELECT ext_id, features FROM users ORDER BY id');
  assert.deepEqual(
    users.map((u) => [u.ext_id, JSON.parse(u.features)]),
    [
      ['u1', { age: 24, gender: 'M', tags: ['a', 'b'], scores: [1, 2.5] }],
      ['u2', { age: 53, gender: 'F' }],
      ['u3', { age: 30, gender: 'F', tags: ['c'], scores: [3] }],
    ],
  );
  const items = rows<{ ext_id: string; title: string; attrs: string }>(db, 'SELECT ext_id, title, attrs FROM items ORDER BY id');
  assert.deepEqual(
    items.map((i) => [i.ext_id, i.title, JSON.parse(i.attrs)]),
    [
      ['i1', 'Amélie', { release_year: '2001', class: ['Comedy', 'Romance'], price: 9.5 }],
      ['i2', 'Crouching Tiger 🐯 Hidden Dragon', { release_year: '2000', class: ['Action'] }],
      ['i3', 'Toy Story', { release_year: '1995', class: ['Animation', "Children's", 'Comedy'], price: 3 }],
      ['i4', 'Never Rated', { release_year: '1999' }],
    ],
  );
  const inter = rows<{ u: string; i: string; rating: number; ts: number; review: string | null; seq: number }>(
    db,
    'SELECT users.ext_id AS u, items.ext_id AS i, rating, ts, review, seq FROM interactions JOIN users ON users.id = user_id JOIN items ON items.id = item_id ORDER BY interactions.id',
  );
  assert.deepEqual(inter, [
    { u: 'u1', i: 'i1', rating: 5, ts: 100, review: 'Loved it 😍', seq: 0 },
    { u: 'u1', i: 'i2', rating: 3, ts: 100, review: null, seq: 1 },
    { u: 'u2', i: 'i1', rating: 4, ts: 50, review: 'Très bien', seq: 2 },
    { u: 'u3', i: 'i3', rating: 2.5, ts: 200, review: null, seq: 3 },
    { u: 'u2', i: 'i3', rating: 1, ts: 100, review: null, seq: 4 },
  ]);
});

test('a folder stands for its atomic files, and the dataset is named after them', async () => {
  const db = tempDb();
  const res = await runImport(db, { files: [TINY], format: 'recbole' });
  assert.equal(res.name, 'tiny');
  assert.equal(res.interactions, 5);
});

test('without a .user file users come from the interactions; a .inter file is required', async () => {
  const db = tempDb();
  const res = await runImport(db, { files: [join(TINY, 'tiny.inter')], format: 'recbole' });
  assert.deepEqual([res.users, res.items, res.interactions], [3, 3, 5]);
  assert.deepEqual(rows(db, "SELECT features FROM users WHERE ext_id = 'u1'"), [{ features: '{}' }]);
  await assert.rejects(
    runImport(db, { files: [join(TINY, 'tiny.item')], format: 'recbole' }),
    (err: unknown) => err instanceof StudioError && /needs a \.inter file/.test(err.message),
  );
  await assert.rejects(
    runImport(db, { files: [join(TINY, 'nope.inter')], format: 'recbole' }),
    (err: unknown) => err instanceof StudioError && err.code === 'not_found',
  );
});

const header = 'user_id:token\titem_id:token\trating:float\ttimestamp:float\n';

test('a bad number aborts the import naming file, line and field, and writes nothing', async () => {
  const db = tempDb();
  const dir = files({ 'x.inter': `${header}u1\ti1\t4\t1\nu1\ti2\tabc\t2\n` });
  await rejectsInput(runImport(db, { files: [join(dir, 'x.inter')], format: 'recbole' }), {
    file: 'x.inter',
    line: 3,
    field: 'rating',
    reason: /bad number "abc"/,
  });
  assertNothingWritten(db);
  const nan = files({ 'x.inter': `${header}u1\ti1\tNaN\t1\n` });
  await rejectsInput(runImport(db, { files: [join(nan, 'x.inter')], format: 'recbole' }), {
    file: 'x.inter',
    line: 2,
    field: 'rating',
    reason: /bad number "NaN"/,
  });
  const inf = files({ 'x.inter': `${header}u1\ti1\t3\tInfinity\n` });
  await rejectsInput(runImport(db, { files: [join(inf, 'x.inter')], format: 'recbole' }), {
    file: 'x.inter',
    line: 2,
    field: 'timestamp',
    reason: /bad number/,
  });
  assertNothingWritten(db);
});

test('a short row names the first column it lacks', async () => {
  const db = tempDb();
  const dir = files({ 'x.inter': `${header}u1\ti1\t4\t1\nu2\ti1\n` });
  await rejectsInput(runImport(db, { files: [join(dir, 'x.inter')], format: 'recbole' }), {
    file: 'x.inter',
    line: 3,
    field: 'rating',
    reason: /missing column: expected 4 .* found 2/,
  });
  assertNothingWritten(db);
});

test('an interaction naming a user or item missing from the given .user/.item file is an error', async () => {
  const db = tempDb();
  const dir = files({ 'x.user': tiny('tiny.user'), 'x.item': tiny('tiny.item'), 'x.inter': `${header}u1\ti1\t4\t1\nu9\ti1\t4\t1\n` });
  await rejectsInput(runImport(db, { files: [dir], format: 'recbole' }), {
    file: 'x.inter',
    line: 3,
    field: 'user_id',
    reason: /unknown user "u9": not in x\.user/,
  });
  assertNothingWritten(db);
  const items = files({ 'x.item': tiny('tiny.item'), 'x.inter': `${header}u1\ti1\t4\t1\nu1\ti77\t4\t1\n` });
  await rejectsInput(runImport(db, { files: [items], format: 'recbole' }), {
    file: 'x.inter',
    line: 3,
    field: 'item_id',
    reason: /unknown item "i77"/,
  });
  assertNothingWritten(db);
});

test('bytes that are not UTF-8 are a "wrong encoding" error on their line', async () => {
  const db = tempDb();
  const dir = files({
    'x.item': Buffer.concat([Buffer.from('item_id:token\ttitle:token_seq\ni1\tok\ni2\tCaf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    'x.inter': `${header}u1\ti1\t4\t1\n`,
  });
  await rejectsInput(runImport(db, { files: [dir], format: 'recbole' }), {
    file: 'x.item',
    line: 3,
    field: null,
    reason: /^wrong encoding: not valid UTF-8$/,
  });
  assertNothingWritten(db);
});

test('empty ids, bad header types and missing id columns are errors', async () => {
  const db = tempDb();
  const empty = files({ 'x.inter': `${header}\ti1\t4\t1\n` });
  await rejectsInput(runImport(db, { files: [join(empty, 'x.inter')], format: 'recbole' }), {
    file: 'x.inter',
    line: 2,
    field: 'user_id',
    reason: /empty user id/,
  });
  const badType = files({ 'x.inter': 'user_id:token\titem_id:int\n' });
  await rejectsInput(runImport(db, { files: [join(badType, 'x.inter')], format: 'recbole' }), {
    file: 'x.inter',
    line: 1,
    field: 'item_id',
    reason: /type must be one of/,
  });
  const noItem = files({ 'x.inter': 'user_id:token\trating:float\nu1\t3\n' });
  await rejectsInput(runImport(db, { files: [join(noItem, 'x.inter')], format: 'recbole' }), {
    file: 'x.inter',
    line: 1,
    field: 'item_id',
    reason: /missing column "item_id"/,
  });
  assertNothingWritten(db);
});

test('with skipInvalid good rows go in and every bad row is recorded with its reason', async () => {
  const db = tempDb();
  const dir = files({
    'x.user': 'user_id:token\tage:float\nu1\t20\nu2\told\nu1\t30\n',
    'x.inter': Buffer.concat([
      Buffer.from(`${header}u1\ti1\t4\t10\nu1\ti2\tabc\t11\nu2\ti1\t4\t12\nu1\ti3\n`),
      Buffer.from([0xff, 0x0a]),
      Buffer.from('\ti1\t1\t1\nu1\ti4\t5\t13\n'),
    ]),
  });

  const res = await runImport(db, { files: [dir], format: 'recbole', skipInvalid: true });
  assert.deepEqual([res.users, res.interactions, res.skipped], [1, 2, 7]);
  assert.deepEqual(skips(db), [
    { file: 'x.user', line: 3, field: 'age', reason: 'bad number "old"' },
    { file: 'x.user', line: 4, field: 'user_id', reason: 'duplicate user "u1"' },
    { file: 'x.inter', line: 3, field: 'rating', reason: 'bad number "abc"' },
    { file: 'x.inter', line: 4, field: 'user_id', reason: 'unknown user "u2": not in x.user' },
    { file: 'x.inter', line: 5, field: 'rating', reason: 'missing column: expected 4 tab-separated fields, found 2' },
    { file: 'x.inter', line: 6, field: null, reason: 'wrong encoding: not valid UTF-8' },
    { file: 'x.inter', line: 7, field: 'user_id', reason: 'empty user id' },
  ]);
  assert.deepEqual(rows(db, 'SELECT rating, ts, seq FROM interactions ORDER BY id'), [
    { rating: 4, ts: 10, seq: 0 },
    { rating: 5, ts: 13, seq: 1 },
  ]);
  assert.equal(count(db, 'items'), 2, 'items of skipped rows are not created');
});

test(
  'the MovieLens 100K atomic files give 943 users, 1682 items and 100000 interactions',
  { skip: !existsSync(join(ML100K, 'ml-100k.inter')) },
  async () => {
    const db = tempDb();
    const res = await runImport(db, { files: [ML100K], format: 'recbole' });
    assert.deepEqual(
      { ...res, datasetId: 0 },
      { datasetId: 0, name: 'ml-100k', users: 943, items: 1682, interactions: 100000, skipped: 0 },
    );
    assert.deepEqual(rows(db, "SELECT title, attrs FROM items WHERE ext_id = '1'"), [
      { title: 'Toy Story', attrs: JSON.stringify({ release_year: '1995', class: ['Animation', "Children's", 'Comedy'] }) },
    ]);
    assert.deepEqual(rows(db, 'SELECT min(seq) AS lo, max(seq) AS hi, count(DISTINCT seq) AS n FROM interactions'), [
      { lo: 0, hi: 99999, n: 100000 },
    ]);
    const first = rows<{ u: string; i: string; rating: number; ts: number }>(
      db,
      'SELECT users.ext_id AS u, items.ext_id AS i, rating, ts FROM interactions JOIN users ON users.id = user_id JOIN items ON items.id = item_id WHERE seq = 0',
    );
    assert.deepEqual(first, [{ u: '196', i: '242', rating: 3, ts: 881250949 }]);
  },
);
