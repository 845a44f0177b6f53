import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generateSample } from '../../../main/datasets/sample';

test('the committed sample files are exactly what the generator writes', () => {
  const files = generateSample();
  for (const [name, text] of Object.entries(files)) {
    assert.equal(readFileSync(new URL(`../../../resources/sample/${name}`, import.meta.url), 'utf8'), text, `${name} is stale: run npm run sample`);
  }
});

test('the generator is deterministic and seed-dependent', () => {
  assert.deepEqual(generateSample(7), generateSample(7));
  assert.notDeepEqual(generateSample(7)['sample.inter'], generateSample(8)['sample.inter']);
});

test('the sample has what all five task families need', () => {
  const { 'sample.inter': inter, 'sample.item': item, 'sample.user': user } = generateSample();
  const rows = inter.trim().split('\n').slice(1).map((l) => l.split('\t'));
  assert.ok(rows.length > 300);
  for (const r of rows) {
    assert.equal(r.length, 6);
    const rating = Number(r[2]);
    assert.ok(rating >= 1 && rating <= 5 && Number.isInteger(rating));
    assert.ok(r[4]!.length > 10, 'review text');
    assert.ok(r[5]!.length > 3, 'summary');
    assert.ok(!r.some((f) => f.includes('\t')));
  }
  assert.match(item, /title:token_seq/);
  assert.match(item, /Café|Ñandú/, 'non-ASCII titles');
  assert.match(user, /occupation:token/);
  // Per user, several interactions, so sequential recommendation and leave-one-out both have data.
  const perUser = new Map<string, number>();
  for (const r of rows) perUser.set(r[0]!, (perUser.get(r[0]!) ?? 0) + 1);
  assert.ok([...perUser.values()].every((n) => n >= 3));
});
