import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordAssembler } from '../../../main/datasets/import/delimited';
import { csvField, csvHeader, preferencePairs, toCsv, toJsonl } from '../../../main/review/export';
import { winRate } from '../../../main/review/stats';
import type { Judgment } from '../../../main/review/types';
import { close, judgment } from './helpers';

const RUBRIC = ['fluency', 'faithfulness'];

/** Parses CSV text with the importer's own RFC 4180 reader, as a user's spreadsheet round trip would. */
function readCsv(text: string): string[][] {
  assert.ok(text.endsWith('\r\n'), 'every record ends in CRLF');
  const asm = new RecordAssembler('export.csv', ',');
  const rows: string[][] = [];
  text
    .slice(0, -2)
    .split('\r\n')
    .forEach((line, i) => {
      const r = asm.push(line, i + 1);
      if (r) rows.push(r.fields);
    });
  assert.equal(asm.unterminated(), null);
  return rows;
}

const JUDGMENTS: Judgment[] = [
  judgment({
    reviewer: 'ana',
    position: 0,
    key: 'u1:i4',
    order: 'BA',
    preference: 'A',
    scores: { a: { fluency: 4, faithfulness: 5 }, b: { fluency: 3, faithfulness: 2 } },
    comment: 'crisp, "on point"',
  }),
  judgment({
    reviewer: 'ana',
    position: 1,
    key: 'u2:i9',
    template: 't2',
    seen: false,
    preference: 'tie',
    scores: { a: { fluency: 3 }, b: { fluency: 3 } },
    comment: 'both fine\nno difference',
  }),
  judgment({ reviewer: 'bo', position: 0, key: 'u1:i4', order: 'BA', preference: 'B', comment: '' }),
  judgment({ reviewer: 'bo', position: 2, key: 'u3:i1', preference: 'A', comment: '=SUM(A1)' }),
  judgment({ reviewer: 'ana', position: 3, key: 'u1:i4', order: 'AB', repeatOf: 0, preference: 'A', comment: 'again' }),
  judgment({ reviewer: 'cy', position: 2, key: 'u3:i1', preference: 'A', comment: 'ok' }),
];

test('RFC 4180 quoting of commas, quotes and newlines', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\rhere'), '"cr\rhere"');
  assert.equal(csvField(''), '');
});

test('CSV: header, one row per judgment, and a faithful round trip', () => {
  assert.deepEqual(csvHeader(RUBRIC), [
    'reviewer',
    'position',
    'key',
    'template',
    'seen',
    'shown_left',
    'preference',
    'a_fluency',
    'a_faithfulness',
    'b_fluency',
    'b_faithfulness',
    'comment',
    'repeat_of',
  ]);
  const text = toCsv(JUDGMENTS, RUBRIC);
  assert.ok(
    text.startsWith(
      'reviewer,position,key,template,seen,shown_left,preference,a_fluency,a_faithfulness,b_fluency,b_faithfulness,comment,repeat_of\r\n',
    ),
  );
  assert.ok(text.includes('ana,0,u1:i4,t1,true,B,A,4,5,3,2,"crisp, ""on point""",\r\n'), text);
  assert.ok(text.includes(',"both fine\nno difference",\r\n'), text);
  const [header, ...rows] = readCsv(text);
  assert.deepEqual(header, csvHeader(RUBRIC));
  assert.equal(rows.length, JUDGMENTS.length);
  const col = (name: string): number => header!.indexOf(name);
  rows.forEach((r, i) => {
    const j = JUDGMENTS[i]!;
    assert.equal(r.length, header!.length);
    assert.equal(r[col('comment')], j.comment);
    assert.equal(r[col('shown_left')], j.order === 'AB' ? 'A' : 'B');
    assert.equal(r[col('seen')], String(j.seen));
    assert.equal(r[col('repeat_of')], j.repeatOf === null ? '' : String(j.repeatOf));
    assert.equal(r[col('a_faithfulness')], j.scores.a.faithfulness === undefined ? '' : String(j.scores.a.faithfulness));
  });
});

test('the win rate computed from the CSV rows equals winRate on the judgments', () => {
  const [header, ...rows] = readCsv(toCsv(JUDGMENTS, RUBRIC));
  const pref = header!.indexOf('preference');
  const rep = header!.indexOf('repeat_of');
  const counted = rows.filter((r) => r[rep] === '');
  const share = (label: string): number => counted.filter((r) => r[pref] === label).length / counted.length;
  const w = winRate(JUDGMENTS);
  assert.equal(counted.length, w.n);
  // 5 non-repeat rows: A, tie, B, A, A.
  assert.equal(w.n, 5);
  close(share('A'), w.a);
  close(share('B'), w.b);
  close(share('tie'), w.tie);
  close(w.a, 3 / 5);
});

test('JSONL: one judgment per line, read back unchanged', () => {
  const text = toJsonl(JUDGMENTS);
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'ends in a newline');
  assert.equal(lines.length, JUDGMENTS.length);
  assert.deepEqual(
    lines.map((l) => JSON.parse(l) as Judgment),
    JUDGMENTS,
  );
  assert.equal(toJsonl([]), '');
});

test('preference pairs: majority of non-repeat judgments, ties and splits skipped', () => {
  const prompts = new Map([
    ['k1', { prompt: 'p1', a: 'a1', b: 'b1' }],
    ['k2', { prompt: 'p2', a: 'a2', b: 'b2' }],
    ['k3', { prompt: 'p3', a: 'a3', b: 'b3' }],
    ['k4', { prompt: 'p4', a: 'a4', b: 'b4' }],
    ['k5', { prompt: 'p5', a: 'a5', b: 'b5' }],
    ['k6', { prompt: 'p6', a: 'a6', b: 'b6' }],
  ]);
  const js = [
    // k4 shown first: one reviewer prefers B; the repeat's A is not a second vote.
    judgment({ key: 'k4', position: 0, preference: 'B' }),
    judgment({ key: 'k4', position: 9, repeatOf: 0, preference: 'A' }),
    // k1: A, A, B → A.
    ...(['A', 'A', 'B'] as const).map((preference, i) => judgment({ reviewer: `r${i}`, key: 'k1', position: 1, preference })),
    // k2: B against tie → a split.
    judgment({ reviewer: 'r0', key: 'k2', position: 2, preference: 'B' }),
    judgment({ reviewer: 'r1', key: 'k2', position: 2, preference: 'tie' }),
    // k3: a tie.
    judgment({ key: 'k3', position: 3, preference: 'tie' }),
    // k5: A against B → a split.
    judgment({ reviewer: 'r0', key: 'k5', position: 4, preference: 'A' }),
    judgment({ reviewer: 'r1', key: 'k5', position: 4, preference: 'B' }),
    // k6: tie, tie, A → most called it a tie.
    ...(['tie', 'tie', 'A'] as const).map((preference, i) => judgment({ reviewer: `r${i}`, key: 'k6', position: 5, preference })),
  ];
  assert.deepEqual(preferencePairs(js, prompts), [
    { prompt: 'p4', chosen: 'b4', rejected: 'a4' },
    { prompt: 'p1', chosen: 'a1', rejected: 'b1' },
  ]);
  assert.throws(() => preferencePairs([judgment({ key: 'missing' })], prompts), /no prompt/);
});
