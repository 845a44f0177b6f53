import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextProfile } from '../../../preload/api-entities';
import {
  compileProfile,
  defaultProfile,
  parseTemplate,
  sampleBehaviours,
  textualizeUser,
  windowQuotas,
  type TBehaviour,
  type TItem,
} from '../../../main/entities/textualize';
import { codePointLength, CodePoints } from '../../../main/entities/spans';

const DAY = 86400;

test('templates: placeholders, escaped braces, and errors', () => {
  assert.deepEqual(parseTemplate('A {age}-year-old {{x}}'), [{ lit: 'A ' }, { field: 'age' }, { lit: '-year-old {x}' }]);
  assert.throws(() => parseTemplate('A {age'), /unclosed/);
  assert.throws(() => parseTemplate('A {}'), /empty/);
  assert.throws(() => parseTemplate('A }'), /lone/);
});

test('window quotas follow the shares (largest remainder) and pass what a window lacks to the others', () => {
  assert.deepEqual(windowQuotas(10, { long: 0.1, medium: 0.3, short: 0.6 }, { long: 50, medium: 50, short: 50 }), {
    long: 1,
    medium: 3,
    short: 6,
  });
  assert.deepEqual(windowQuotas(20, { long: 0.1, medium: 0.3, short: 0.6 }, { long: 50, medium: 50, short: 50 }), {
    long: 2,
    medium: 6,
    short: 12,
  });
  assert.deepEqual(windowQuotas(10, { long: 0.1, medium: 0.3, short: 0.6 }, { long: 50, medium: 50, short: 2 }), {
    long: 1,
    medium: 7,
    short: 2,
  });
  assert.deepEqual(windowQuotas(7, { long: 1, medium: 1, short: 1 }, { long: 9, medium: 9, short: 9 }), { long: 2, medium: 2, short: 3 });
});

/** 300 behaviours: 100 long ago (> 90 days), 100 in weeks (8–90 days), 100 in the last week. */
function history(): { behaviours: TBehaviour[]; windowOf: (i: number) => string } {
  const now = 1_700_000_000;
  const ts = [
    ...Array.from({ length: 100 }, (_, i) => now - (400 - i) * DAY),
    ...Array.from({ length: 100 }, (_, i) => now - (80 - i * 0.7) * DAY),
    ...Array.from({ length: 100 }, (_, i) => now - (6 - i * 0.06) * DAY),
  ];
  return {
    behaviours: ts.map((t, i) => ({ id: i + 1, itemId: (i % 5) + 1, rating: 4, ts: Math.round(t) })),
    windowOf: (i) => (i < 100 ? 'long' : i < 200 ? 'medium' : 'short'),
  };
}

test('behaviour sampling draws 10/30/60 % from long/medium/short windows, seeded, in time order', () => {
  const { behaviours, windowOf } = history();
  const b = TextProfile.parse({ behaviour: { maxBehaviours: 50 } }).behaviour;
  const picked = sampleBehaviours(behaviours, b, 'u1');
  assert.equal(picked.length, 50);
  const counts = { long: 0, medium: 0, short: 0 } as Record<string, number>;
  for (const i of picked) counts[windowOf(i)]!++;
  assert.deepEqual(counts, { long: 5, medium: 15, short: 30 });
  assert.deepEqual(
    picked,
    [...picked].sort((x, y) => x - y),
    'time order',
  );
  assert.deepEqual(sampleBehaviours(behaviours, b, 'u1'), picked, 'same seed and user → same sample');
  assert.notDeepEqual(sampleBehaviours(behaviours, { ...b, seed: 2 }, 'u1'), picked, 'another seed → another sample');
  const custom = sampleBehaviours(behaviours, { ...b, windows: { long: 0.5, medium: 0.5, short: 0 } }, 'u1');
  assert.deepEqual(
    custom.reduce((c, i) => ({ ...c, [windowOf(i)]: (c[windowOf(i)] ?? 0) + 1 }), {} as Record<string, number>),
    { long: 25, medium: 25 },
  );
  // Over many users the shares hold exactly, whatever the seed.
  for (let u = 0; u < 20; u++) {
    const p = sampleBehaviours(behaviours, { ...b, maxBehaviours: 20, seed: u }, `user${u}`);
    assert.equal(p.filter((i) => windowOf(i) === 'short').length, 12);
  }
});

test('without timestamps the windows fall back to sequence position', () => {
  const behaviours = Array.from({ length: 100 }, (_, i) => ({ id: i, itemId: 1, rating: null, ts: null }));
  const picked = sampleBehaviours(behaviours, TextProfile.parse({ behaviour: { maxBehaviours: 10 } }).behaviour, 'u');
  assert.equal(picked.filter((i) => i >= 80).length, 6);
  assert.equal(picked.filter((i) => i < 50).length, 1);
});

test('a user becomes text with every inserted value an entity linked to its row, emoji included', () => {
  const items = new Map<number, TItem>([
    [1, { id: 1, extId: 'i1', title: 'Sonora 🎧 Earbuds', attrs: { brand: 'Sonora', year: 2021 } }],
    [2, { id: 2, extId: 'i2', title: 'Café 𝄞 Grinder', attrs: { brand: 'Brühwerk', year: 2019 } }],
  ]);
  const profile = TextProfile.parse({
    user: 'A {age}-year-old {occupation} from {city} 😀.',
    item: '{title} by {brand}',
    behaviour: { rating: true, date: true, intro: ' Bought: ', separator: '; ', outro: '.' },
  });
  const rec = textualizeUser(
    compileProfile(profile),
    { id: 7, extId: 'u7', features: { age: 24, occupation: 'technician', city: 'Zürich' } },
    [
      { id: 11, itemId: 2, rating: 5, ts: 1_600_000_000 },
      { id: 12, itemId: 1, rating: 3.5, ts: 1_600_086_400 },
    ],
    items,
  );
  assert.equal(
    rec.text,
    'A 24-year-old technician from Zürich 😀. Bought: Café 𝄞 Grinder by Brühwerk (rated 5) on 2020-09-13; Sonora 🎧 Earbuds by Sonora (rated 3.5) on 2020-09-14.',
  );
  const cps = new CodePoints(rec.text);
  for (const s of rec.spans) assert.equal(cps.slice(s.start, s.end), s.text);
  assert.deepEqual(
    rec.spans.map((s) => [s.label, s.text, s.ref?.kind, s.ref?.id]),
    [
      ['AGE', '24', 'user', 7],
      ['OCCUPATION', 'technician', 'user', 7],
      ['CITY', 'Zürich', 'user', 7],
      ['ITEM', 'Café 𝄞 Grinder', 'item', 2],
      ['BRAND', 'Brühwerk', 'item', 2],
      ['RATING', '5', 'interaction', 11],
      ['DATE', '2020-09-13', 'interaction', 11],
      ['ITEM', 'Sonora 🎧 Earbuds', 'item', 1],
      ['BRAND', 'Sonora', 'item', 1],
      ['RATING', '3.5', 'interaction', 12],
      ['DATE', '2020-09-14', 'interaction', 12],
    ],
  );
  assert.equal(codePointLength(rec.text), cps.length);
});

/** Every span is exactly its text, inside the record, and no two spans overlap: an entity is never split. */
function assertSpansExact(rec: { text: string; spans: { start: number; end: number; text: string }[] }): void {
  const cps = new CodePoints(rec.text);
  let end = 0;
  for (const s of [...rec.spans].sort((a, b) => a.start - b.start)) {
    assert.equal(cps.slice(s.start, s.end), s.text);
    assert.ok(s.start >= end, `span "${s.text}" overlaps the one before`);
    end = s.end;
  }
}

test('unknown values ("other", "none", blank) use the fallback or drop their sentence; spans stay exact', () => {
  assert.deepEqual(parseTemplate('A {occupation|person}.'), [{ lit: 'A ' }, { field: 'occupation', fallback: 'person' }, { lit: '.' }]);
  const profile = defaultProfile(['age', 'gender', 'occupation', 'city'], TextProfile.parse({}));
  const c = compileProfile(profile);
  const text = (features: Record<string, unknown>): string => textualizeUser(c, { id: 1, extId: 'u1', features }, [], new Map()).text;
  assert.equal(text({ age: 53, occupation: 'writer', city: 'Oslo', gender: 'F' }), 'A 53-year-old writer. They live in Oslo. Gender: F.');
  assert.equal(text({ age: 53, occupation: 'other', city: 'Oslo', gender: 'F' }), 'A 53-year-old person. They live in Oslo. Gender: F.');
  assert.equal(text({ age: 53, occupation: 'None', city: '', gender: 'other' }), 'A 53-year-old person.');
  assert.equal(text({ age: null, occupation: 'writer', city: 'Oslo', gender: 'M' }), 'They live in Oslo. Gender: M.');
  const rec = textualizeUser(
    c,
    { id: 1, extId: 'u1', features: { age: 53, occupation: 'other', city: 'n/a', gender: 'M' } },
    [],
    new Map(),
  );
  assert.deepEqual(
    rec.spans.map((s) => [s.label, s.text]),
    [
      ['AGE', '53'],
      ['GENDER', 'M'],
    ],
  );
  assertSpansExact(rec);
});

test('a title holding the separator is quoted outside its ITEM span, so the list reads unambiguously and no span splits', () => {
  const items = new Map<number, TItem>([
    [1, { id: 1, extId: 'i1', title: 'Usual Suspects, The (1995)', attrs: {} }],
    [2, { id: 2, extId: 'i2', title: 'Toy Story (1995)', attrs: {} }],
    [3, { id: 3, extId: 'i3', title: 'Crumb, Robert: A Life, 🎧', attrs: {} }],
  ]);
  const behaviours = [1, 2, 3].map((itemId) => ({ id: itemId, itemId, rating: itemId + 1, ts: 1_600_000_000 + itemId }));
  const c = compileProfile(TextProfile.parse({ user: 'User {id}.', behaviour: { rating: true } }));
  const rec = textualizeUser(c, { id: 1, extId: 'u1', features: {} }, behaviours, items);
  assert.equal(
    rec.text,
    'User u1. Recently they interacted with: “Usual Suspects, The (1995)” (rated 2), Toy Story (1995) (rated 3), “Crumb, Robert: A Life, 🎧” (rated 4).',
  );
  assert.deepEqual(
    rec.spans.filter((s) => s.label === 'ITEM').map((s) => s.text),
    ['Usual Suspects, The (1995)', 'Toy Story (1995)', 'Crumb, Robert: A Life, 🎧'],
  );
  assertSpansExact(rec);
  // With "; " between items a comma is no longer ambiguous: nothing is quoted.
  const semi = compileProfile(TextProfile.parse({ user: 'User {id}.', behaviour: { separator: '; ' } }));
  assert.doesNotMatch(textualizeUser(semi, { id: 1, extId: 'u1', features: {} }, behaviours, items).text, /“/);
});
