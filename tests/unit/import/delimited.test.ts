import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordAssembler, sniffDelimiter, splitRecord } from '../../../main/datasets/import/delimited';
import { parseNumber, parseTimestamp } from '../../../main/datasets/import/values';
import { parsePythonLiteral } from '../../../main/datasets/import/pyliteral';
import { InputError } from '../../../main/errors';

test('the delimiter is sniffed from the header, ignoring delimiters inside quotes', () => {
  assert.equal(sniffDelimiter('user\titem\trating'), '\t');
  assert.equal(sniffDelimiter('user,item,rating'), ',');
  assert.equal(sniffDelimiter('user;item;rating'), ';');
  assert.equal(sniffDelimiter('user|item|rating'), '|');
  assert.equal(sniffDelimiter('"a;b;c;d",item,rating'), ',');
  assert.equal(sniffDelimiter('single'), ',');
});

test('RFC 4180 fields: quotes, doubled quotes, delimiters inside quotes, empty fields', () => {
  assert.deepEqual(splitRecord('a,b,c', ','), ['a', 'b', 'c']);
  assert.deepEqual(splitRecord('"a,1","say ""hi""",,x', ','), ['a,1', 'say "hi"', '', 'x']);
  assert.deepEqual(splitRecord('"",""', ','), ['', '']);
  assert.deepEqual(splitRecord('5" screen,ok', ','), ['5" screen', 'ok']);
  assert.deepEqual(splitRecord('a\t"b\tc"', '\t'), ['a', 'b\tc']);
  assert.equal(splitRecord('a,"open', ','), null);
});

test('a quoted field may hold newlines: the record starts on its first line', () => {
  const asm = new RecordAssembler('f.csv', ',');
  assert.deepEqual(asm.push('1,"first', 2), null);
  assert.deepEqual(asm.push('', 3), null);
  assert.deepEqual(asm.push('last",x', 4), { fields: ['1', 'first\n\nlast', 'x'], line: 2 });
  assert.deepEqual(asm.push('2,plain,y', 5), { fields: ['2', 'plain', 'y'], line: 5 });
  assert.equal(asm.unterminated(), null);
  asm.push('3,"never closed', 6);
  assert.equal(asm.unterminated(), 6);
});

test('numbers are strict: no NaN, Infinity, hex, blanks or words', () => {
  assert.equal(parseNumber('3', 'f', 1, 'rating'), 3);
  assert.equal(parseNumber('-2.5e3', 'f', 1, 'rating'), -2500);
  assert.equal(parseNumber('.5', 'f', 1, 'rating'), 0.5);
  for (const bad of ['abc', 'NaN', 'Infinity', '-Infinity', '0x10', '', ' 3', '1e999', '4 stars']) {
    assert.throws(
      () => parseNumber(bad, 'f.csv', 7, 'rating'),
      (err: unknown) => err instanceof InputError && err.line === 7 && err.field === 'rating' && /^bad number/.test(err.reason),
      bad,
    );
  }
});

test('timestamps: unix seconds as given, ISO 8601 dates to unix seconds (UTC unless an offset is given)', () => {
  assert.equal(parseTimestamp('881250949', 'f', 1, 't'), 881250949);
  assert.equal(parseTimestamp('2020-01-02', 'f', 1, 't'), 1577923200);
  assert.equal(parseTimestamp('2020-01-02T03:04:05Z', 'f', 1, 't'), 1577934245);
  assert.equal(parseTimestamp('2020-01-02 03:04:05', 'f', 1, 't'), 1577934245);
  assert.equal(parseTimestamp('2020-01-02T05:04:05+02:00', 'f', 1, 't'), 1577934245);
  assert.equal(parseTimestamp('2020-01-02T05:04:05.999+0200', 'f', 1, 't'), 1577934245);
  assert.equal(parseTimestamp('', 'f', 1, 't'), null);
  assert.throws(() => parseTimestamp('yesterday', 'f', 1, 't'), /bad timestamp/);
  assert.throws(() => parseTimestamp('2020-13-45', 'f', 1, 't'), /bad timestamp/);
});

test('Python literals, as in the 2014 Amazon metadata', () => {
  assert.deepEqual(
    parsePythonLiteral(
      `{'asin': '0001', 'title': "Kid's \\"Mug\\"", 'price': 3.5, 'n': -2, 'ok': True, 'x': None, 'c': [['A', 'B'], ('C',)], 'u': '\\u00e9\\xe9'}`,
    ),
    {
      asin: '0001',
      title: `Kid's "Mug"`,
      price: 3.5,
      n: -2,
      ok: true,
      x: null,
      c: [['A', 'B'], ['C']],
      u: 'éé',
    },
  );
  assert.throws(() => parsePythonLiteral(`{'a': }`), SyntaxError);
  assert.throws(() => parsePythonLiteral(`{'a': 'open}`), SyntaxError);
});
