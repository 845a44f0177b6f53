/**
 * `studio sfw`: fit a constrained linear model on a numeric CSV with stochastic Frank-Wolfe and report, per epoch,
 * the objective, the exact Frank-Wolfe gap and SFW's gap estimate. It needs no workspace.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { badInput } from '../errors';
import {
  buildFeatureMatrix,
  LOSSES,
  makeConstraint,
  parseLabeledCsv,
  parseSamplerSpec,
  sfw,
  type ConstraintName,
  type EpochRecord,
  type LossName,
} from '../optim';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio sfw --data FILE.csv --label COLUMN --radius R --epochs E [options]

Fits min_{x∈C} (1/n) Σ_i loss(a_iᵀx, y_i) by stochastic Frank-Wolfe (Négiar et al. 2020, copt's SAG variant).
The CSV has a header; every column but the label is a numeric feature.

options:
  --data FILE            the CSV file
  --label COLUMN         the label column (0/1 for the logistic loss)
  --radius R             radius of the constraint set C
  --epochs E             number of epochs (an epoch is ⌊n/B⌋ iterations)
  --batch-size B         samples per iteration (default 1)
  --sampler S            cyclic (default) or random:SEED (uniform with replacement, reproducible)
  --loss L               logistic (default) or squared
  --constraint C         l1 (default), l2, simplex ({x ≥ 0, Σx = R}) or box ([-R, R]^d)
  --tol T                stop once every sample was seen, the gap estimate is ≤ T and the exact gap is ≤ T
  --skip-gap             skip the exact gap (one extra pass per epoch); --tol then trusts the estimate alone
  --json                 print {"epochs":[{"epoch","objective","gap","gapEstimate"}…],"x":[…]} on stdout

Progress goes to stderr. Exit codes: 0 ok, 2 bad input, 1 anything else.`;

const LOSS_NAMES = Object.keys(LOSSES) as LossName[];
const CONSTRAINT_NAMES = ['l1', 'l2', 'simplex', 'box'] as const;

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw badInput(`sfw: ${flag} is required (see studio sfw --help)`);
  return value;
}

function positiveNumber(text: string, flag: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v <= 0) throw badInput(`sfw: ${flag} must be a positive number, got "${text}"`);
  return v;
}

function positiveInteger(text: string, flag: string): number {
  const v = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(v) || v < 1)
    throw badInput(`sfw: ${flag} must be a positive integer, got "${text}"`);
  return v;
}

function oneOf<T extends string>(text: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(text)) throw badInput(`sfw: ${flag} must be one of ${allowed.join(', ')}, got "${text}"`);
  return text as T;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (err as Error).message;
    throw badInput(`${file}: cannot read the data file: ${why}`);
  }
}

const num = (v: number | null): string => (v === null ? '—' : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toFixed(6) : v.toExponential(4));

function table(history: EpochRecord[], x: Float64Array, names: string[], stoppedBy: string): string {
  const header = ['epoch', 'objective', 'gap', 'gap estimate'];
  const rows = history.map((r) => [String(r.epoch), num(r.objective), num(r.gap), num(r.gapEstimate)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const fmt = (row: string[]) => row.map((v, c) => v.padStart(widths[c]!)).join('  ');
  const nonzero = [...x.keys()].filter((j) => x[j] !== 0);
  const nameWidth = Math.max(0, ...nonzero.map((j) => names[j]!.length));
  return [
    fmt(header),
    ...rows.map(fmt),
    '',
    `stopped: ${stoppedBy === 'tolerance' ? 'tolerance met' : 'all epochs run'}`,
    `x: ${nonzero.length} of ${x.length} coordinates non-zero`,
    ...nonzero.map((j) => `  ${names[j]!.padEnd(nameWidth)}  ${x[j]!.toPrecision(8)}`),
  ].join('\n');
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      label: { type: 'string' },
      radius: { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string', default: '1' },
      sampler: { type: 'string', default: 'cyclic' },
      loss: { type: 'string', default: 'logistic' },
      constraint: { type: 'string', default: 'l1' },
      tol: { type: 'string' },
      'skip-gap': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  const file = required(values.data, '--data');
  const label = required(values.label, '--label');
  const radius = positiveNumber(required(values.radius, '--radius'), '--radius');
  const epochs = positiveInteger(required(values.epochs, '--epochs'), '--epochs');
  const batchSize = positiveInteger(values['batch-size'], '--batch-size');
  const sampler = parseSamplerSpec(values.sampler);
  const lossName = oneOf(values.loss, LOSS_NAMES, '--loss');
  const constraintName: Exclude<ConstraintName, 'nuclear'> = oneOf(values.constraint, CONSTRAINT_NAMES, '--constraint');
  let tol: number | undefined;
  if (values.tol !== undefined) {
    tol = Number(values.tol);
    if (values.tol.trim() === '' || !Number.isFinite(tol) || tol < 0)
      throw badInput(`sfw: --tol must be a non-negative number, got "${values.tol}"`);
  }

  const loss = LOSSES[lossName];
  // The CLI takes hard 0/1 labels for the logistic loss: a 0.5 in a label column is far likelier a wrong column
  // than a soft label.
  const checkLabel =
    lossName === 'logistic'
      ? (v: number) => (v === 0 || v === 1 ? undefined : `logistic labels must be 0 or 1, found ${v}`)
      : loss.checkLabel;
  const data = parseLabeledCsv(readText(file), file, { label, checkLabel });
  const n = data.rows.length;
  if (batchSize > n) throw badInput(`sfw: --batch-size ${batchSize} exceeds the ${n} data rows of ${file}`);
  const features = buildFeatureMatrix(data.rows);
  const constraint = makeConstraint(constraintName, radius);
  io.err(
    `sfw: ${n} rows × ${features.cols} features (${features.nnz < n * features.cols ? 'sparse' : 'dense'}), ${lossName} loss, ` +
      `${constraintName} radius ${radius}, batch ${batchSize}, ${Math.floor(n / batchSize)} iterations per epoch`,
  );

  const started = performance.now();
  const result = sfw(
    { features, labels: data.labels, loss, constraint },
    {
      epochs,
      batchSize,
      sampler,
      exactGap: !values['skip-gap'],
      ...(tol !== undefined ? { tol } : {}),
      onEpoch: (r) =>
        io.err(`epoch ${r.epoch}/${epochs}  objective ${num(r.objective)}  gap ${num(r.gap)}  gap estimate ${num(r.gapEstimate)}`),
    },
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  io.err(
    `sfw: ${result.history.length} epochs, ${result.iterations} iterations in ${seconds} s${result.stoppedBy === 'tolerance' ? ` (tolerance ${tol} met)` : ''}`,
  );

  if (values.json) {
    const epochsOut = result.history.map((r) => ({ epoch: r.epoch, objective: r.objective, gap: r.gap, gapEstimate: r.gapEstimate }));
    io.out(JSON.stringify({ epochs: epochsOut, x: Array.from(result.x) }));
  } else {
    io.out(table(result.history, result.x, data.featureNames, result.stoppedBy));
  }
  return EXIT.ok;
}
