/**
 * An independent reference for the optimization tests, transcribed straight from shared/docs/sfw.md §2 (SFW),
 * §3 (MHK) and §6 (deterministic FW): dense number[][] data, plain loops, the ℓ1 ball only, and nothing imported
 * from main/optim, so a shared bug cannot make both sides agree.
 */

/** xorshift32: a different generator from the one in main/optim, so test data does not depend on it. */
export function makeRng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

export function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

export interface Planted {
  a: number[][];
  b: number[];
  w: number[];
  support: number[];
}

/** Dense N(0,1) features with optional sparsity, a planted sparse w and labels ~ Bernoulli(σ(a_iᵀw)). */
export function plantedLogistic(n: number, d: number, support: Record<number, number>, seed: number, density = 1): Planted {
  const rng = makeRng(seed);
  const w = new Array<number>(d).fill(0);
  for (const [j, v] of Object.entries(support)) w[Number(j)] = v;
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: d }, () => (rng() < density ? gaussian(rng) : 0));
    let z = 0;
    for (let j = 0; j < d; j++) z += row[j]! * w[j]!;
    a.push(row);
    b.push(rng() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
  }
  return { a, b, w, support: Object.keys(support).map(Number).sort((p, q) => p - q) };
}

export type RefLoss = 'logistic' | 'squared';

function lossValue(loss: RefLoss, p: number, b: number): number {
  return loss === 'logistic' ? Math.log(1 + Math.exp(p)) - b * p : 0.5 * (p - b) * (p - b);
}

function lossDeriv(loss: RefLoss, p: number, b: number): number {
  return loss === 'logistic' ? 1 / (1 + Math.exp(-p)) - b : p - b;
}

function predict(row: number[], x: number[]): number {
  let p = 0;
  for (let j = 0; j < x.length; j++) p += row[j]! * x[j]!;
  return p;
}

export function refObjective(a: number[][], b: number[], x: number[], loss: RefLoss): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += lossValue(loss, predict(a[i]!, x), b[i]!);
  return s / a.length;
}

export function refGradient(a: number[][], b: number[], x: number[], loss: RefLoss): number[] {
  const g = new Array<number>(x.length).fill(0);
  for (let i = 0; i < a.length; i++) {
    const c = lossDeriv(loss, predict(a[i]!, x), b[i]!) / a.length;
    for (let j = 0; j < x.length; j++) g[j]! += c * a[i]![j]!;
  }
  return g;
}

/** ℓ1-ball LMO as sfw.md §2 states copt's: j* = first argmax |u_j| with u = −g, s = R·sign(u_j*)·e_j*. */
export function refL1Lmo(g: number[], radius: number): number[] {
  let jStar = 0;
  for (let j = 1; j < g.length; j++) if (Math.abs(g[j]!) > Math.abs(g[jStar]!)) jStar = j;
  const s = new Array<number>(g.length).fill(0);
  s[jStar] = radius * Math.sign(-g[jStar]!);
  return s;
}

/** g(x) = ⟨∇f(x), x⟩ + R‖∇f(x)‖_∞ (sfw.md §5). */
export function refGap(a: number[][], b: number[], x: number[], loss: RefLoss, radius: number): number {
  const g = refGradient(a, b, x, loss);
  let inner = 0;
  let sup = 0;
  for (let j = 0; j < x.length; j++) {
    inner += g[j]! * x[j]!;
    sup = Math.max(sup, Math.abs(g[j]!));
  }
  return inner + radius * sup;
}

export interface RefTrace {
  objectives: number[];
  xs: number[][];
}

/** sfw.md §2 (variant SAG) or §3 (MHK), cyclic sampler (tB + k) mod n, x0 = 0, α = 0, r = 0. */
export function refStochastic(
  a: number[][],
  b: number[],
  opts: { loss: RefLoss; radius: number; batch: number; epochs: number; variant?: 'SAG' | 'MHK' },
): RefTrace {
  const n = a.length;
  const d = a[0]!.length;
  const variant = opts.variant ?? 'SAG';
  let x = new Array<number>(d).fill(0);
  const alpha = new Array<number>(n).fill(0);
  const r = new Array<number>(d).fill(0);
  let t = 0;
  const trace: RefTrace = { objectives: [], xs: [] };
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let it = 0; it < Math.floor(n / opts.batch); it++) {
      const gamma = variant === 'SAG' ? 2 / (t + 2) : 2 / (t + 8);
      const rho = Math.pow(2 / (t + 8), 2 / 3);
      for (let k = 0; k < opts.batch; k++) {
        const i = (t * opts.batch + k) % n;
        const deriv = lossDeriv(opts.loss, predict(a[i]!, x), b[i]!);
        const fresh = variant === 'SAG' ? deriv / n : alpha[i]! + rho * (deriv - alpha[i]!);
        const delta = fresh - alpha[i]!;
        alpha[i] = fresh;
        for (let j = 0; j < d; j++) r[j]! += delta * a[i]![j]!;
      }
      const s = refL1Lmo(r, opts.radius);
      x = x.map((xj, j) => xj + gamma * (s[j]! - xj));
      t++;
    }
    trace.objectives.push(refObjective(a, b, x, opts.loss));
    trace.xs.push([...x]);
  }
  return trace;
}

/** sfw.md §6: x_{k+1} = x_k + 2/(k+2)·(LMO(∇f(x_k)) − x_k) from x0 = 0. */
export function refFrankWolfe(a: number[][], b: number[], opts: { loss: RefLoss; radius: number; iterations: number }): RefTrace {
  let x = new Array<number>(a[0]!.length).fill(0);
  const trace: RefTrace = { objectives: [], xs: [] };
  for (let k = 0; k < opts.iterations; k++) {
    const s = refL1Lmo(refGradient(a, b, x, opts.loss), opts.radius);
    x = x.map((xj, j) => xj + (2 / (k + 2)) * (s[j]! - xj));
    trace.objectives.push(refObjective(a, b, x, opts.loss));
    trace.xs.push([...x]);
  }
  return trace;
}

/** Largest singular value by the cyclic Jacobi eigenvalue method on the symmetric GᵀG. */
export function jacobiSigmaMax(g: number[][]): number {
  const m = g.length;
  const n = g[0]!.length;
  const s: number[][] = Array.from({ length: n }, (_, p) =>
    Array.from({ length: n }, (_, q) => {
      let v = 0;
      for (let i = 0; i < m; i++) v += g[i]![p]! * g[i]![q]!;
      return v;
    }),
  );
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += s[p]![q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(s[p]![q]!) < 1e-300) continue;
        const theta = (s[q]![q]! - s[p]![p]!) / (2 * s[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const skp = s[k]![p]!;
          const skq = s[k]![q]!;
          s[k]![p] = c * skp - sn * skq;
          s[k]![q] = sn * skp + c * skq;
        }
        for (let k = 0; k < n; k++) {
          const spk = s[p]![k]!;
          const sqk = s[q]![k]!;
          s[p]![k] = c * spk - sn * sqk;
          s[q]![k] = sn * spk + c * sqk;
        }
      }
    }
  }
  let top = 0;
  for (let p = 0; p < n; p++) top = Math.max(top, s[p]![p]!);
  return Math.sqrt(top);
}
