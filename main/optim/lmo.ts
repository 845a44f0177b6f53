/**
 * Constraint sets C and their linear minimization oracles LMO(g) = argmin_{s∈C} ⟨g, s⟩: the one thing Frank-Wolfe
 * asks of C. Each oracle also returns the attained value min_s ⟨g, s⟩, which is all the Frank-Wolfe gap needs.
 * Ties pick the first index (numpy's argmax, as copt does), so trajectories are reproducible and comparable.
 */
import { badInput } from '../errors';
import { denseOperator, topSingularPair, type SingularOptions } from './singular';

export type ConstraintName = 'l1' | 'l2' | 'simplex' | 'box' | 'nuclear';

export interface Constraint {
  readonly name: ConstraintName;
  readonly radius: number;
  /** Writes argmin_{s∈C} ⟨g, s⟩ into out (length d) and returns ⟨g, s⟩. */
  lmo(g: Float64Array, out: Float64Array): number;
  /** min_{s∈C} ⟨g, s⟩, without building s. */
  minInner(g: Float64Array): number;
  /** A feasible point to start from. */
  initial(d: number): Float64Array;
}

function checkRadius(radius: number): void {
  if (!Number.isFinite(radius) || radius <= 0) throw badInput(`the radius must be a positive number, got ${radius}`);
}

function argmaxAbs(g: Float64Array): number {
  let best = 0;
  let bestAbs = -1;
  for (let j = 0; j < g.length; j++) {
    const a = Math.abs(g[j]!);
    if (a > bestAbs) {
      bestAbs = a;
      best = j;
    }
  }
  return best;
}

/** {x : ‖x‖₁ ≤ R}: the vertex −R·sign(g_j)·e_j at j = argmax |g_j| (s = 0 when g = 0, as np.sign gives). */
export function l1Ball(radius: number): Constraint {
  checkRadius(radius);
  return {
    name: 'l1',
    radius,
    lmo(g, out) {
      out.fill(0);
      if (g.length === 0) return 0;
      const j = argmaxAbs(g);
      if (g[j] === 0) return 0;
      out[j] = g[j]! > 0 ? -radius : radius;
      return out[j]! * g[j]!;
    },
    minInner(g) {
      return g.length === 0 ? 0 : -radius * Math.abs(g[argmaxAbs(g)]!);
    },
    initial: (d) => new Float64Array(d),
  };
}

function norm2(g: Float64Array): number {
  let s = 0;
  for (let j = 0; j < g.length; j++) s += g[j]! * g[j]!;
  return Math.sqrt(s);
}

/** {x : ‖x‖₂ ≤ R}: s = −R·g/‖g‖₂. */
export function l2Ball(radius: number): Constraint {
  checkRadius(radius);
  return {
    name: 'l2',
    radius,
    lmo(g, out) {
      const n = norm2(g);
      if (n === 0) {
        out.fill(0);
        return 0;
      }
      let v = 0;
      for (let j = 0; j < g.length; j++) {
        out[j] = (-radius * g[j]!) / n;
        v += out[j]! * g[j]!;
      }
      return v;
    },
    minInner: (g) => -radius * norm2(g),
    initial: (d) => new Float64Array(d),
  };
}

/** {x ≥ 0 : Σx = R}: the vertex R·e_j at j = argmin g_j. */
export function simplex(radius: number): Constraint {
  checkRadius(radius);
  const argmin = (g: Float64Array): number => {
    let best = 0;
    for (let j = 1; j < g.length; j++) if (g[j]! < g[best]!) best = j;
    return best;
  };
  return {
    name: 'simplex',
    radius,
    lmo(g, out) {
      out.fill(0);
      if (g.length === 0) return 0;
      const j = argmin(g);
      out[j] = radius;
      return radius * g[j]!;
    },
    minInner: (g) => (g.length === 0 ? 0 : radius * g[argmin(g)]!),
    // The barycentre: the one point of the scaled simplex that favours no coordinate.
    initial: (d) => new Float64Array(d).fill(d > 0 ? radius / d : 0),
  };
}

/** [−R, R]^d: s_j = −R·sign(g_j), and 0 where g_j = 0 (any value in [−R, R] is optimal there). */
export function box(radius: number): Constraint {
  checkRadius(radius);
  return {
    name: 'box',
    radius,
    lmo(g, out) {
      let v = 0;
      for (let j = 0; j < g.length; j++) {
        out[j] = g[j]! > 0 ? -radius : g[j]! < 0 ? radius : 0;
        v += out[j]! * g[j]!;
      }
      return v;
    },
    minInner(g) {
      let s = 0;
      for (let j = 0; j < g.length; j++) s += Math.abs(g[j]!);
      return -radius * s;
    },
    initial: (d) => new Float64Array(d),
  };
}

/**
 * {X ∈ R^{rows×cols} : ‖X‖_* ≤ R} for x = X flattened row-major: S = −R·u₁v₁ᵀ from the top singular pair of G,
 * so ⟨G, S⟩ = −R·σ_max(G). The pair comes from Lanczos by default (singular.ts), accurate to its tolerance, so
 * the returned value is −R·σ with σ ≤ σ_max, σ ≈ σ_max.
 */
export function nuclearBall(radius: number, rows: number, cols: number, solver: SingularOptions = {}): Constraint {
  checkRadius(radius);
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) throw badInput(`invalid matrix shape ${rows}×${cols}`);
  const top = (g: Float64Array) => {
    if (g.length !== rows * cols)
      throw badInput(`a ${rows}×${cols} nuclear-norm ball needs vectors of length ${rows * cols}, got ${g.length}`);
    return topSingularPair(denseOperator(g, rows, cols), solver);
  };
  return {
    name: 'nuclear',
    radius,
    lmo(g, out) {
      const { u, v, sigma } = top(g);
      if (sigma === 0) {
        out.fill(0);
        return 0;
      }
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = -radius * u[i]! * v[j]!;
      return -radius * sigma;
    },
    minInner: (g) => {
      const { sigma } = top(g);
      return sigma === 0 ? 0 : -radius * sigma;
    },
    initial: (d) => new Float64Array(d),
  };
}

export function makeConstraint(name: Exclude<ConstraintName, 'nuclear'>, radius: number): Constraint {
  switch (name) {
    case 'l1':
      return l1Ball(radius);
    case 'l2':
      return l2Ball(radius);
    case 'simplex':
      return simplex(radius);
    case 'box':
      return box(radius);
  }
}
