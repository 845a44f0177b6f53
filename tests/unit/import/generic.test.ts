import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runImport } from '../../../main/datasets/import/index';
import { StudioError } from '../../../main/errors';
import { assertNothingWritten, files, fixture, rejectsInput, rows, skips, tempDb } from './helpers';

const CSV = fixture('generic', 'ratings.csv');
const JSONL = fixture('generic', 'events.jsonl');

test('CSV with common column names maps itself: quoted newlines, ISO dates, titles; other columns are ignored', async () => {
  const db = tempDb();
  const res = await runImport(db, { files: [CSV], format: 'csv' });
  assert.deepEqual({ ...res, datasetId: 0 }, { datasetId: 0, name: 'ratings', users: 2, items: 2, interactions: 3, skipped: 0 });
  assert.deepEqual(rows(db, 'SELECT ext_id, title, attrs FROM items ORDER BY id'), [
    { ext_id: '10', title: 'Heat, the movie', attrs: '{}' },
    { ext_id: '11', title: 'Ciudad de Dios 🎬', attrs: '{}' },
  ]);
  assert.deepEqual(rows(db, 'SELECT rating, ts, review, summary, seq FROM interactions ORDER BY id'), [
    { rating: 4.5, ts: 1577934245, review: 'Line one\nline two with "quotes"', summary: null, seq: 0 },
    { rating: 3, ts: 1600000000, review: 'plain', summary: null, seq: 1 },
    { rating: 5, ts: 1577923200, review: null, summary: null, seq: 2 },
  ]);
});

test('tab, semicolon and pipe files are sniffed from the header; a BOM and CRLF endings are fine', async () => {
  for (const [name, d] of [
    ['t.tsv', '\t'],
    ['s.csv', ';'],
    ['p.csv', '|'],
  ] as const) {
    const dir = files({ [name]: `\ufeffuser_id${d}item_id${d}score\r\nu1${d}i1${d}4\r\nu2${d}i1${d}2` });
    const db = tempDb();
    const res = await runImport(db, { files: [join(dir, name)], format: 'csv' });
    assert.equal(res.interactions, 2, name);
    assert.deepEqual(rows(db, 'SELECT ext_id FROM users ORDER BY id'), [{ ext_id: 'u1' }, { ext_id: 'u2' }], name);
    assert.deepEqual(rows(db, 'SELECT rating FROM interactions ORDER BY id'), [{ rating: 4 }, { rating: 2 }], name);
  }
});

test('an explicit map picks the columns; a mapped column missing from the header is an error on line 1', async () => {
  const dir = files({ 'r.csv': 'who,what,how_much,when\nu1,i1,4,2021-01-01\nu1,i2,5,2021-01-02\n' });
  const db = tempDb();
  const res = await runImport(db, {
    files: [join(dir, 'r.csv')],
    format: 'csv',
    map: { user: 'who', item: 'what', rating: 'how_much', timestamp: 'when' },
  });
  assert.equal(res.interactions, 2);
  assert.deepEqual(rows(db, 'SELECT rating, ts FROM interactions ORDER BY id'), [
    { rating: 4, ts: 1609459200 },
    { rating: 5, ts: 1609545600 },
  ]);
  const fresh = tempDb();
  await rejectsInput(runImport(fresh, { files: [join(dir, 'r.csv')], format: 'csv', map: { user: 'who', item: 'product' } }), {
    file: 'r.csv',
    line: 1,
    field: 'product',
    reason: /missing column "product" \(mapped to item\)/,
  });
  await rejectsInput(runImport(fresh, { files: [join(dir, 'r.csv')], format: 'csv' }), {
    file: 'r.csv',
    line: 1,
    field: 'user',
    reason: /no user column recognised/,
  });
  await assert.rejects(
    runImport(fresh, { files: [join(dir, 'r.csv')], format: 'csv', map: { user: 'who', item: 'what', colour: 'x' } }),
    (err: unknown) => err instanceof StudioError && /cannot map "colour"/.test(err.message),
  );
  assertNothingWritten(fresh);
});

test('CSV rows with bad numbers, too few fields or an unclosed quote are errors; skipInvalid records them', async () => {
  const dir = files({
    'r.csv':
      'user,item,rating,date\nu1,i1,4,2020-01-01\nu1,i2,abc,2020-01-01\nu2\nu2,i3,3,someday\nu3,i1,5,2020-01-01\nu4,"i9,1,2020-01-01\n',
  });
  const db = tempDb();
  await rejectsInput(runImport(db, { files: [join(dir, 'r.csv')], format: 'csv' }), {
    file: 'r.csv',
    line: 3,
    field: 'rating',
    reason: /bad number "abc"/,
  });
  assertNothingWritten(db);
  const res = await runImport(db, { files: [join(dir, 'r.csv')], format: 'csv', skipInvalid: true });
  assert.deepEqual([res.interactions, res.skipped], [2, 4]);
  assert.deepEqual(
    skips(db).map((s) => [s.line, s.field, s.reason.split(':')[0]]),
    [
      [3, 'rating', 'bad number "abc"'],
      [4, 'item', 'missing column'],
      [5, 'date', 'bad timestamp "someday"'],
      [7, null, 'unterminated quoted field (a " opens a field that never closes)'],
    ],
  );
});

test('JSON lines with a map: numbers or numeric strings, ISO or unix times, titles', async () => {
  const db = tempDb();
  const res = await runImport(db, {
    files: [JSONL],
    format: 'jsonl',
    map: { user: 'uid', item: 'iid', rating: 'stars', timestamp: 'when', title: 'name' },
  });
  assert.deepEqual([res.name, res.users, res.items, res.interactions], ['events', 2, 1, 2]);
  assert.deepEqual(rows(db, 'SELECT title FROM items'), [{ title: 'Jalapeño' }]);
  assert.deepEqual(rows(db, 'SELECT rating, ts FROM interactions ORDER BY id'), [
    { rating: 4, ts: 1620277689 },
    { rating: 3.5, ts: 1620000000 },
  ]);
});

test('JSON lines: a record without the mapped user is an error naming the column', async () => {
  const dir = files({ 'e.jsonl': '{"uid": "a", "iid": "x"}\n{"iid": "y"}\n', 'f.jsonl': '{"uid": "a", "thing": "x"}\n' });
  const db = tempDb();
  await rejectsInput(runImport(db, { files: [join(dir, 'e.jsonl')], format: 'jsonl', map: { user: 'uid', item: 'iid' } }), {
    file: 'e.jsonl',
    line: 2,
    field: 'uid',
    reason: /missing column "uid" \(mapped to user\)/,
  });
  // A partial map is completed from recognised names ("iid" is not one of them here: "thing" is not).
  await rejectsInput(runImport(db, { files: [join(dir, 'f.jsonl')], format: 'jsonl', map: { user: 'uid' } }), {
    file: 'f.jsonl',
    line: 1,
    field: 'item',
    reason: /no item column mapped or recognised/,
  });
  assertNothingWritten(db);
});

test('an item title that first appears on a later row is still recorded', async () => {
  const dir = files({ 'r.csv': 'user,item,title\nu1,i1,\nu2,i1,Später 🕰\nu3,i1,Ignored later title\n' });
  const db = tempDb();
  await runImport(db, { files: [join(dir, 'r.csv')], format: 'csv' });
  assert.deepEqual(rows(db, 'SELECT title FROM items'), [{ title: 'Später 🕰' }]);
});
