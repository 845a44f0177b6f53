import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeMatrix, type Rating } from '../../../main/optim';
import { StudioError } from '../../../main/errors';
import { gaussian, makeRng } from './reference';

/** A rank-2 users×items matrix plus small noise; 60% of the cells train, 20% are held out. */
function plantedRatings(users: number, items: number, seed: number) {
  const rng = makeRng(seed);
  const u = Array.from({ length: users }, () => [gaussian(rng), gaussian(rng)]);
  const v = Array.from({ length: items }, () => [gaussian(rng), gaussian(rng)]);
  const train: Rating[] = [];
  const heldOut: Rating[] = [];
  let frob = 0;
  for (let i = 0; i < users; i++) {
    for (let j = 0; j < items; j++) {
      const x = u[i]![0]! * v[j]![0]! + u[i]![1]! * v[j]![1]!;
      frob += x * x;
      const draw = rng();
      const rating = { user: i, item: j, rating: x + 0.05 * gaussian(rng) };
      if (draw < 0.6) train.push(rating);
      else if (draw < 0.8) heldOut.push(rating);
    }
  }
  // ‖X‖_* ≤ √rank·‖X‖_F: a radius the planted matrix fits in.
  return { train, heldOut, radius: Math.sqrt(2 * frob) };
}

const data = plantedRatings(30, 25, 9);

test('matrix completion: held-out RMSE falls as epochs grow on a planted low-rank matrix', () => {
  const fit = (epochs: number) => completeMatrix(data.train, { users: 30, items: 25, radius: data.radius, epochs, batchSize: 45 });
  const zero = Math.sqrt(data.heldOut.reduce((s, r) => s + r.rating * r.rating, 0) / data.heldOut.length);
  const rmses = [1, 5, 20, 80].map((e) => fit(e).rmse(data.heldOut));
  for (let k = 1; k < rmses.length; k++) assert.ok(rmses[k]! < rmses[k - 1]!, `held-out RMSE by epochs 1, 5, 20, 80: ${rmses.join(', ')}`);
  assert.ok(rmses.at(-1)! < 0.35 * zero, `final RMSE ${rmses.at(-1)} vs ${zero} for predicting 0`);
});

test('matrix completion: records, feasibility and predictions agree with the objective', () => {
  const model = completeMatrix(data.train, { users: 30, items: 25, radius: data.radius, epochs: 30, batchSize: 45 });
  const { history } = model;
  assert.deepEqual(
    history.map((r) => r.epoch),
    Array.from({ length: 30 }, (_, k) => k + 1),
  );
  assert.ok(history.every((r) => r.gap! >= -1e-9), 'the exact gap is non-negative');
  assert.ok(history.at(-1)!.gap! < history[0]!.gap! / 5, `gap ${history[0]!.gap} → ${history.at(-1)!.gap}`);
  assert.ok(history.at(-1)!.objective < history[0]!.objective);
  // The factored X is feasible: Σ|w| bounds the nuclear norm.
  const weightSum = model.atoms.reduce((s, a) => s + Math.abs(a.weight), 0);
  assert.ok(weightSum <= data.radius * (1 + 1e-12), `Σ|w| = ${weightSum} > R = ${data.radius}`);
  // predict() is the X whose objective the last record reports.
  const objective = data.train.reduce((s, r) => s + 0.5 * (model.predict(r.user, r.item) - r.rating) ** 2, 0) / data.train.length;
  assert.ok(Math.abs(objective - history.at(-1)!.objective) < 1e-9 * (1 + objective));
});

test('matrix completion: an offset models deviations from it, and random sampling is reproducible', () => {
  const shifted = data.train.map((r) => ({ ...r, rating: r.rating + 3 }));
  const opts = { users: 30, items: 25, radius: data.radius, epochs: 10, batchSize: 45, sampler: { kind: 'random', seed: 4 } as const };
  const a = completeMatrix(shifted, { ...opts, offset: 3 });
  const b = completeMatrix(shifted, { ...opts, offset: 3 });
  const plain = completeMatrix(data.train, opts);
  assert.deepEqual(
    a.history.map((r) => r.objective),
    b.history.map((r) => r.objective),
  );
  assert.ok(Math.abs(a.predict(2, 3) - 3 - plain.predict(2, 3)) < 1e-9);
});

test('matrix completion refuses out-of-range cells and empty input', () => {
  const isBadInput = (err: unknown) => err instanceof StudioError && err.code === 'bad_input';
  assert.throws(() => completeMatrix([{ user: 30, item: 0, rating: 1 }], { users: 30, items: 25, radius: 1, epochs: 1 }), isBadInput);
  assert.throws(() => completeMatrix([], { users: 30, items: 25, radius: 1, epochs: 1 }), isBadInput);
  const model = completeMatrix(data.train, { users: 30, items: 25, radius: 1, epochs: 1 });
  assert.throws(() => model.predict(0, 25), isBadInput);
});
