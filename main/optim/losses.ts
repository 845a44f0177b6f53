/**
 * Per-sample losses f_i(p) of a generalized linear model, as functions of the prediction p = a_iᵀx and the label b.
 * The solvers need only the value (for the objective) and the derivative (for the gradient a_i · f_i'(p)).
 */
export type LossName = 'logistic' | 'squared';

export interface Loss {
  readonly name: LossName;
  value(p: number, b: number): number;
  deriv(p: number, b: number): number;
  /** Why a label is unusable with this loss, or undefined when it is fine. */
  checkLabel(b: number): string | undefined;
}

/** f(p) = log(1 + eᵖ) − b·p with b ∈ [0, 1] (copt's LogLoss); both branches avoid overflow of eᵖ. */
export const logistic: Loss = {
  name: 'logistic',
  value(p, b) {
    return (p > 0 ? p + Math.log1p(Math.exp(-p)) : Math.log1p(Math.exp(p))) - b * p;
  },
  // copt's form: σ(p) − b evaluated without computing e^{|p|}.
  deriv(p, b) {
    if (p < 0) {
      const e = Math.exp(p);
      return ((1 - b) * e - b) / (1 + e);
    }
    const e = Math.exp(-p);
    return (1 - b - b * e) / (1 + e);
  },
  checkLabel(b) {
    return Number.isFinite(b) && b >= 0 && b <= 1 ? undefined : `logistic labels must lie in [0, 1], found ${b}`;
  },
};

/** f(p) = ½(p − b)². */
export const squared: Loss = {
  name: 'squared',
  value(p, b) {
    const r = p - b;
    return 0.5 * r * r;
  },
  deriv(p, b) {
    return p - b;
  },
  checkLabel(b) {
    return Number.isFinite(b) ? undefined : `labels must be finite numbers, found ${b}`;
  },
};

export const LOSSES: Record<LossName, Loss> = { logistic, squared };

export function sigmoid(p: number): number {
  if (p >= 0) return 1 / (1 + Math.exp(-p));
  const e = Math.exp(p);
  return e / (1 + e);
}
