/**
 * Deterministic full-gradient Frank-Wolfe (copt `minimize_frank_wolfe`, step 'sublinear'; sfw.md §6):
 * s_k = LMO(∇f(x_k)), x_{k+1} = x_k + γ_k(s_k − x_k), γ_k = 2/(k+2). One iteration is one full pass over the data,
 * so its "epoch" e is iteration e and its records line up with SFW's epochs in gradient evaluations.
 * The gradient is exact, so the gap estimate is the exact gap; `tol` stops as soon as that gap is ≤ tol.
 */
import { frankWolfeGap, objectiveAndGradient } from './gap';
import { checkCommon, checkProblem, type CommonOptions, type EpochRecord, type GlmProblem, type SolveResult } from './problem';

export function frankWolfe(problem: GlmProblem, options: CommonOptions): SolveResult {
  checkProblem(problem);
  const { constraint } = problem;
  const d = problem.features.cols;
  checkCommon(options, d);
  const x = options.x0 ? Float64Array.from(options.x0) : constraint.initial(d);
  const grad = new Float64Array(d);
  const s = new Float64Array(d);
  const history: EpochRecord[] = [];
  // The pass that yields ∇f(x_k) for the step also yields f(x_k) and g(x_k), i.e. the record of epoch k.
  objectiveAndGradient(problem, x, grad);
  for (let k = 0; k < options.epochs; k++) {
    constraint.lmo(grad, s);
    const gamma = 2 / (k + 2);
    for (let j = 0; j < d; j++) x[j]! += gamma * (s[j]! - x[j]!);
    const objective = objectiveAndGradient(problem, x, grad);
    const gap = frankWolfeGap(grad, x, constraint);
    const record: EpochRecord = { epoch: k + 1, iterations: k + 1, objective, gap, gapEstimate: gap };
    history.push(record);
    if (options.onEpoch?.(record, x) === 'stop') return { x, history, iterations: k + 1, stoppedBy: 'callback' };
    if (options.tol !== undefined && gap <= options.tol) return { x, history, iterations: k + 1, stoppedBy: 'tolerance' };
  }
  return { x, history, iterations: options.epochs, stoppedBy: 'epochs' };
}
