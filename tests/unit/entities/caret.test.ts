import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caretKey, caretRange, stepChar, stepWord, type Caret } from '../../../renderer/src/components/entities/caret';

const k = (key: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {}) => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

test('a character step keeps surrogate pairs whole', () => {
  const t = 'a😀b';
  assert.equal(stepChar(t, 0, 1), 1);
  assert.equal(stepChar(t, 1, 1), 3);
  assert.equal(stepChar(t, 3, -1), 1);
  assert.equal(stepChar(t, 0, -1), 0);
  assert.equal(stepChar(t, t.length, 1), t.length);
});

test('a word step goes to the end of the next word / the start of the previous one', () => {
  const t = 'Lives in New York, works.';
  assert.equal(stepWord(t, 0, 1), 5); // "Lives"
  assert.equal(stepWord(t, 5, 1), 8); // " in"
  assert.equal(stepWord(t, 8, 1), 12); // " New"
  assert.equal(stepWord(t, 12, 1), 17); // " York" (not the comma)
  assert.equal(stepWord(t, 17, -1), 13); // back to "York"
  assert.equal(stepWord(t, 13, -1), 9);
  assert.equal(stepWord(t, 2, -1), 0);
  assert.equal(stepWord(t, t.length, 1), t.length);
});

test('Shift extends from the anchor; a plain arrow collapses a selection to its side', () => {
  const t = 'Lives in New York';
  let c: Caret = { anchor: 9, focus: 9 };
  c = caretKey(t, c, k('ArrowRight', { shiftKey: true, ctrlKey: true }))!;
  assert.deepEqual(c, { anchor: 9, focus: 12 });
  c = caretKey(t, c, k('ArrowRight', { shiftKey: true, ctrlKey: true }))!;
  assert.deepEqual(caretRange(c), [9, 17]);
  c = caretKey(t, c, k('ArrowLeft', { shiftKey: true }))!;
  assert.deepEqual(caretRange(c), [9, 16]);
  assert.deepEqual(caretKey(t, c, k('ArrowLeft')), { anchor: 9, focus: 9 });
  assert.deepEqual(caretKey(t, c, k('ArrowRight')), { anchor: 16, focus: 16 });
  assert.deepEqual(caretKey(t, c, k('End')), { anchor: 17, focus: 17 });
  assert.deepEqual(caretKey(t, c, k('Home', { shiftKey: true })), { anchor: 9, focus: 0 });
  assert.equal(caretKey(t, c, k('a')), null);
  assert.equal(caretRange({ anchor: 4, focus: 4 }), null);
  assert.deepEqual(caretRange({ anchor: 6, focus: 2 }), [2, 6]);
});
