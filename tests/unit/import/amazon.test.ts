import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runImport } from '../../../main/datasets/import/index';
import { InputError } from '../../../main/errors';
import { assertNothingWritten, files, fixture, rejectsInput, rows, skips, tempDb } from './helpers';

const A18 = fixture('amazon-2018');
const A23 = fixture('amazon-2023');

interface Item {
  ext_id: string;
  title: string | null;
  attrs: string;
}

test('2014/2018 reviews with metadata: titles, brand, flattened categories, prices; unreviewed items kept', async () => {
  const db = tempDb();
  const res = await runImport(db, { files: [A18], format: 'amazon' });
  assert.deepEqual({ ...res, datasetId: 0 }, { datasetId: 0, name: 'reviews_Tiny_5', users: 2, items: 3, interactions: 3, skipped: 0 });
  const items = rows<Item>(db, 'SELECT ext_id, title, attrs FROM items ORDER BY id').map((i) => [i.ext_id, i.title, JSON.parse(i.attrs)]);
  assert.deepEqual(items, [
    ['B001', 'Café Machine', { brand: 'Brewco', categories: ['Home', 'Kitchen', 'Coffee'], price: 12.99 }],
    ['B002', "Kid's Mug", { brand: 'Mugs Inc', categories: ['Home', 'Kitchen', 'Gifts'], price: 3.5 }],
    ['B003', 'Never Reviewed Kettle', {}],
  ]);
  assert.deepEqual(rows(db, 'SELECT ext_id, features FROM users ORDER BY id'), [
    { ext_id: 'A1', features: JSON.stringify({ name: 'Zoë' }) },
    { ext_id: 'A2', features: '{}' },
  ]);
  assert.deepEqual(rows(db, 'SELECT rating, ts, review, summary, seq FROM interactions ORDER BY id'), [
    { rating: 5, ts: 1400000000, review: 'Great ☕ maker', summary: 'Five stars', seq: 0 },
    { rating: 3, ts: 1400000100, review: 'OK', summary: 'Meh', seq: 1 },
    { rating: 4, ts: 1400000200, review: 'Good', summary: 'Nice', seq: 2 },
  ]);
});

test('2023 reviews: parent_asin (else asin) is the item, title is the summary, timestamps in ms become seconds', async () => {
  const db = tempDb();
  const res = await runImport(db, { files: [join(A23, 'Tiny.jsonl'), join(A23, 'meta_Tiny.jsonl')], format: 'amazon' });
  assert.deepEqual([res.name, res.users, res.items, res.interactions], ['Tiny', 2, 2, 2]);
  assert.deepEqual(rows(db, 'SELECT ext_id, title, attrs FROM items ORDER BY id'), [
    { ext_id: 'C1', title: 'Lip Balm', attrs: JSON.stringify({ brand: 'Glowy', mainCategory: 'All Beauty' }) },
    { ext_id: 'C2', title: null, attrs: '{}' },
  ]);
  assert.deepEqual(rows(db, 'SELECT rating, ts, review, summary FROM interactions ORDER BY seq'), [
    { rating: 5, ts: 1588687728, review: 'Works great 👍', summary: 'Superb' },
    { rating: 2, ts: 1588687729, review: 'Broke', summary: 'Bad' },
  ]);
});

test('gzip files are read as they stream; a truncated one is fatal even with skipInvalid, and nothing is written', async () => {
  const reviews = readFileSync(join(A18, 'reviews_Tiny_5.json'));
  const many = Buffer.concat(Array.from({ length: 400 }, (_, i) => Buffer.from(reviews.toString().replaceAll('"A1"', `"U${i}"`))));
  const whole = gzipSync(many);
  const dir = files({ 'reviews_Big.json.gz': whole, 'cut/reviews_Cut.json.gz': whole.subarray(0, whole.length - 200) });
  const db = tempDb();
  const ok = await runImport(db, { files: [join(dir, 'reviews_Big.json.gz')], format: 'amazon' });
  assert.equal(ok.interactions, 1200);
  assert.equal(ok.name, 'reviews_Big');

  const fresh = tempDb();
  const err = await runImport(fresh, { files: [join(dir, 'cut', 'reviews_Cut.json.gz')], format: 'amazon', skipInvalid: true }).then(
    () => assert.fail('a truncated gzip should fail the import'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof InputError);
  assert.equal(err.file, 'reviews_Cut.json.gz');
  assert.ok(err.line > 1000 && err.line < 1200, `the last line reached: ${err.line}`);
  assert.equal(err.reason, `truncated gzip: the compressed data ends after line ${err.line}`);
  assert.match(err.message, /^reviews_Cut\.json\.gz:\d+: truncated gzip/);
  assertNothingWritten(fresh);
});

test('bad JSON names its line and writes nothing; with skipInvalid the line is recorded', async () => {
  const good = '{"reviewerID": "A1", "asin": "B1", "overall": 4, "unixReviewTime": 1}';
  const dir = files({
    'reviews.json': `${good}\n{"reviewerID": "A2", "asin": \n["not", "an", "object"]\n{"reviewerID": "A3", "asin": "B1", "overall": "five"}\n{"asin": "B2", "overall": 1}\n${good}\n`,
  });
  const db = tempDb();
  await rejectsInput(runImport(db, { files: [dir], format: 'amazon' }), {
    file: 'reviews.json',
    line: 2,
    field: null,
    reason: /^bad JSON: /,
  });
  assertNothingWritten(db);
  const res = await runImport(db, { files: [dir], format: 'amazon', skipInvalid: true });
  assert.deepEqual([res.interactions, res.skipped], [2, 4]);
  const s = skips(db);
  assert.deepEqual(
    s.map((x) => [x.line, x.field]),
    [
      [2, null],
      [3, null],
      [4, 'overall'],
      [5, 'reviewerID'],
    ],
  );
  assert.match(s[0]!.reason, /^bad JSON/);
  assert.match(s[1]!.reason, /expected an object/);
  assert.equal(s[2]!.reason, 'bad number "five"');
  assert.equal(s[3]!.reason, 'missing user id');
});
