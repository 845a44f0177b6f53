/**
 * Nuclear-norm-constrained matrix completion for ratings by stochastic Frank-Wolfe:
 *   minimize (1/|Ω|) Σ_{(u,i)∈Ω} ½(X_ui − r_ui)²  over ‖X‖_* ≤ R.
 * It is the GLM of sfw.ts with one sample per observed rating and a_k = the indicator matrix of (u_k, i_k), so the
 * aggregate r = Σ_k α_k a_k is the sparse matrix holding α_k at the observed cells: the α vector is the aggregate.
 * The LMO is −R·u₁v₁ᵀ from the top singular pair of that sparse matrix by power iteration, warm-started from the
 * previous pair (consecutive aggregates differ by one batch). X is kept factored as weighted rank-1 atoms, one per
 * iteration, plus its values at the observed cells so a sample's prediction costs O(1).
 */
import { badInput } from '../errors';
import type { EpochRecord } from './problem';
import { makeSampler, type Sampler, type SamplerSpec } from './sampler';
import { topSingularPair, tripletOperator, type SingularOptions } from './singular';

export interface Rating {
  user: number;
  item: number;
  rating: number;
}

export interface MatrixCompletionOptions {
  users: number;
  items: number;
  radius: number;
  epochs: number;
  /** Observed ratings per iteration; default ⌊|Ω|/10⌋ (each LMO costs a few passes over Ω, so tiny batches waste it). */
  batchSize?: number;
  sampler?: SamplerSpec | Sampler;
  /** Constant added to X in predictions and the loss (e.g. the training mean), so X models deviations. Default 0. */
  offset?: number;
  /** Exact gap each epoch (a few passes over Ω); default true. */
  exactGap?: boolean;
  /** Stop at an epoch's end once every rating was visited, ĝ ≤ tol and, when computed, the exact gap ≤ tol. */
  tol?: number;
  /**
   * The LMO's singular-pair solver; default power iteration (tol 1e-6, at most 100 steps) warm-started from the
   * previous pair. Frank-Wolfe tolerates an inexact LMO; the gaps are always computed with accurate Lanczos.
   */
  lmoSolver?: SingularOptions;
  onEpoch?: (record: EpochRecord) => void | 'stop';
}

export interface Atom {
  weight: number;
  u: Float64Array;
  v: Float64Array;
}

export interface MatrixCompletionModel {
  users: number;
  items: number;
  offset: number;
  /** X = Σ weight·u vᵀ; Σ|weight| ≤ R bounds ‖X‖_*. */
  atoms: Atom[];
  history: EpochRecord[];
  stoppedBy: 'epochs' | 'tolerance' | 'callback';
  predict(user: number, item: number): number;
  /** Root mean squared error of predict over a held-out list. */
  rmse(ratings: readonly Rating[]): number;
}

function checkIndex(what: string, value: number, size: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= size) throw badInput(`${what} ${value} is outside 0..${size - 1}`);
}

/** The training ratings as triplets (row, column, rating − offset), every index and value checked. */
function tripletsOf(train: readonly Rating[], options: MatrixCompletionOptions) {
  const { users, items, radius } = options;
  if (!Number.isInteger(users) || !Number.isInteger(items) || users < 1 || items < 1)
    throw badInput(`invalid matrix shape ${users}×${items}`);
  if (!Number.isFinite(radius) || radius <= 0) throw badInput(`the radius must be a positive number, got ${radius}`);
  if (!Number.isInteger(options.epochs) || options.epochs < 1) throw badInput(`epochs must be a positive integer, got ${options.epochs}`);
  const n = train.length;
  if (n === 0) throw badInput('no training ratings');
  const batchSize = options.batchSize ?? Math.max(1, Math.floor(n / 10));
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > n)
    throw badInput(`the batch size must be an integer from 1 to ${n}, got ${batchSize}`);
  const offset = options.offset ?? 0;
  const rowIdx = new Int32Array(n);
  const colIdx = new Int32Array(n);
  const target = new Float64Array(n);
  train.forEach((r, k) => {
    checkIndex('user', r.user, users);
    checkIndex('item', r.item, items);
    if (!Number.isFinite(r.rating)) throw badInput(`rating ${k} is not a finite number`);
    rowIdx[k] = r.user;
    colIdx[k] = r.item;
    target[k] = r.rating - offset;
  });
  return { n, batchSize, offset, rowIdx, colIdx, target };
}

/** The fitted model: X = offset + Σ weight·u vᵀ, read cell by cell. */
function modelOf(
  options: MatrixCompletionOptions,
  offset: number,
  atoms: Atom[],
  history: EpochRecord[],
  stoppedBy: MatrixCompletionModel['stoppedBy'],
): MatrixCompletionModel {
  const { users, items } = options;
  const predict = (user: number, item: number): number => {
    checkIndex('user', user, users);
    checkIndex('item', item, items);
    let x = offset;
    for (const atom of atoms) x += atom.weight * atom.u[user]! * atom.v[item]!;
    return x;
  };
  return {
    users,
    items,
    offset,
    atoms,
    history,
    stoppedBy,
    predict,
    rmse(ratings) {
      if (ratings.length === 0) throw badInput('no ratings to score');
      let s = 0;
      for (const r of ratings) {
        const e = predict(r.user, r.item) - r.rating;
        s += e * e;
      }
      return Math.sqrt(s / ratings.length);
    },
  };
}

export function completeMatrix(train: readonly Rating[], options: MatrixCompletionOptions): MatrixCompletionModel {
  const { users, items, radius } = options;
  const { n, batchSize, offset, rowIdx, colIdx, target } = tripletsOf(train, options);

  const invN = 1 / n;
  const alpha = new Float64Array(n);
  const aggregate = tripletOperator(rowIdx, colIdx, alpha, users, items);
  // X at the observed cells, updated with X itself, so a sample's prediction is a lookup.
  const observed = new Float64Array(n);
  const atoms: Atom[] = [];
  const lmoSolver: SingularOptions = { method: 'power', tol: 1e-6, maxIter: 100, ...options.lmoSolver };
  const gapSolver: SingularOptions = { method: 'lanczos', tol: 1e-8, maxIter: 2000 };
  let warm: Float64Array | undefined;
  const sample = makeSampler(options.sampler, n);
  const batch = new Int32Array(batchSize);
  const seen = new Uint8Array(n);
  let unseen = n;
  const itersPerEpoch = Math.floor(n / batchSize);
  const history: EpochRecord[] = [];
  let t = 0;
  let stoppedBy: MatrixCompletionModel['stoppedBy'] = 'epochs';

  // max_{‖S‖_*≤R} ⟨G, X − S⟩ = ⟨G, X⟩ + R·σ_max(G) for G supported on Ω with values g.
  const gapFor = (g: Float64Array, start: Float64Array | undefined): number => {
    let inner = 0;
    for (let k = 0; k < n; k++) inner += g[k]! * observed[k]!;
    const op = tripletOperator(rowIdx, colIdx, g, users, items);
    return inner + radius * topSingularPair(op, start ? { ...gapSolver, start } : gapSolver).sigma;
  };
  /** The objective and the duality gaps at the end of an epoch. */
  const epochRecord = (epoch: number): EpochRecord => {
    let loss = 0;
    const grad = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const e = observed[k]! - target[k]!;
      loss += 0.5 * e * e;
      grad[k] = invN * e;
    }
    const gap = (options.exactGap ?? true) ? gapFor(grad, warm) : null;
    // The estimate from the stored α, at the same X (see sfw.ts: not an upper bound on the gap early on).
    const gapEstimate = gapFor(alpha, warm);
    return { epoch, iterations: t, objective: loss * invN, gap, gapEstimate };
  };

  for (let epoch = 1; epoch <= options.epochs && stoppedBy === 'epochs'; epoch++) {
    for (let it = 0; it < itersPerEpoch; it++, t++) {
      sample(t, batch);
      for (let b = 0; b < batchSize; b++) {
        const k = batch[b]!;
        alpha[k] = invN * (observed[k]! - target[k]!);
        if (seen[k] === 0) {
          seen[k] = 1;
          unseen--;
        }
      }
      const { u, v, sigma } = topSingularPair(aggregate, warm ? { ...lmoSolver, start: warm } : lmoSolver);
      if (sigma > 0) warm = v;
      const gamma = 2 / (t + 2);
      for (const atom of atoms) atom.weight *= 1 - gamma;
      if (gamma === 1) atoms.length = 0;
      // S = −R·u vᵀ; a zero gradient makes S = 0, which adds nothing.
      if (sigma > 0) atoms.push({ weight: -gamma * radius, u, v });
      for (let k = 0; k < n; k++) observed[k]! += gamma * (-radius * u[rowIdx[k]!]! * v[colIdx[k]!]! - observed[k]!);
    }
    const record = epochRecord(epoch);
    history.push(record);
    if (options.onEpoch?.(record) === 'stop') stoppedBy = 'callback';
    else if (
      options.tol !== undefined &&
      unseen === 0 &&
      record.gapEstimate <= options.tol &&
      (record.gap === null || record.gap <= options.tol)
    )
      stoppedBy = 'tolerance';
  }
  return modelOf(options, offset, atoms, history, stoppedBy);
}
