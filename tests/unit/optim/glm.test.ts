import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFeatureMatrix, CsrMatrix, DenseMatrix, fitGlm, parseLabeledCsv, userItemRows } from '../../../main/optim';
import { InputError, StudioError } from '../../../main/errors';
import { plantedLogistic } from './reference';

test('user+item feature rows concatenate the two vectors per pair', () => {
  const rows = userItemRows(
    [
      [1, 0],
      [0, 1],
    ],
    [[5], [6], [7]],
    [
      [0, 2],
      [1, 0],
    ],
  );
  assert.deepEqual(rows, [
    [1, 0, 7],
    [0, 1, 5],
  ]);
  assert.throws(() => userItemRows([[1]], [[2]], [[0, 1]]), (err: unknown) => err instanceof StudioError && /item 1/.test(err.message));
});

test('the feature-matrix builder picks CSR for sparse rows and dense otherwise, with the same fit either way', () => {
  const sparse = plantedLogistic(120, 15, { 1: 2, 7: -2 }, 3, 0.2);
  const dense = plantedLogistic(120, 15, { 1: 2, 7: -2 }, 3, 1);
  assert.ok(buildFeatureMatrix(sparse.a) instanceof CsrMatrix);
  assert.ok(buildFeatureMatrix(dense.a) instanceof DenseMatrix);
  const opts = { loss: 'logistic', constraint: 'l1', radius: 3, epochs: 5, scaledL1: false } as const;
  const viaCsr = fitGlm(buildFeatureMatrix(sparse.a, { format: 'csr' }), sparse.b, opts);
  const viaDense = fitGlm(buildFeatureMatrix(sparse.a, { format: 'dense' }), sparse.b, opts);
  assert.deepEqual(viaCsr.weights, viaDense.weights);
});

test('an ℓ1-constrained logistic baseline on user+item features fits, stays feasible and predicts probabilities', () => {
  const planted = plantedLogistic(400, 12, { 0: 3, 9: -3 }, 17);
  const users = planted.a.map((row) => row.slice(0, 6));
  const items = planted.a.map((row) => row.slice(6));
  const rows = userItemRows(
    users,
    items,
    planted.a.map((_, k) => [k, k] as const),
  );
  const model = fitGlm(rows, planted.b, { loss: 'logistic', constraint: 'l1', radius: 5, epochs: 40 });
  assert.equal(model.history.length, 40);
  assert.ok(model.weights.reduce((s, w) => s + Math.abs(w), 0) <= 5 + 1e-9);
  let correct = 0;
  rows.forEach((row, k) => {
    const p = model.predict(row);
    assert.ok(p > 0 && p < 1);
    if ((p > 0.5 ? 1 : 0) === planted.b[k]) correct++;
  });
  assert.ok(correct / rows.length > 0.8, `training accuracy ${correct / rows.length}`);
});

test('a least-squares baseline in the other balls stays inside its set', () => {
  const planted = plantedLogistic(200, 8, { 2: 1 }, 23);
  const y = planted.a.map((row) => 0.5 * row[2]! - 0.25 * row[5]!);
  for (const constraint of ['l2', 'box', 'simplex'] as const) {
    const m = fitGlm(planted.a, y, { loss: 'squared', constraint, radius: 0.6, epochs: 30 });
    const w = [...m.weights];
    if (constraint === 'l2') assert.ok(Math.hypot(...w) <= 0.6 + 1e-12);
    if (constraint === 'box') assert.ok(w.every((v) => Math.abs(v) <= 0.6 + 1e-12));
    if (constraint === 'simplex') {
      assert.ok(w.every((v) => v >= 0));
      assert.ok(Math.abs(w.reduce((s, v) => s + v, 0) - 0.6) < 1e-12);
    }
    assert.ok(m.history.at(-1)!.objective < m.history[0]!.objective || m.history.at(-1)!.gap! < 1e-6, `${constraint} made no progress`);
  }
});

test('CSV: header, quotes, CRLF and blank lines; the label column is split out', () => {
  const text = '\uFEFF"a",b,"y"\r\n1,2.5,1\r\n\r\n-3e-1,"4",0\r\n';
  const parsed = parseLabeledCsv(text, 'in.csv', { label: 'y' });
  assert.deepEqual(parsed.featureNames, ['a', 'b']);
  assert.deepEqual(parsed.rows.map((r) => [...r]), [
    [1, 2.5],
    [-0.3, 4],
  ]);
  assert.deepEqual([...parsed.labels], [1, 0]);
  assert.deepEqual(parsed.lines, [2, 4]);
});

test('CSV errors name the file, the line and the column', () => {
  const expectError = (text: string, pattern: RegExp, line: number) =>
    assert.throws(
      () => parseLabeledCsv(text, 'data.csv', { label: 'y', checkLabel: (v) => (v === 0 || v === 1 ? undefined : `label ${v} is not 0 or 1`) }),
      (err: unknown) => err instanceof InputError && err.file === 'data.csv' && err.line === line && pattern.test(err.message),
    );
  expectError('a,b,y\n1,2,1\n1,x,0\n', /^data\.csv:3 field "b": "x" is not a number \(column 2\)$/, 3);
  expectError('a,b,z\n1,2,1\n', /no column named "y"/, 1);
  expectError('a,b,y\n1,2,1\n1,2\n', /expected 3 fields.*found 2: column 3 is missing/, 3);
  expectError('a,b,y\n1,2,1,4\n', /found 4: column 4 has no header/, 2);
  expectError('a,b,y\n1,2,2\n', /field "y": label 2 is not 0 or 1 \(column 3\)/, 2);
  expectError('a,b,y\n1,,1\n', /empty value \(column 2\)/, 2);
  expectError('a,b,y\n', /no data rows/, 1);
  expectError('', /empty/, 1);
  expectError('a,b,y\n1,"2,1\n', /unterminated/, 2);
});
