/**
 * Stochastic Frank-Wolfe for generalized linear models (Négiar et al., ICML 2020), exactly as copt's
 * `minimize_sfw(variant='SAG')` computes it (shared/docs/sfw.md §2): one stored derivative α_i per sample,
 * the aggregate r = Σ_i α_i a_i updated in O(nnz of the batch), s_t = LMO(r), x ← x + γ_t(s_t − x), γ_t = 2/(t+2)
 * with t counted per iteration from 0 (γ_0 = 1, so x_1 = s_0), α₀ = 0 and r₀ = 0 (sfw.md A1, A2).
 * An epoch is ⌊n/B⌋ iterations.
 *
 * Gap estimate (sfw.md §5, A3). We report ĝ = max_{s∈C} ⟨r, x − s⟩ with r the aggregate after the epoch's last
 * update and x the iterate after it (the "post" estimate): the same x whose objective and exact gap the epoch
 * record holds, so ĝ and g are comparable point for point, and ĝ → g as the stored derivatives catch up with x
 * (|g − ĝ| ≤ 2R‖∇f(x) − r‖_∞ for the ℓ1 ball). ĝ is NOT an upper bound on g, least of all early on: samples not
 * yet visited contribute nothing to r, and stale α_i lag x, so ĝ can be several times smaller than g in the first
 * epochs. The stopping rule below therefore never trusts ĝ alone when anything better is at hand.
 *
 * Stopping (a real rule, not copt's ‖x_{t+1} − x_t‖₁ < tol, which only ends the inner loop and repeats γ; sfw.md §4):
 * with `tol` set, a run stops at the end of an epoch when every sample has been visited at least once (before
 * that r is not an estimate of any gradient), ĝ ≤ tol, and — when the exact gap is computed, the default — the
 * exact gap ≤ tol as well, so a stop is certified whenever it can be.
 */
import { frankWolfeGap, evaluate } from './gap';
import { checkBatch, checkCommon, checkProblem, type CommonOptions, type EpochRecord, type GlmProblem, type SolveResult } from './problem';
import { canScaleL1, plainIterate, scaledL1Iterate, scaledL1PaysOff } from './iterate';
import { makeSampler, type Sampler, type SamplerSpec } from './sampler';

export interface SfwOptions extends CommonOptions {
  /** B ≥ 1; default 1. */
  batchSize?: number;
  /** Default cyclic. */
  sampler?: SamplerSpec | Sampler;
  /**
   * On CSR features with the ℓ1 ball, hold x as c·y with an incrementally kept argmax (iterate.ts): about
   * O(nnz of the batch) per iteration instead of O(d). 'auto' (default) uses it where a batch touches at most a
   * quarter of the coordinates on average; true uses it whenever the features are CSR and C is the ℓ1 ball; false
   * never. Both forms take the same steps and agree to rounding.
   */
  scaledL1?: boolean | 'auto';
}

/** How a visited sample's stored derivative is refreshed, and the step sizes: the one place SFW and MHK differ. */
export interface MemoryRule {
  /** γ_t. */
  step(t: number): number;
  /** The new α_i from the old one and f_i'(a_iᵀx_t). */
  refresh(old: number, deriv: number, t: number): number;
  /** r·gradientScale estimates ∇f (1 when α is stored pre-divided by n). */
  gradientScale: number;
}

export function sagRule(n: number): MemoryRule {
  // α is stored pre-multiplied by the double 1/n (sfw.md §7), so r is on the gradient's scale.
  const invN = 1 / n;
  return { step: (t) => 2 / (t + 2), refresh: (_old, deriv) => invN * deriv, gradientScale: 1 };
}

export function sfw(problem: GlmProblem, options: SfwOptions): SolveResult {
  return stochasticFrankWolfe(problem, options, sagRule(problem.features.rows));
}

/** The shared loop of the stochastic variants with one stored scalar per sample (SFW here, MHK in mhk.ts). */
export function stochasticFrankWolfe(problem: GlmProblem, options: SfwOptions, rule: MemoryRule): SolveResult {
  checkProblem(problem);
  const { features: a, labels, loss, constraint } = problem;
  const n = a.rows;
  const d = a.cols;
  checkCommon(options, d);
  const batchSize = options.batchSize ?? 1;
  checkBatch(batchSize, n);
  const sample = makeSampler(options.sampler, n);
  const exactGap = options.exactGap ?? true;
  const itersPerEpoch = Math.floor(n / batchSize);

  const x0 = options.x0 ?? constraint.initial(d);
  const scaled = options.scaledL1 ?? 'auto';
  const form =
    scaled !== false && canScaleL1(a, constraint) && (scaled === true || scaledL1PaysOff(a, batchSize))
      ? scaledL1Iterate(a, constraint.radius, x0)
      : plainIterate(a, constraint, x0, batchSize);
  const alpha = new Float64Array(n);
  const batch = new Int32Array(batchSize);
  const work = new Float64Array(d);
  const seen = new Uint8Array(n);
  let unseen = n;
  const history: EpochRecord[] = [];
  let t = 0;
  let x = form.current();

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    for (let it = 0; it < itersPerEpoch; it++, t++) {
      sample(t, batch);
      for (let k = 0; k < batchSize; k++) {
        const i = batch[k]!;
        const old = alpha[i]!;
        const fresh = rule.refresh(old, loss.deriv(form.predict(i), labels[i]!), t);
        alpha[i] = fresh;
        if (fresh !== old) form.accumulate(i, fresh - old);
        if (seen[i] === 0) {
          seen[i] = 1;
          unseen--;
        }
      }
      form.step(rule.step(t));
    }
    x = form.current();
    const { objective, gap } = evaluate(problem, x, exactGap, work);
    const gapEstimate = frankWolfeGap(form.aggregate, x, constraint) * rule.gradientScale;
    const record: EpochRecord = { epoch, iterations: t, objective, gap, gapEstimate };
    history.push(record);
    if (options.onEpoch?.(record, x) === 'stop') return { x: Float64Array.from(x), history, iterations: t, stoppedBy: 'callback' };
    if (options.tol !== undefined && unseen === 0 && gapEstimate <= options.tol && (gap === null || gap <= options.tol)) {
      return { x: Float64Array.from(x), history, iterations: t, stoppedBy: 'tolerance' };
    }
  }
  return { x: Float64Array.from(x), history, iterations: t, stoppedBy: 'epochs' };
}
