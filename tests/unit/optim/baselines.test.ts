import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csrFromRows, denseFromRows, frankWolfe, l1Ball, logistic, mhk, sfw, type GlmProblem } from '../../../main/optim';
import { plantedLogistic, refFrankWolfe, refStochastic } from './reference';

const planted = plantedLogistic(300, 20, { 3: 2.5, 11: -2, 17: 1.5 }, 42);
const problem = (radius: number): GlmProblem => ({
  features: denseFromRows(planted.a),
  labels: Float64Array.from(planted.b),
  loss: logistic,
  constraint: l1Ball(radius),
});

function assertClose(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
}

test('deterministic FW matches the sfw.md §6 reference to 1e-9', () => {
  const ref = refFrankWolfe(planted.a, planted.b, { loss: 'logistic', radius: 4, iterations: 15 });
  const xs: Float64Array[] = [];
  const { history } = frankWolfe(problem(4), { epochs: 15, onEpoch: (_r, x) => void xs.push(Float64Array.from(x)) });
  assert.equal(history.length, 15);
  history.forEach((r, k) => {
    assert.equal(r.epoch, k + 1);
    assertClose(r.objective, ref.objectives[k]!, 1e-9, `objective ${k + 1}`);
    for (let j = 0; j < 20; j++) assertClose(xs[k]![j]!, ref.xs[k]![j]!, 1e-9, `x[${j}] at ${k + 1}`);
  });
});

test('deterministic FW: the gap is non-negative and after 300 iterations far below its start', () => {
  const { history } = frankWolfe(problem(4), { epochs: 300 });
  assert.ok(history.every((r) => r.gap! >= 0));
  assert.ok(history.at(-1)!.gap! < history[0]!.gap! / 50, `gap ${history[0]!.gap} → ${history.at(-1)!.gap}`);
  assert.ok(history.at(-1)!.objective < history[0]!.objective);
  // its gap estimate is the exact gap, so tol stops on the exact gap
  const stopped = frankWolfe(problem(4), { epochs: 300, tol: 1e-2 });
  assert.equal(stopped.stoppedBy, 'tolerance');
  assert.ok(stopped.history.at(-1)!.gap! <= 1e-2 && stopped.history.slice(0, -1).every((r) => r.gap! > 1e-2));
});

test('MHK (batch 1) matches the sfw.md §3 reference to 1e-9', () => {
  const ref = refStochastic(planted.a, planted.b, { loss: 'logistic', radius: 4, batch: 1, epochs: 5, variant: 'MHK' });
  for (const features of [denseFromRows(planted.a), csrFromRows(planted.a)]) {
    const xs: Float64Array[] = [];
    const { history } = mhk({ ...problem(4), features }, { epochs: 5, onEpoch: (_r, x) => void xs.push(Float64Array.from(x)) });
    history.forEach((r, e) => {
      assertClose(r.objective, ref.objectives[e]!, 1e-9, `objective ${e + 1}`);
      for (let j = 0; j < 20; j++) assertClose(xs[e]![j]!, ref.xs[e]![j]!, 1e-9, `x[${j}] at ${e + 1}`);
    });
  }
});

test('on the same problem and budget SFW ends with a smaller gap than MHK', () => {
  const epochs = 30;
  const s = sfw(problem(4), { epochs });
  const m = mhk(problem(4), { epochs });
  assert.ok(m.history.at(-1)!.objective < m.history[0]!.objective, 'MHK makes progress');
  assert.ok(s.history.at(-1)!.gap! < m.history.at(-1)!.gap!, `SFW gap ${s.history.at(-1)!.gap} vs MHK ${m.history.at(-1)!.gap}`);
});
