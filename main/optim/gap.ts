/**
 * Full-pass quantities: the objective, the exact gradient and the Frank-Wolfe gap
 * g(x) = max_{s∈C} ⟨∇f(x), x − s⟩ = ⟨∇f(x), x⟩ − min_{s∈C} ⟨∇f(x), s⟩,
 * which bounds f(x) − f* for convex f and is zero exactly at a solution.
 */
import type { Constraint } from './lmo';
import { dot } from './matrix';
import type { GlmProblem } from './problem';

/** max_{s∈C} ⟨g, x − s⟩ for any direction g: the exact gap with g = ∇f(x), the SFW estimate with g = r. */
export function frankWolfeGap(g: Float64Array, x: Float64Array, constraint: Constraint): number {
  return dot(g, x) - constraint.minInner(g);
}

export function objective(p: GlmProblem, x: Float64Array): number {
  const { features: a, labels, loss } = p;
  let s = 0;
  for (let i = 0; i < a.rows; i++) s += loss.value(a.dotRow(i, x), labels[i]!);
  return s / a.rows;
}

/**
 * f(x) and ∇f(x) = Σ_i (f_i'(a_iᵀx)/n)·a_i in one pass; the coefficient is scaled by the double 1/n the way SFW
 * stores its α, so a fully refreshed SFW aggregate equals this gradient up to summation order.
 */
export function objectiveAndGradient(p: GlmProblem, x: Float64Array, grad: Float64Array): number {
  const { features: a, labels, loss } = p;
  const invN = 1 / a.rows;
  grad.fill(0);
  let s = 0;
  for (let i = 0; i < a.rows; i++) {
    const z = a.dotRow(i, x);
    s += loss.value(z, labels[i]!);
    const c = invN * loss.deriv(z, labels[i]!);
    if (c !== 0) a.addScaledRow(i, c, grad);
  }
  return s / a.rows;
}

export interface Evaluation {
  objective: number;
  /** null when the exact gap was not asked for. */
  gap: number | null;
}

/** One full pass; the gradient pass is skipped when the gap is not wanted. `work` (length d) avoids an allocation. */
export function evaluate(p: GlmProblem, x: Float64Array, exactGap: boolean, work = new Float64Array(p.features.cols)): Evaluation {
  if (!exactGap) return { objective: objective(p, x), gap: null };
  const f = objectiveAndGradient(p, x, work);
  return { objective: f, gap: frankWolfeGap(work, x, p.constraint) };
}
