/**
 * The unit-batch stochastic Frank-Wolfe baseline of Mokhtari, Hassani and Karbasi, in the per-sample-memory form
 * copt implements as `variant='MHK'` (shared/docs/sfw.md §3): on a visit, α_i ← α_i + ρ_t(f_i'(a_iᵀx_t) − α_i)
 * (not divided by n), r = Σ_i α_i a_i, s = LMO(r), γ_t = 2/(t+8), ρ_t = γ_t^{2/3}.
 * r estimates n·∇f; the LMO is blind to a positive scale, and the reported gap estimate divides by n so it is
 * on the same scale as the exact gap. (The paper's own form averages a whole gradient vector,
 * d ← (1−ρ)d + ρ∇f_i; copt's keeps one scalar per sample, which is what the comparison in sfw.md is about.)
 */
import type { GlmProblem, SolveResult } from './problem';
import { stochasticFrankWolfe, type MemoryRule, type SfwOptions } from './sfw';

export function mhkRule(n: number): MemoryRule {
  return {
    step: (t) => 2 / (t + 8),
    refresh: (old, deriv, t) => old + Math.pow(2 / (t + 8), 2 / 3) * (deriv - old),
    gradientScale: 1 / n,
  };
}

/** Batch size defaults to 1, the setting the method is compared in. Same options and records as `sfw`. */
export function mhk(problem: GlmProblem, options: SfwOptions): SolveResult {
  return stochasticFrankWolfe(problem, options, mhkRule(problem.features.rows));
}
