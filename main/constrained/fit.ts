import { completeMatrix, type Rating } from '../optim/matrix-completion';
import { curveRecorder, type EpochListener } from './curve';
import { fitGlmBaseline } from './glm';
import { mae, rmse } from './metrics';
import type { BaselineConfig, BaselineData, BaselineOutcome, RatingRow, SolverName } from './types';

/** Fits the configured constrained baseline; the listener sees each solver's epochs as they finish. */
export function fitBaseline(config: BaselineConfig, data: BaselineData, onEpoch?: EpochListener): BaselineOutcome {
  if (data.train.length === 0) throw new Error('the dataset has no rated training interactions: split it first');
  return config.model === 'nuclear-mc' ? fitMatrixCompletion(config, data, onEpoch) : fitGlmBaseline(config, data, onEpoch);
}

/**
 * Nuclear-norm matrix completion on the training ratings (X models deviations from the training mean).
 * The comparison runs the same solver with the whole training set as one batch: deterministic Frank-Wolfe.
 */
function fitMatrixCompletion(config: BaselineConfig, data: BaselineData, onEpoch?: EpochListener): BaselineOutcome {
  const users = new Map<number, number>();
  const items = new Map<number, number>();
  for (const r of data.train) {
    if (!users.has(r.userId)) users.set(r.userId, users.size);
    if (!items.has(r.itemId)) items.set(r.itemId, items.size);
  }
  const toRating = (r: RatingRow): Rating => ({
    user: users.get(r.userId) as number,
    item: items.get(r.itemId) as number,
    rating: r.rating,
  });
  const train = data.train.map(toRating);
  const mean = data.train.reduce((s, r) => s + r.rating, 0) / data.train.length;
  const outcome: BaselineOutcome = {
    curves: {},
    metrics: {},
    reference: {},
    features: users.size * items.size,
    nonZero: 0,
    topFeatures: [],
    trainRows: train.length,
  };
  for (const split of ['valid', 'test'] as const) {
    const truth = data[split].map((r) => r.rating);
    if (truth.length === 0) continue;
    outcome.reference[`${split} RMSE`] = rmse(
      truth.map(() => mean),
      truth,
    );
    outcome.reference[`${split} MAE`] = mae(
      truth.map(() => mean),
      truth,
    );
  }
  const runs: [SolverName, number][] = [['sfw', Math.min(config.batchSize, train.length)]];
  if (config.compare) runs.push(['fw', train.length]);
  for (const [name, batchSize] of runs) {
    const { curve, onEpoch: record } = curveRecorder(name, onEpoch);
    const model = completeMatrix(train, {
      users: users.size,
      items: items.size,
      radius: config.radius,
      epochs: config.epochs,
      batchSize,
      sampler: name === 'fw' ? { kind: 'cyclic' } : config.sampler,
      offset: mean,
      ...(config.tol !== null ? { tol: config.tol } : {}),
      onEpoch: record,
    });
    outcome.curves[name] = curve;
    const metrics: Record<string, number> = {};
    for (const split of ['valid', 'test'] as const) {
      const rows = data[split];
      if (rows.length === 0) continue;
      // Users or items never seen in training get the training mean: the model knows nothing about them.
      const pred = rows.map((r) => {
        const u = users.get(r.userId);
        const i = items.get(r.itemId);
        return Math.min(5, Math.max(1, u === undefined || i === undefined ? mean : model.predict(u, i)));
      });
      const truth = rows.map((r) => r.rating);
      metrics[`${split} RMSE`] = rmse(pred, truth);
      metrics[`${split} MAE`] = mae(pred, truth);
    }
    outcome.metrics[name] = metrics;
    if (name === 'sfw') outcome.nonZero = model.atoms.length;
  }
  return outcome;
}
