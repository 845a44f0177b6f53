import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agreement, cohensKappa, tokenLabels } from '../../../main/entities/agreement';
import { tokenize } from '../../../main/entities/tokens';

const close = (a: number | null, b: number, eps = 1e-9): void => assert.ok(a !== null && Math.abs(a - b) < eps, `${a} ≈ ${b}`);

test("Cohen's kappa against a hand-computed table", () => {
  // 10 items: a = 5×X 5×O; b agrees on 4 X and 4 O. po = 0.8, pe = 0.5·0.5 + 0.5·0.5 = 0.5 → κ = 0.6.
  const a = ['X', 'X', 'X', 'X', 'X', 'O', 'O', 'O', 'O', 'O'];
  const b = ['X', 'X', 'X', 'X', 'O', 'O', 'O', 'O', 'O', 'X'];
  close(cohensKappa(a, b), 0.6);
  // Unbalanced: a = [A,A,A,O], b = [A,A,O,O]: po = 0.75, pe = 0.75·0.5 + 0.25·0.5 = 0.5 → κ = 0.5.
  close(cohensKappa(['A', 'A', 'A', 'O'], ['A', 'A', 'O', 'O']), 0.5);
  assert.equal(cohensKappa(['O', 'O'], ['O', 'O']), null, 'undefined when chance agreement is total');
});

test('token labels take the innermost span, O elsewhere', () => {
  const text = 'Sonora Trail Runner rocks';
  const toks = tokenize(text);
  assert.deepEqual(tokenLabels(toks, [{ start: 0, end: 19, label: 'ITEM' }, { start: 0, end: 6, label: 'BRAND' }]), ['BRAND', 'ITEM', 'ITEM', 'O']);
});

test('span F1 per pair and per label, kappa and disputed records, against hand-computed values', () => {
  const text = 'Ana bought Trail Runner from Sonora in Oslo';
  //            0   4      11           24   29     36 39
  const ann = new Map([
    ['ann', [{ start: 0, end: 3, label: 'USER' }, { start: 11, end: 23, label: 'ITEM' }, { start: 29, end: 35, label: 'BRAND' }]],
    ['bob', [{ start: 0, end: 3, label: 'USER' }, { start: 11, end: 16, label: 'ITEM' }, { start: 29, end: 35, label: 'BRAND' }, { start: 39, end: 43, label: 'CITY' }]],
  ]);
  const r = agreement([
    { id: 1, text, byAnnotator: ann },
    { id: 2, text: 'same', byAnnotator: new Map([['ann', []], ['bob', []]]) },
  ]);
  assert.deepEqual(r.annotators, ['ann', 'bob']);
  const pair = r.pairs[0]!;
  assert.equal(pair.records, 2);
  // 3 vs 4 spans, 2 exact matches: F1 = 2·2 / 7.
  close(pair.f1, 4 / 7);
  const per = Object.fromEntries(pair.perLabel.map((l) => [l.label, l.f1]));
  assert.deepEqual(per, { BRAND: 1, CITY: 0, ITEM: 0, USER: 1 });
  // Tokens: Ana bought Trail Runner from Sonora in Oslo | same → 9 tokens.
  // ann: USER O ITEM ITEM O BRAND O O O ; bob: USER O ITEM O O BRAND O CITY O
  // agree 7/9; pa: USER 1, ITEM 2, BRAND 1, O 5; pb: USER 1, ITEM 1, BRAND 1, CITY 1, O 5
  // pe = (1·1 + 2·1 + 1·1 + 5·5) / 81 = 29/81; κ = (7/9 − 29/81) / (1 − 29/81) = (63 − 29) / (81 − 29) = 34/52.
  assert.equal(pair.tokens, 9);
  close(pair.kappa, 34 / 52);
  assert.deepEqual(r.disputed, [1]);
});
