/**
 * The bad-input corpus of issue #12: inputs every format used to accept. Each is refused with its file, line and
 * field, and nothing is written; ratings are checked against a range inferred from the data (shown in the preview)
 * or given. Also: a folder of gzipped files imports, and a corrupt gzip in a folder says what is wrong with it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { previewImport, runImport } from '../../../main/datasets/import/index';
import { inferRatingRange, parseRatingRange } from '../../../main/datasets/import/ratings';
import { requireId } from '../../../main/datasets/import/values';
import { InputError, StudioError } from '../../../main/errors';
import type { ImportFormat } from '../../../preload/api';
import { assertNothingWritten, files, tempDb } from './helpers';

const refusal = (file: string, line: number, field: string, reason: RegExp) => (err: unknown) =>
  err instanceof InputError && err.file === file && err.line === line && err.field === field && reason.test(err.message);

interface Case {
  name: string;
  format: ImportFormat;
  file: string;
  content: string;
  line: number;
  field: string;
  reason: RegExp;
}

const HUGE_ID = 'x'.repeat(10 * 1024 * 1024);
const CORPUS: Case[] = [
  {
    name: '10 MB item id (csv)',
    format: 'csv',
    file: 'a.csv',
    content: `user,item,rating\nu1,i1,4\nu2,${HUGE_ID},3\n`,
    line: 3,
    field: 'item',
    reason: /10,485,760 bytes long: ids are at most 512 bytes/,
  },
  {
    name: 'NUL in an item id (csv)',
    format: 'csv',
    file: 'a.csv',
    content: 'user,item,rating\nu1,i1,4\nu2,b\u0000c,3\n',
    line: 3,
    field: 'item',
    reason: /control character \(U\+0000/,
  },
  {
    name: 'escape in a user id (jsonl)',
    format: 'jsonl',
    file: 'a.jsonl',
    content: '{"user":"u1","item":"i1"}\n{"user":"u\\u001b[31m","item":"i2"}\n',
    line: 2,
    field: 'user',
    reason: /control character \(U\+001B/,
  },
  {
    name: 'rating 1e308 (csv)',
    format: 'csv',
    file: 'a.csv',
    content: 'user,item,rating\nu1,i1,4\nu2,i2,1e308\n',
    line: 3,
    field: 'rating',
    reason: /rating 1e\+308 is outside the accepted range/,
  },
  {
    name: 'rating Infinity (jsonl)',
    format: 'jsonl',
    file: 'a.jsonl',
    content: '{"user":"u1","item":"i1","rating":4}\n{"user":"u2","item":"i2","rating":1e999}\n',
    line: 2,
    field: 'rating',
    reason: /rating/,
  },
  {
    name: 'a 55 among star ratings (recbole)',
    format: 'recbole',
    file: 'd.inter',
    content: `user_id:token\titem_id:token\trating:float\n${Array.from({ length: 150 }, (_, k) => `u${k}\ti${k % 9}\t${1 + (k % 5)}\n`).join('')}u9\ti1\t55\n`,
    line: 152,
    field: 'rating',
    reason: /rating 55 is outside the accepted range 0 to 5 \(inferred from the first 151 ratings\)/,
  },
  {
    name: '513-byte user id (recbole)',
    format: 'recbole',
    file: 'd.inter',
    content: `user_id:token\titem_id:token\n${'é'.repeat(256)}x\ti1\n`,
    line: 2,
    field: 'user_id',
    reason: /513 bytes long/,
  },
];

for (const c of CORPUS)
  test(`refused with file, line and field, nothing written: ${c.name}`, async () => {
    const db = tempDb();
    const dir = files({ [c.file]: c.content });
    await assert.rejects(runImport(db, { files: [dir], format: c.format }), refusal(c.file, c.line, c.field, c.reason));
    assertNothingWritten(db);
  });

test('a rating range given at import replaces the inferred one; the preview shows what it inferred', async () => {
  const content = `user,item,rating\n${Array.from({ length: 100 }, (_, k) => `u${k},i${k % 7},${1 + (k % 5)}\n`).join('')}u1,i9,55\n`;
  const dir = files({ 'r.csv': content });
  const preview = await previewImport([dir], 'csv');
  assert.deepEqual(preview.ratings, { count: 101, min: 1, max: 55, range: [0, 5], inside: 100 / 101 });
  await assert.rejects(runImport(tempDb(), { files: [dir], format: 'csv' }), refusal('r.csv', 102, 'rating', /0 to 5/));
  const db = tempDb();
  const result = await runImport(db, { files: [dir], format: 'csv', ratingRange: [0, 100] });
  assert.equal(result.interactions, 101);
  // Narrower than the data: the first rating outside is refused.
  await assert.rejects(
    runImport(tempDb(), { files: [dir], format: 'csv', ratingRange: [2, 5] }),
    refusal('r.csv', 2, 'rating', /2 to 5 \(given\b|2 to 5/),
  );
  // Skipping invalid rows keeps the good ones and records the refused rating.
  const skipped = await runImport(tempDb(), { files: [dir], format: 'csv', skipInvalid: true });
  assert.equal(skipped.interactions, 100);
  assert.equal(skipped.skipped, 1);
});

test('the inferred range is the narrowest usual scale holding 99% of the sample; data on no usual scale is bounded only by the limit', () => {
  assert.deepEqual(inferRatingRange([1, 2, 3, 4, 5])?.range, [0, 5]);
  assert.deepEqual(inferRatingRange([0.5, 1])?.range, [0, 1]);
  assert.deepEqual(inferRatingRange([7, 8, 10])?.range, [0, 10]);
  assert.deepEqual(inferRatingRange([-1, 0, 1])?.range, [-1, 1]);
  assert.deepEqual(inferRatingRange([3, 250, 9000])?.range, [0, 1e9]);
  assert.equal(inferRatingRange([]), null);
  assert.deepEqual(parseRatingRange('1,5'), [1, 5]);
  assert.deepEqual(parseRatingRange('-2:2'), [-2, 2]);
  for (const bad of ['5,1', '1', 'a,b', '1,Infinity', '0,1e12', '1,2,3'])
    assert.throws(
      () => parseRatingRange(bad),
      (err: unknown) => err instanceof StudioError && err.code === 'bad_input',
      bad,
    );
});

test('ids: up to 512 bytes and no control characters; everything else printable passes', () => {
  assert.equal(requireId('x'.repeat(512), 'f', 1, 'item', 'item'), 'x'.repeat(512));
  assert.equal(requireId('商品-42 (blue)', 'f', 1, 'item', 'item'), '商品-42 (blue)');
  for (const bad of ['x'.repeat(513), '€'.repeat(171), 'a\nb', 'a\tb', 'a\u007fb', 'a\u0085b', 'a\u2028b', ''])
    assert.throws(() => requireId(bad, 'f', 1, 'item', 'item'), InputError, JSON.stringify(bad.slice(0, 10)));
});

test('a folder of gzipped files imports like the files named directly; a corrupt gzip in a folder names itself', async () => {
  const inter = 'user_id:token\titem_id:token\trating:float\ttimestamp:float\nu1\ti1\t5\t1\nu1\ti2\t4\t2\nu2\ti1\t3\t3\n';
  const dir = files({ 'shop.inter.gz': gzipSync(inter), 'shop.item.gz': gzipSync('item_id:token\ttitle:token_seq\ni1\tOne\ni2\tTwo\n') });
  const db = tempDb();
  const result = await runImport(db, { files: [dir], format: 'recbole' });
  assert.equal(result.interactions, 3);
  assert.equal(result.items, 2);
  const csvDir = files({ 'part1.csv.gz': gzipSync('user,item\nu1,i1\n'), 'part2.csv.gz': gzipSync('user,item\nu2,i2\n') });
  assert.equal((await runImport(tempDb(), { files: [csvDir], format: 'csv' })).interactions, 2);
  const broken = files({ 'shop.inter.gz': Buffer.from('this is not gzip at all') });
  await assert.rejects(
    runImport(tempDb(), { files: [broken], format: 'recbole' }),
    (err: unknown) => err instanceof InputError && err.file === 'shop.inter.gz' && /not gzip data/.test(err.message),
  );
  const truncated = files({ 'shop.inter.gz': gzipSync(inter).subarray(0, 30) });
  await assert.rejects(
    runImport(tempDb(), { files: [truncated], format: 'recbole' }),
    (err: unknown) => err instanceof StudioError && /shop\.inter\.gz/.test(err.message) && !/no files to import/.test(err.message),
  );
});
