import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CsrMatrix,
  cyclicSampler,
  csrFromRows,
  denseFromRows,
  l1Ball,
  logistic,
  squared,
  sfw,
  type EpochRecord,
  type FeatureMatrix,
  type GlmProblem,
  type SfwOptions,
} from '../../../main/optim';
import { StudioError } from '../../../main/errors';
import { plantedLogistic, refGap, refStochastic, type RefLoss } from './reference';

const planted = plantedLogistic(300, 20, { 3: 2.5, 11: -2, 17: 1.5 }, 42);

function problem(features: FeatureMatrix, loss: RefLoss, radius: number, b = planted.b): GlmProblem {
  return { features, labels: Float64Array.from(b), loss: loss === 'logistic' ? logistic : squared, constraint: l1Ball(radius) };
}

/** Runs sfw keeping a copy of x at every epoch's end. */
function traced(p: GlmProblem, options: SfwOptions): { history: EpochRecord[]; xs: Float64Array[] } {
  const xs: Float64Array[] = [];
  const { history } = sfw(p, { ...options, onEpoch: (_r, x) => void xs.push(Float64Array.from(x)) });
  return { history, xs };
}

function assertClose(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (|diff| ${Math.abs(actual - expected)} > ${tol})`);
}

const forms: { name: string; features: () => FeatureMatrix; scaledL1: boolean }[] = [
  { name: 'dense', features: () => denseFromRows(planted.a), scaledL1: false },
  { name: 'CSR, plain iterate', features: () => csrFromRows(planted.a), scaledL1: false },
  { name: 'CSR, scaled ℓ1 iterate', features: () => csrFromRows(planted.a), scaledL1: true },
];

for (const batch of [1, 7]) {
  for (const form of forms) {
    test(`SFW matches the sfw.md §2 reference to 1e-9 in objective and x, every epoch (B=${batch}, ${form.name})`, () => {
      const epochs = 8;
      const radius = 5;
      const ref = refStochastic(planted.a, planted.b, { loss: 'logistic', radius, batch, epochs });
      const got = traced(problem(form.features(), 'logistic', radius), { epochs, batchSize: batch, sampler: { kind: 'cyclic' }, scaledL1: form.scaledL1 });
      assert.equal(got.history.length, epochs);
      for (let e = 0; e < epochs; e++) {
        assertClose(got.history[e]!.objective, ref.objectives[e]!, 1e-9, `objective, epoch ${e + 1}`);
        for (let j = 0; j < 20; j++) assertClose(got.xs[e]![j]!, ref.xs[e]![j]!, 1e-9, `x[${j}], epoch ${e + 1}`);
      }
      assert.equal(got.history.at(-1)!.iterations, epochs * Math.floor(300 / batch));
    });
  }
}

test('SFW matches the reference on the squared loss too (B=5)', () => {
  const b = planted.a.map((row) => row[3]! * 0.7 - row[11]! * 0.4);
  const ref = refStochastic(planted.a, b, { loss: 'squared', radius: 0.8, batch: 5, epochs: 6 });
  const got = traced(problem(denseFromRows(planted.a), 'squared', 0.8, b), { epochs: 6, batchSize: 5 });
  for (let e = 0; e < 6; e++) {
    assertClose(got.history[e]!.objective, ref.objectives[e]!, 1e-9, `objective, epoch ${e + 1}`);
    for (let j = 0; j < 20; j++) assertClose(got.xs[e]![j]!, ref.xs[e]![j]!, 1e-9, `x[${j}], epoch ${e + 1}`);
  }
});

test('the exact gap matches the reference gap and is non-negative', () => {
  const radius = 5;
  const got = traced(problem(denseFromRows(planted.a), 'logistic', radius), { epochs: 5 });
  got.history.forEach((r, e) => {
    assertClose(r.gap!, refGap(planted.a, planted.b, Array.from(got.xs[e]!), 'logistic', radius), 1e-12, `gap, epoch ${e + 1}`);
    assert.ok(r.gap! >= 0, `gap ${r.gap} < 0 at epoch ${e + 1}`);
  });
});

test('after enough epochs the largest |x_j| are the planted support', () => {
  const { x } = sfw(problem(csrFromRows(planted.a), 'logistic', 4), { epochs: 60 });
  const top = [...x.keys()].sort((p, q) => Math.abs(x[q]!) - Math.abs(x[p]!)).slice(0, 3);
  assert.deepEqual(top.sort((p, q) => p - q), planted.support);
  for (const j of planted.support) assert.equal(Math.sign(x[j]!), Math.sign(planted.w[j]!), `sign of x[${j}]`);
});

test('the gap estimate converges to the exact gap as epochs grow', () => {
  const { history } = sfw(problem(csrFromRows(planted.a), 'logistic', 4), { epochs: 300 });
  const worst = (records: EpochRecord[]) => Math.max(...records.map((r) => Math.abs(r.gapEstimate - r.gap!)));
  const early = worst(history.slice(0, 5));
  const late = worst(history.slice(-20));
  assert.ok(late < early / 10 && late < 5e-3, `max |ĝ − g|: epochs 1-5 ${early}, epochs 281-300 ${late}`);
  // Early on the plain estimate is not an upper bound: at epoch 1 it undershoots the gap (sfw.md §5).
  assert.ok(history[0]!.gapEstimate < history[0]!.gap!);
  assert.ok(history.at(-1)!.gap! < history[0]!.gap! / 20, 'the exact gap itself goes down');
});

test('the random sampler is reproducible with one seed and differs across seeds', () => {
  const p = problem(csrFromRows(planted.a), 'logistic', 4);
  const run = (seed: number) => sfw(p, { epochs: 3, batchSize: 4, sampler: { kind: 'random', seed } });
  const a1 = run(11);
  const a2 = run(11);
  const b = run(12);
  assert.deepEqual(a1.x, a2.x);
  assert.deepEqual(a1.history, a2.history);
  assert.notDeepEqual(a1.x, b.x);
  assert.notEqual(a1.history.at(-1)!.objective, b.history.at(-1)!.objective);
});

test('dense and CSR features give identical results (same iterate form)', () => {
  for (const sampler of [{ kind: 'cyclic' } as const, { kind: 'random', seed: 3 } as const]) {
    for (const batchSize of [1, 9]) {
      const opts = { epochs: 4, batchSize, sampler, scaledL1: false };
      const dense = sfw(problem(denseFromRows(planted.a), 'logistic', 4), opts);
      const csr = sfw(problem(csrFromRows(planted.a), 'logistic', 4), opts);
      assert.deepEqual(csr.x, dense.x);
      assert.deepEqual(csr.history, dense.history);
    }
  }
});

test('sparse features: CSR equals dense on a 70%-zero matrix, scaled form agrees to 1e-9', () => {
  const sparse = plantedLogistic(200, 30, { 2: 2, 9: -1.5, 20: 1 }, 5, 0.3);
  const opts = { epochs: 10, batchSize: 1 };
  const p = (f: FeatureMatrix) => ({ ...problem(f, 'logistic', 3, sparse.b) });
  const dense = sfw(p(denseFromRows(sparse.a)), opts);
  const csrPlain = sfw(p(csrFromRows(sparse.a)), { ...opts, scaledL1: false });
  const csrScaled = sfw(p(csrFromRows(sparse.a)), { ...opts, scaledL1: true });
  assert.ok(csrFromRows(sparse.a).nnz < 0.4 * 200 * 30);
  assert.deepEqual(csrPlain.x, dense.x);
  for (let j = 0; j < 30; j++) assertClose(csrScaled.x[j]!, dense.x[j]!, 1e-9, `x[${j}]`);
});

test('--tol stops on a certified gap, only after every sample was seen', () => {
  const p = problem(csrFromRows(planted.a), 'logistic', 4);
  const full = sfw(p, { epochs: 200 });
  const tol = 2e-3;
  const stopped = sfw(p, { epochs: 200, tol });
  assert.equal(stopped.stoppedBy, 'tolerance');
  const last = stopped.history.at(-1)!;
  assert.ok(last.gap! <= tol && last.gapEstimate <= tol);
  assert.ok(stopped.history.length < 200);
  // it stopped at the first epoch where both tests pass, not later
  const first = full.history.findIndex((r) => r.gap! <= tol && r.gapEstimate <= tol);
  assert.equal(stopped.history.length, first + 1);
  // with a huge tolerance it still waits for the first full pass over the samples (B=1: 300 iterations)
  const early = sfw(p, { epochs: 5, tol: 1e9, sampler: { kind: 'random', seed: 1 } });
  assert.ok(early.history.length >= 2, 'random sampling rarely covers all 300 samples in one epoch');
});

test('without the exact gap the records carry null and the estimate alone', () => {
  const { history } = sfw(problem(csrFromRows(planted.a), 'logistic', 4), { epochs: 3, exactGap: false });
  assert.deepEqual(
    history.map((r) => r.gap),
    [null, null, null],
  );
  assert.ok(history.every((r) => Number.isFinite(r.gapEstimate) && Number.isFinite(r.objective)));
});

test('the cyclic sampler runs on across epochs when B does not divide n (sfw.md A7)', () => {
  const sample = cyclicSampler(10);
  const out = new Int32Array(3);
  sample(3, out); // iteration 3 = the first of epoch 2 (⌊10/3⌋ = 3 iterations per epoch)
  assert.deepEqual([...out], [9, 0, 1]);
  sample(0, out);
  assert.deepEqual([...out], [0, 1, 2]);
});

test('the first step is γ₀ = 1, so x₁ is the first LMO vertex', () => {
  const p = problem(denseFromRows(planted.a.slice(0, 1)), 'logistic', 2, planted.b.slice(0, 1));
  const { x } = sfw(p, { epochs: 1 });
  const nonzero = [...x].filter((v) => v !== 0);
  assert.equal(nonzero.length, 1);
  assert.equal(Math.abs(nonzero[0]!), 2);
});

test('bad problems are refused with a bad-input error', () => {
  const p = problem(denseFromRows(planted.a), 'logistic', 4);
  const isBadInput = (err: unknown) => err instanceof StudioError && err.code === 'bad_input';
  assert.throws(() => sfw(p, { epochs: 1, batchSize: 301 }), isBadInput);
  assert.throws(() => sfw(p, { epochs: 0 }), isBadInput);
  assert.throws(() => sfw({ ...p, labels: Float64Array.from(planted.b, (v) => v * 2) }, { epochs: 1 }), isBadInput);
  assert.throws(() => sfw({ ...p, labels: new Float64Array(3) }, { epochs: 1 }), isBadInput);
  assert.throws(() => new CsrMatrix(1, 3, Int32Array.from([0, 2]), Int32Array.from([2, 1]), Float64Array.from([1, 1])), isBadInput);
});
