/**
 * The l1-constrained linear baselines on user and item features: logistic for click-style prediction
 * (rating ≥ 4 counts as a click) and squared loss for ratings (labels centred on the training mean).
 */
import { frankWolfe } from '../optim/fw';
import { l1Ball } from '../optim/lmo';
import { logistic, sigmoid, squared } from '../optim/losses';
import type { CsrMatrix } from '../optim/matrix';
import { mhk } from '../optim/mhk';
import type { GlmProblem, SolveResult } from '../optim/problem';
import { curveRecorder, type EpochListener } from './curve';
import { sfw } from '../optim/sfw';
import { encodeRows, fitEncoder } from './features';
import { accuracy, auc, logLoss, mae, rmse } from './metrics';
import { CLICK_THRESHOLD, type BaselineConfig, type BaselineData, type BaselineOutcome, type RatingRow, type SolverName } from './types';

function predict(a: CsrMatrix, x: Float64Array): Float64Array {
  const out = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) out[i] = a.dotRow(i, x);
  return out;
}

export function fitGlmBaseline(config: BaselineConfig, data: BaselineData, onEpoch?: EpochListener): BaselineOutcome {
  const click = config.model === 'l1-logistic';
  const pairs = (rows: RatingRow[]) => rows.map((r) => ({ user: r.user, item: r.item }));
  const encoder = fitEncoder(pairs(data.train));
  const a = encodeRows(encoder, pairs(data.train));
  const mean = data.train.reduce((s, r) => s + r.rating, 0) / Math.max(1, data.train.length);
  const label = (r: RatingRow): number => (click ? (r.rating >= CLICK_THRESHOLD ? 1 : 0) : r.rating - mean);
  const problem: GlmProblem = {
    features: a,
    labels: Float64Array.from(data.train, label),
    loss: click ? logistic : squared,
    constraint: l1Ball(config.radius),
  };
  const evalSets = { valid: data.valid, test: data.test };
  const encoded = Object.fromEntries(Object.entries(evalSets).map(([k, rows]) => [k, encodeRows(encoder, pairs(rows))])) as Record<
    'valid' | 'test',
    CsrMatrix
  >;

  const score = (x: Float64Array): Record<string, number> => {
    const m: Record<string, number> = {};
    for (const split of ['valid', 'test'] as const) {
      const rows = evalSets[split];
      if (rows.length === 0) continue;
      const raw = predict(encoded[split], x);
      if (click) {
        const prob = raw.map(sigmoid);
        const labels = rows.map((r) => (r.rating >= CLICK_THRESHOLD ? 1 : 0));
        m[`${split} accuracy`] = accuracy(prob, labels);
        m[`${split} AUC`] = auc(raw, labels);
        m[`${split} logLoss`] = logLoss(prob, labels);
      } else {
        const pred = raw.map((p) => Math.min(5, Math.max(1, p + mean)));
        const truth = rows.map((r) => r.rating);
        m[`${split} RMSE`] = rmse(pred, truth);
        m[`${split} MAE`] = mae(pred, truth);
      }
    }
    return m;
  };

  const solvers: [SolverName, (p: GlmProblem, o: Parameters<typeof sfw>[1]) => SolveResult][] = [['sfw', sfw]];
  if (config.compare) solvers.push(['fw', (p, o) => frankWolfe(p, o)], ['mhk', (p, o) => mhk(p, { ...o, batchSize: 1 })]);

  const outcome: BaselineOutcome = {
    curves: {},
    metrics: {},
    reference: reference(click, data, mean),
    features: encoder.names.length,
    nonZero: 0,
    topFeatures: [],
    trainRows: data.train.length,
  };
  for (const [name, solve] of solvers) {
    const { curve, onEpoch: record } = curveRecorder(name, onEpoch);
    const result = solve(problem, {
      epochs: config.epochs,
      batchSize: config.batchSize,
      sampler: config.sampler,
      ...(config.tol !== null ? { tol: config.tol } : {}),
      onEpoch: record,
    });
    outcome.curves[name] = curve;
    outcome.metrics[name] = score(result.x);
    if (name === 'sfw') {
      const weights = [...result.x].map((w, j) => ({ name: encoder.names[j] as string, weight: w }));
      outcome.nonZero = weights.filter((w) => w.weight !== 0).length;
      outcome.topFeatures = weights
        .filter((w) => w.weight !== 0)
        .sort((p, q) => Math.abs(q.weight) - Math.abs(p.weight))
        .slice(0, 20);
    }
  }
  return outcome;
}

function reference(click: boolean, data: BaselineData, mean: number): Record<string, number> {
  const ref: Record<string, number> = {};
  for (const split of ['valid', 'test'] as const) {
    const rows = data[split];
    if (rows.length === 0) continue;
    if (click) {
      const base = data.train.filter((r) => r.rating >= CLICK_THRESHOLD).length / Math.max(1, data.train.length);
      const labels = rows.map((r) => (r.rating >= CLICK_THRESHOLD ? 1 : 0));
      ref[`${split} accuracy`] = accuracy(
        labels.map(() => base),
        labels,
      );
      ref[`${split} logLoss`] = logLoss(
        labels.map(() => base),
        labels,
      );
    } else {
      const truth = rows.map((r) => r.rating);
      ref[`${split} RMSE`] = rmse(
        truth.map(() => mean),
        truth,
      );
      ref[`${split} MAE`] = mae(
        truth.map(() => mean),
        truth,
      );
    }
  }
  return ref;
}
