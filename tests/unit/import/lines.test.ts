import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readLines, WRONG_ENCODING, type ReadOptions } from '../../../main/datasets/import/lines';
import { files, rejectsInput } from './helpers';

async function collect(path: string, options: ReadOptions = {}): Promise<{ line: number; text: string | null }[]> {
  const out: { line: number; text: string | null }[] = [];
  for await (const { first, lines } of readLines(path, options)) lines.forEach((text, i) => out.push({ line: first + i, text }));
  return out;
}

const texts = async (path: string, options: ReadOptions = {}): Promise<(string | null)[]> =>
  (await collect(path, options)).map((l) => l.text);

test('CRLF and LF endings, a final line without newline, and an empty line in the middle', async () => {
  const dir = files({ 'a.txt': 'one\r\ntwo\n\nthree' });
  assert.deepEqual(await collect(join(dir, 'a.txt')), [
    { line: 1, text: 'one' },
    { line: 2, text: 'two' },
    { line: 3, text: '' },
    { line: 4, text: 'three' },
  ]);
});

test('a final newline does not make an extra line, and a UTF-8 byte order mark is dropped', async () => {
  const dir = files({ 'a.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id\tname\nx\ty\n')]) });
  assert.deepEqual(await texts(join(dir, 'a.txt')), ['id\tname', 'x\ty']);
});

test('every chunk size gives the same lines, even when a boundary splits an emoji or a CRLF', async () => {
  const content = '\ufeffZoë 🐯\r\nAmélie\n日本語のタイトル\r\n😍😍\nlast';
  const dir = files({ 'a.txt': content });
  const want = ['Zoë 🐯', 'Amélie', '日本語のタイトル', '😍😍', 'last'];
  for (let hwm = 1; hwm <= 9; hwm++)
    assert.deepEqual(await texts(join(dir, 'a.txt'), { highWaterMark: hwm }), want, `highWaterMark ${hwm}`);
});

test('a line with bytes that are not UTF-8 comes back as null in its place; its neighbours decode', async () => {
  const dir = files({
    'a.txt': Buffer.concat([Buffer.from('good\n'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), Buffer.from('fine ✓\n')]),
  });
  assert.deepEqual(await collect(join(dir, 'a.txt')), [
    { line: 1, text: 'good' },
    { line: 2, text: null },
    { line: 3, text: 'fine ✓' },
  ]);
  assert.equal(WRONG_ENCODING, 'wrong encoding: not valid UTF-8');
});

test('latin-1 files decode byte for byte', async () => {
  const dir = files({ 'a.txt': Buffer.from('Café|Señor\nÜber\n', 'latin1') });
  assert.deepEqual(await texts(join(dir, 'a.txt'), { encoding: 'latin1' }), ['Café|Señor', 'Über']);
});

/** Sums the on-disk bytes the batches account for. */
async function batchBytes(path: string, options: ReadOptions = {}): Promise<number> {
  let sum = 0;
  for await (const { bytes } of readLines(path, options)) sum += bytes;
  return sum;
}

test('gzip is recognised by its magic bytes and streamed', async () => {
  const body = Array.from({ length: 2000 }, (_, i) => `{"n": ${i}, "t": "ü🙂"}`).join('\n');
  const dir = files({ 'data.bin': gzipSync(body) });
  const lines = await texts(join(dir, 'data.bin'), { highWaterMark: 512 });
  assert.equal(lines.length, 2000);
  assert.equal(lines[1999], '{"n": 1999, "t": "ü🙂"}');
  const size = readFileSync(join(dir, 'data.bin')).length;
  const counted = await batchBytes(join(dir, 'data.bin'), { highWaterMark: 512 });
  assert.ok(counted > size * 0.9 && counted <= size, `compressed bytes counted for progress: ${counted} of ${size}`);
});

test('each batch accounts for the on-disk bytes of its own lines, so progress follows the lines handled', async () => {
  const content = '\ufeffhead\r\nZoë 🐯\nAmélie\nlast without newline';
  const dir = files({ 'a.txt': content });
  const size = Buffer.byteLength(content);
  for (const hwm of [1, 5, 64, 1 << 20]) {
    assert.equal(await batchBytes(join(dir, 'a.txt'), { highWaterMark: hwm }), size, `highWaterMark ${hwm}`);
  }
});

test('a truncated gzip file is an InputError naming the file and the last line reached', async () => {
  const body = Array.from({ length: 5000 }, (_, i) => `line number ${i} with some text to compress ${i * 7919}`).join('\n');
  const whole = gzipSync(body);
  const dir = files({ 'cut.json.gz': whole.subarray(0, Math.floor(whole.length / 2)) });
  let reached = 0;
  const read = (async () => {
    for await (const { first, lines } of readLines(join(dir, 'cut.json.gz'), { highWaterMark: 4096 })) reached = first + lines.length - 1;
  })();
  const failed = await read.then(
    () => assert.fail('a truncated file should not read to the end'),
    (err: unknown) => err,
  );
  assert.ok(reached > 0 && reached < 5000, `some lines were read before the cut (${reached})`);
  const err = await rejectsInput(Promise.reject(failed), { file: 'cut.json.gz', line: reached, field: null, reason: /^truncated gzip/ });
  assert.match(err.reason, new RegExp(`after line ${reached}$`));
});

test('an empty file has no lines', async () => {
  const dir = files({ 'empty.txt': '' });
  assert.deepEqual(await texts(join(dir, 'empty.txt')), []);
  writeFileSync(join(dir, 'nl.txt'), '\n');
  assert.deepEqual(await texts(join(dir, 'nl.txt')), ['']);
});
