import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipRating, mae, parseRating, ratingSummary, rmse } from '../../../main/evaluation/rating';

const close = (actual: number | null, expected: number, what: string): void =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} vs ${expected}`);

test('parseRating reads the one number a generated text states', () => {
  assert.equal(parseRating('4.3'), 4.3);
  assert.equal(parseRating(' 4 '), 4);
  assert.equal(parseRating('4 stars'), 4);
  assert.equal(parseRating('Rating: 3.5.'), 3.5);
  assert.equal(parseRating('.5'), 0.5);
  assert.equal(parseRating('-2'), -2);
  assert.equal(parseRating('item-4'), 4, 'a hyphen inside a word is not a minus sign');
});

test('parseRating refuses text with no number or with several', () => {
  assert.equal(parseRating(''), null);
  assert.equal(parseRating('great movie'), null);
  assert.equal(parseRating('four'), null);
  assert.equal(parseRating('4/5'), null);
  assert.equal(parseRating('between 3 and 4'), null);
  assert.equal(parseRating('4.5.3'), null);
});

test('RMSE and MAE clip predictions to [1, 5] before scoring', () => {
  assert.equal(clipRating(6.2), 5);
  assert.equal(clipRating(-1), 1);
  assert.equal(clipRating(3.3), 3.3);
  // Predictions 6 → 5 and 0 → 1 are exact after clipping; 4.5 vs 3 errs by 1.5.
  // RMSE = sqrt((0 + 0 + 2.25) / 3) = sqrt(0.75); MAE = 1.5 / 3 = 0.5. Unclipped they would be sqrt(4.25/3) and 1.
  close(rmse([6, 0, 4.5], [5, 1, 3]), Math.sqrt(0.75), 'RMSE');
  close(mae([6, 0, 4.5], [5, 1, 3]), 0.5, 'MAE');
  assert.equal(rmse([], []), null);
  assert.throws(() => mae([1, 2], [1]), RangeError);
});

test('ratingSummary counts unparsable outputs, scores the rest, and scores all with the fallback', () => {
  const pairs = [
    { predicted: '6', truth: 5 }, // clipped to 5: error 0
    { predicted: '0.5', truth: 1 }, // clipped to 1: error 0
    { predicted: '4.5 stars', truth: 3 }, // error 1.5
    { predicted: 3, truth: 4 }, // a numeric prediction: error 1
    { predicted: 'great movie', truth: 2 }, // unparsable
  ];
  // Parsable: squared errors 0, 0, 2.25, 1 → RMSE = sqrt(3.25/4); absolute 0, 0, 1.5, 1 → MAE = 2.5/4.
  // With fallback 3.5 the unparsable one errs by 1.5: RMSE_all = sqrt((3.25 + 2.25)/5) = sqrt(1.1); MAE_all = 4/5.
  const s = ratingSummary(pairs, { fallback: 3.5 });
  assert.equal(s.count, 5);
  assert.equal(s.unparsable, 1);
  assert.equal(s.fallback, 3.5);
  close(s.RMSE, Math.sqrt(3.25 / 4), 'RMSE');
  close(s.MAE, 0.625, 'MAE');
  close(s.RMSE_all, Math.sqrt(1.1), 'RMSE_all');
  close(s.MAE_all, 0.8, 'MAE_all');
  // Without a fallback the middle of the scale, 3, stands in: error 1 → RMSE_all = sqrt(4.25/5).
  const d = ratingSummary(pairs);
  assert.equal(d.fallback, 3);
  close(d.RMSE_all, Math.sqrt(4.25 / 5), 'RMSE_all with the default fallback');
});

test('ratingSummary: non-finite numeric predictions are unparsable; nothing parsed gives null figures', () => {
  const s = ratingSummary([
    { predicted: Number.NaN, truth: 4 },
    { predicted: Number.POSITIVE_INFINITY, truth: 2 },
  ]);
  assert.equal(s.unparsable, 2);
  assert.equal(s.RMSE, null);
  assert.equal(s.MAE, null);
  close(s.MAE_all, 1, 'both scored as 3');
  assert.throws(() => ratingSummary([{ predicted: '3', truth: Number.NaN }]), RangeError);
});
