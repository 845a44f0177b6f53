import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learnMerges } from '../../../main/model/bpe-train';
import { Tokenizer, trainTokenizer, WORD_START } from '../../../main/model/tokenizer';
import { SPECIAL, SPECIAL_TOKENS } from '../../../main/model/types';
import { mulberry32 } from '../../../main/random';

const CORPUS = [
  'A 24-year-old technician. Gender: M. Recently they interacted with: Jean de Florette (rated 5) on 1997-09-22, Manon of the Spring (rated 5) on 1997-09-22.',
  'A 53-year-old writer. Gender: F. Recently they interacted with: Star Wars (1977) (rated 4) on 1998-01-02, Toy Story (1995) (rated 3) on 1998-01-03.',
  'Will user_23 give item_7391 a 4-star rating? yes!\nThe next item is Toy Story (1995).',
  'Here is the purchase history list of user_23 :\n Star Wars (1977) -> Toy Story (1995) -> Fargo (1996)\n try to recommend next item to the user',
];
const ALPHABET = [
  'a',
  'b',
  'c',
  'Z',
  ' ',
  ' ',
  ' ',
  '  ',
  '\n',
  '\t',
  'é',
  'e\u0301',
  'ß',
  '☀️',
  '😀',
  '👩‍🔬',
  '𝄞',
  '中文',
  '7',
  '42',
  '-',
  '.',
  '[',
  ']',
  'MASK',
  '[sop]',
  '\u00a0',
];
const randomText = (rng: () => number, n: number): string =>
  Array.from({ length: n }, () => ALPHABET[Math.floor(rng() * ALPHABET.length)]).join('');
const strings = (tok: Tokenizer, ids: number[]): string[] => ids.map((id) => tok.idToToken(id)!);

test('special tokens hold ids 0..6 and plain text never produces one, even text that spells them', () => {
  const tok = trainTokenizer([...CORPUS, '[MASK] [sMASK] [gMASK] [sop] [eop] [pad] [unk] '.repeat(50)], { vocabSize: 400 });
  SPECIAL_TOKENS.forEach((s, i) => {
    assert.equal(tok.tokenToId(s), i);
    assert.equal(tok.idToToken(i), s);
  });
  assert.equal(SPECIAL.mask, tok.tokenToId('[MASK]'));
  const ids = tok.encode('x [MASK] y[sop][eop] [gMASK][pad]');
  assert.ok(
    ids.every((id) => id >= SPECIAL_TOKENS.length),
    `no special ids in ${ids}`,
  );
  assert.ok(!strings(tok, ids).some((t) => t.includes('[') && t.length > 2), 'a bracket never merges with a word');
  assert.equal(tok.decode(ids), 'x [MASK] y[sop][eop] [gMASK][pad]');
});

test('spaces become word-start markers and decode restores them; unseen characters become [unk]', () => {
  const tok = trainTokenizer(['the cat sat on the mat. '.repeat(30)], { vocabSize: 60 });
  assert.deepEqual(strings(tok, tok.encode('the cat sat')), ['the', `${WORD_START}cat`, `${WORD_START}sat`]);
  assert.deepEqual(
    strings(tok, tok.encode(' the  cat')),
    [`${WORD_START}the`, WORD_START, `${WORD_START}cat`],
    'a second space stands alone',
  );
  const withUnseen = tok.encode('the dog');
  assert.ok(withUnseen.includes(SPECIAL.unk), '"d", "g" were never seen');
  assert.equal(tok.decode(withUnseen, { specials: 'show' }).includes('[unk]'), true);
  assert.equal(tok.decode(tok.encode('the cat  sat  on the mat. ')), 'the cat  sat  on the mat. ');
});

test('property: decode(encode(text)) is the text for any text whose characters were seen', () => {
  const rng = mulberry32(11);
  const texts = Array.from({ length: 300 }, () => randomText(rng, 1 + Math.floor(rng() * 40)));
  const tok = trainTokenizer(texts, { vocabSize: 300 });
  for (const text of texts) {
    const ids = tok.encode(text);
    assert.ok(!ids.includes(SPECIAL.unk), `every character of ${JSON.stringify(text)} was seen`);
    assert.equal(tok.decode(ids), text);
  }
});

test('vocabulary size is bounded, reached on enough text, and training is deterministic', () => {
  const rng = mulberry32(3);
  const texts = Array.from({ length: 400 }, () => randomText(rng, 60));
  const a = trainTokenizer(texts, { vocabSize: 120 });
  assert.equal(a.vocabSize, 120);
  assert.deepEqual(trainTokenizer(texts, { vocabSize: 120 }).toJSON(), a.toJSON());
  const small = trainTokenizer(['ab ab'], { vocabSize: 1000 });
  assert.ok(small.vocabSize < 20, 'a tiny corpus stops when no pair is frequent enough');
  assert.throws(() => trainTokenizer(['x'], { vocabSize: 7 }), RangeError);
});

/** Reference BPE: recount every pair from scratch after each merge (slow, obviously right). */
function referenceMerges(counts: Map<string, number>, maxSymbols: number, minFrequency: number): string[] {
  const chars = new Map<string, number>();
  for (const [w, n] of counts) for (const ch of w) chars.set(ch, (chars.get(ch) ?? 0) + n);
  const symbols = [...chars].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([c]) => c);
  const ids = new Map(symbols.map((s, i) => [s, i]));
  let words = [...counts].map(([w, n]) => ({ s: Array.from(w, (c) => ids.get(c)!), n }));
  const learned: string[] = [];
  while (symbols.length < maxSymbols) {
    const pairs = new Map<string, { a: number; b: number; c: number }>();
    for (const { s, n } of words)
      for (let i = 0; i + 1 < s.length; i++) {
        const key = `${s[i]},${s[i + 1]}`;
        const p = pairs.get(key) ?? { a: s[i]!, b: s[i + 1]!, c: 0 };
        p.c += n;
        pairs.set(key, p);
      }
    let best: { a: number; b: number; c: number } | undefined;
    for (const p of pairs.values())
      if (!best || p.c > best.c || (p.c === best.c && (p.a < best.a || (p.a === best.a && p.b < best.b)))) best = p;
    if (!best || best.c < minFrequency) break;
    const merged = symbols[best.a]! + symbols[best.b]!;
    let c = ids.get(merged);
    if (c === undefined) {
      c = symbols.length;
      symbols.push(merged);
      ids.set(merged, c);
    }
    learned.push(merged);
    const { a, b } = best;
    words = words.map(({ s, n }) => {
      const out: number[] = [];
      for (let i = 0; i < s.length; i++) {
        if (s[i] === a && s[i + 1] === b) {
          out.push(c);
          i++;
        } else out.push(s[i]!);
      }
      return { s: out, n };
    });
  }
  return learned;
}

test('property: incremental merge learning equals recounting every pair after each merge', () => {
  const rng = mulberry32(5);
  for (let round = 0; round < 30; round++) {
    const counts = new Map<string, number>();
    // Few letters and repeats ("aaaa") exercise overlapping pairs, the case incremental counts get wrong.
    for (let w = 0; w < 40; w++)
      counts.set(
        Array.from({ length: 1 + Math.floor(rng() * 9) }, () => 'aabbc'[Math.floor(rng() * 5)]).join(''),
        1 + Math.floor(rng() * 6),
      );
    const maxSymbols = 5 + Math.floor(rng() * 40);
    const got = learnMerges(counts, { maxSymbols, minFrequency: 2 });
    assert.deepEqual(
      got.merges.map(([a, b]) => got.symbols[a]! + got.symbols[b]!),
      referenceMerges(counts, maxSymbols, 2),
      `round ${round}`,
    );
  }
});

test('property: encoding a training word reproduces the segmentation learned for it', () => {
  const tok = trainTokenizer(CORPUS, { vocabSize: 250 });
  for (const text of CORPUS) {
    const ids = tok.encode(text);
    assert.equal(tok.decode(ids), text);
    assert.ok(ids.length < [...text].length * 0.6, 'frequent words compress');
  }
});

test('encodeWithSpans: a span aligned with words tokenizes as in running text, with the space riding into the entity', () => {
  const tok = trainTokenizer(CORPUS, { vocabSize: 300 });
  const text = 'Recently they interacted with: Jean de Florette (rated 5) on 1997-09-22.';
  const start = text.indexOf('Jean');
  const end = start + 'Jean de Florette'.length;
  const enc = tok.encodeWithSpans(text, [{ start, end }]);
  assert.deepEqual(enc.ids, tok.encode(text));
  const mine = enc.ids.filter((_, i) => enc.entity[i] === 1);
  assert.equal(tok.decode(mine), ' Jean de Florette');
  assert.equal(enc.offsets.filter((_, i) => enc.entity[i] === 1)[0]!.start, start, 'offsets skip the marker space');
  assert.deepEqual(tok.encodeWithSpans(text, []).ids, tok.encode(text));
});

test('encodeWithSpans: a span inside a word forces a boundary; nested spans take the outermost', () => {
  const tok = trainTokenizer(CORPUS, { vocabSize: 300 });
  const text = 'item_7391 Toy Story';
  const enc = tok.encodeWithSpans(text, [
    { start: 0, end: 7 }, // "item_73", cutting the digits
    { start: 10, end: 19 }, // "Toy Story"
    { start: 14, end: 19 }, // "Story", nested
  ]);
  const spanText = (k: number): string => tok.decode(enc.ids.filter((_, i) => enc.entity[i] === k));
  assert.equal(spanText(1), 'item_73');
  assert.equal(spanText(2), ' Toy Story');
  assert.equal(spanText(3), '', 'the nested span has no tokens of its own');
  assert.equal(tok.decode(enc.ids), text);
});

test('property: encodeWithSpans never lets a token cross a span edge and covers every span with whole tokens', () => {
  const rng = mulberry32(17);
  const texts = Array.from({ length: 200 }, () => randomText(rng, 1 + Math.floor(rng() * 30)));
  const tok = trainTokenizer(texts, { vocabSize: 250 });
  for (const text of texts) {
    const cps = Array.from(text);
    const n = cps.length;
    // Non-crossing spans (some nested, some starting or ending on spaces).
    const spans: { start: number; end: number }[] = [];
    for (let k = 0; k < 1 + Math.floor(rng() * 4); k++) {
      const a = Math.floor(rng() * n);
      const b = a + 1 + Math.floor(rng() * Math.min(8, n - a));
      if (spans.every((s) => b <= s.start || s.end <= a || (s.start <= a && b <= s.end) || (a <= s.start && s.end <= b)))
        spans.push({ start: a, end: b });
    }
    const enc = tok.encodeWithSpans(text, spans);
    assert.equal(tok.decode(enc.ids), text);
    assert.equal(enc.ids.length, enc.entity.length);
    // Outermost: contained in no other span (of two equal spans, the first listed).
    const outer = spans
      .map((s, i) => ({ ...s, k: i + 1 }))
      .filter(
        ({ start, end, k }) =>
          !spans.some((o, j) => j + 1 !== k && o.start <= start && end <= o.end && (o.end - o.start > end - start || j + 1 < k)),
      );
    const regionOf = (cp: number): number => outer.find((s) => s.start <= cp && cp < s.end)?.k ?? 0;
    let prevEnd = 0;
    enc.offsets.forEach((o, i) => {
      assert.ok(o.start >= prevEnd && o.end >= o.start, 'offsets run forward');
      for (let cp = o.start; cp < o.end; cp++)
        assert.equal(regionOf(cp), enc.entity[i], `token ${i} of ${JSON.stringify(text)} stays in one region`);
      // Code points skipped between tokens are single spaces carried as word-start markers.
      for (let cp = prevEnd; cp < o.start; cp++) assert.equal(cps[cp], ' ');
      prevEnd = o.end;
    });
    for (const s of outer) {
      const ids = enc.ids.filter((_, i) => enc.entity[i] === s.k);
      assert.ok(ids.length > 0, 'every outermost span has a token');
      const want = cps.slice(s.start, s.end).join('');
      const got = tok.decode(ids);
      assert.ok(
        got === want || (got === ` ${want}` && cps[s.start - 1] === ' '),
        `span ${JSON.stringify(want)} decodes to ${JSON.stringify(got)}`,
      );
      const first = enc.entity.indexOf(s.k);
      assert.ok(
        enc.entity.slice(first, first + ids.length).every((e) => e === s.k),
        'an entity is one contiguous run',
      );
    }
  }
});

test('JSON round trip keeps encodings; malformed JSON is refused', () => {
  const tok = trainTokenizer(CORPUS, { vocabSize: 200 });
  const back = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tok)));
  assert.equal(back.vocabSize, tok.vocabSize);
  for (const text of CORPUS) assert.deepEqual(back.encode(text), tok.encode(text));
  const json = tok.toJSON();
  assert.throws(() => Tokenizer.fromJSON({ ...json, vocab: ['x', ...json.vocab.slice(1)] }), /special token/);
  assert.throws(() => Tokenizer.fromJSON({ ...json, merges: [[7, 7], ...json.merges] }), /merge 0/);
  assert.throws(() => Tokenizer.fromJSON({ ...json, version: 3 }), /unsupported/);
  assert.throws(() => tok.decode([tok.vocabSize]), RangeError);
});

test('endsSentence marks tokens ending with . ! ? or a newline', () => {
  const tok = trainTokenizer(CORPUS, { vocabSize: 200 });
  const ids = tok.encode('yes! no? ok.\nmore');
  const flagged = strings(tok, ids.filter(tok.endsSentence));
  assert.ok(flagged.length >= 3 && flagged.every((t) => /[.!?\n]$/.test(t)), `flagged ${JSON.stringify(flagged)}`);
  assert.ok(!tok.endsSentence(SPECIAL.eop));
});

test('added identifier tokens are one token each, never merged or split, survive JSON, and leave plain text alone', () => {
  const base = trainTokenizer(CORPUS, { vocabSize: 200 });
  const tok = base.withAdded(['<a12>', '<b3>', '<a12>', '<c0>']);
  assert.equal(tok.vocabSize, base.vocabSize + 3, 'duplicates are added once');
  assert.equal(tok.withAdded(['<b3>']), tok, 'nothing new: the same tokenizer');
  const a12 = tok.tokenToId('<a12>')!;
  const b3 = tok.tokenToId('<b3>')!;
  const c0 = tok.tokenToId('<c0>')!;
  assert.ok(tok.isAdded(a12) && !tok.isAdded(SPECIAL.eop));
  // The space before an identifier is absorbed; the identifier's tokens come out whole and in order.
  assert.deepEqual(tok.encode('<a12><b3><c0>'), [a12, b3, c0]);
  const text = 'Star Wars -> <a12><b3><c0> , <b3>';
  const ids = tok.encode(text);
  assert.deepEqual(ids.slice(-5), [a12, b3, c0, ...tok.encode(' ,'), b3].slice(-5));
  assert.deepEqual(tok.encode('Star Wars'), base.encode('Star Wars'), 'text without identifiers encodes as before');
  // A look-alike that was never added is plain text.
  assert.ok(!tok.encode('<z9>').includes(a12) && tok.encode('<z9>').length > 1);
  // Spans: an identifier entity is whole tokens, its own entity id.
  const e = tok.encodeWithSpans('next: <a12><b3><c0> then', [{ start: 6, end: 19 }]);
  assert.deepEqual(
    e.ids.filter((_, k) => e.entity[k] === 1),
    [a12, b3, c0],
  );
  const back = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tok)));
  assert.deepEqual(back.encode(text), ids);
  assert.equal(JSON.parse(JSON.stringify(tok)).version, 2);
  assert.equal(JSON.parse(JSON.stringify(base)).version, 1, 'a tokenizer without added tokens keeps version 1');
  assert.throws(() => base.withAdded(['not-an-identifier']), /not of the form/);
});
