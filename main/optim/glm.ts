/**
 * The studio's constrained linear baseline: a logistic (labels 0/1) or least-squares model on feature rows, fitted
 * by SFW inside an ℓ1/ℓ2/simplex/box ball. Pure: rows in, weights and per-epoch records out.
 */
import { badInput } from '../errors';
import { makeConstraint, type ConstraintName } from './lmo';
import { LOSSES, sigmoid, type LossName } from './losses';
import { buildFeatureMatrix, type FeatureMatrix } from './matrix';
import type { EpochRecord, SolveResult } from './problem';
import { sfw, type SfwOptions } from './sfw';

export interface GlmFitOptions extends Omit<SfwOptions, 'x0'> {
  loss: LossName;
  constraint: Exclude<ConstraintName, 'nuclear'>;
  radius: number;
}

export interface GlmModel {
  loss: LossName;
  weights: Float64Array;
  history: EpochRecord[];
  stoppedBy: SolveResult['stoppedBy'];
  /** aᵀw. */
  score(row: ArrayLike<number>): number;
  /** P(y = 1 | a) for the logistic loss, aᵀw for the squared loss. */
  predict(row: ArrayLike<number>): number;
}

export function fitGlm(
  features: FeatureMatrix | readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  options: GlmFitOptions,
): GlmModel {
  const a = Array.isArray(features) ? buildFeatureMatrix(features) : (features as FeatureMatrix);
  const loss = LOSSES[options.loss];
  if (!loss) throw badInput(`unknown loss "${options.loss}"`);
  const result = sfw(
    { features: a, labels: Float64Array.from(labels), loss, constraint: makeConstraint(options.constraint, options.radius) },
    options,
  );
  const weights = result.x;
  const score = (row: ArrayLike<number>): number => {
    if (row.length !== weights.length) throw badInput(`a row needs ${weights.length} features, got ${row.length}`);
    let s = 0;
    for (let j = 0; j < weights.length; j++) s += row[j]! * weights[j]!;
    return s;
  };
  return {
    loss: options.loss,
    weights,
    history: result.history,
    stoppedBy: result.stoppedBy,
    score,
    predict: (row) => (options.loss === 'logistic' ? sigmoid(score(row)) : score(row)),
  };
}

/** One row per (user, item) pair: the user's feature vector followed by the item's. */
export function userItemRows(
  userFeatures: readonly (readonly number[])[],
  itemFeatures: readonly (readonly number[])[],
  pairs: readonly (readonly [user: number, item: number])[],
): number[][] {
  return pairs.map(([u, i], k) => {
    const uf = userFeatures[u];
    const itf = itemFeatures[i];
    if (!uf || !itf) throw badInput(`pair ${k} refers to ${uf ? `item ${i}` : `user ${u}`}, which has no feature vector`);
    return [...uf, ...itf];
  });
}
