import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CodePoints,
  codePointLength,
  mergeSpans,
  SpanProblem,
  toCodePointOffset,
  toUtf16Offset,
  validateSpans,
} from '../../../main/entities/spans';
import { mulberry32 } from '../../../main/random';
import type { Span } from '../../../preload/api-entities';

const ANY = { nesting: { mode: 'any' as const, rules: [] } };
const NONE = { nesting: { mode: 'none' as const, rules: [] } };
const ALPHABET = ['a', 'b', 'Z', ' ', 'é', 'ß', '☀️', '😀', '👩‍🔬', '𝄞', '中', '-', '.', '\n'];
const randomText = (rng: () => number, n: number): string =>
  Array.from({ length: n }, () => ALPHABET[Math.floor(rng() * ALPHABET.length)]).join('');

test('code point ↔ UTF-16 offsets round-trip on text with characters outside the BMP', () => {
  const text = 'a😀b𝄞c';
  assert.equal(codePointLength(text), 5);
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((cp) => toUtf16Offset(text, cp)),
    [0, 1, 3, 4, 6, 7],
  );
  for (let cp = 0; cp <= 5; cp++) assert.equal(toCodePointOffset(text, toUtf16Offset(text, cp)), cp);
  const cps = new CodePoints(text);
  assert.equal(cps.slice(1, 2), '😀');
  assert.equal(cps.fromUtf16(2), undefined, 'inside a surrogate pair is no offset');
});

test('property: every validated span’s text is the record’s substring at its code point offsets', () => {
  const rng = mulberry32(7);
  for (let round = 0; round < 300; round++) {
    const text = randomText(rng, 1 + Math.floor(rng() * 40));
    const cps = Array.from(text);
    const n = cps.length;
    const spans = Array.from({ length: 1 + Math.floor(rng() * 6) }, () => {
      const a = Math.floor(rng() * n);
      const b = a + 1 + Math.floor(rng() * (n - a));
      return { start: a, end: Math.min(b, n), label: rng() < 0.5 ? 'A' : 'B' };
    });
    try {
      const valid = validateSpans(text, spans, ANY);
      for (const s of valid) assert.equal(s.text, cps.slice(s.start, s.end).join(''));
      // And no two valid spans cross.
      for (const x of valid)
        for (const y of valid) assert.ok(!(x.start < y.start && y.start < x.end && x.end < y.end), 'no partial overlap survives');
    } catch (err) {
      assert.ok(err instanceof SpanProblem, String(err));
    }
  }
});

test('partial overlaps are refused with a message naming both spans', () => {
  assert.throws(
    () =>
      validateSpans(
        'Trail Runner Pro',
        [
          { start: 0, end: 12, label: 'ITEM' },
          { start: 6, end: 16, label: 'BRAND' },
        ],
        ANY,
      ),
    (err: unknown) =>
      err instanceof SpanProblem &&
      /span 2: \[6,16\) BRAND "Runner Pro" partially overlaps span 1 \[0,12\) ITEM "Trail Runner"/.test(err.message),
  );
});

test('nesting only where the label set allows it; duplicates and mismatched text are refused', () => {
  const text = 'Sonora Trail Runner';
  const spans = [
    { start: 0, end: 19, label: 'ITEM' },
    { start: 0, end: 6, label: 'BRAND' },
  ];
  assert.throws(() => validateSpans(text, spans, NONE), /not allow BRAND inside ITEM/);
  assert.equal(validateSpans(text, spans, { nesting: { mode: 'rules', rules: [{ outer: 'ITEM', inner: 'BRAND' }] } }).length, 2);
  assert.throws(() => validateSpans(text, spans, { nesting: { mode: 'rules', rules: [{ outer: 'BRAND', inner: 'ITEM' }] } }), /not allow/);
  assert.throws(() => validateSpans(text, [spans[1]!, spans[1]!], ANY), /same as span 1/);
  assert.throws(() => validateSpans(text, [{ start: 0, end: 6, label: 'BRAND', text: 'Sonara' }], ANY), /reads "Sonora"/);
  assert.throws(() => validateSpans(text, [{ start: 0, end: 6, label: 'X' }], { labels: new Set(['BRAND']), ...ANY }), /unknown label "X"/);
  assert.throws(() => validateSpans(text, [{ start: 3, end: 40, label: 'BRAND' }], ANY), /ends past/);
});

test('property: merging candidates never leaves a partial overlap or a refused nesting', () => {
  const rng = mulberry32(11);
  const rules = { nesting: { mode: 'rules' as const, rules: [{ outer: 'A', inner: 'B' }] } };
  for (let round = 0; round < 200; round++) {
    const text = randomText(rng, 30);
    const rand = (label: string): Span => {
      const a = Math.floor(rng() * 29);
      const b = a + 1 + Math.floor(rng() * (30 - a - 1));
      return { start: a, end: b, label, source: 'pattern', text: Array.from(text).slice(a, b).join(''), ref: null };
    };
    const candidates = Array.from({ length: 8 }, () => rand(rng() < 0.5 ? 'A' : 'B'));
    const { spans } = mergeSpans(text, [], candidates, rules);
    validateSpans(text, spans, rules); // throws if anything invalid survived
  }
});
