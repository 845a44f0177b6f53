/**
 * AdamW (decoupled weight decay, as torch.optim.AdamW) with global gradient-norm clipping and a warmup + cosine
 * learning-rate schedule. The update stays on the device: clipping uses the norm as a tensor, so a training step
 * needs no host read here; the norm is handed back for the step's single read. Where the back end has the fused
 * AdamW (the native one, whose memory is the host's), the norm is read directly and each parameter takes one kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { FUSED, hasFused, runFused, runFused1 } from './fused';
import { RUN_DEFAULTS } from '../../preload/api-training';

export interface Schedule {
  lr: number;
  warmupSteps: number;
  totalSteps: number;
}

/** Floor of the cosine decay, as a fraction of the peak learning rate. */
export const FINAL_LR_FRACTION = 0.1;

/**
 * Learning rate at 0-based `step`: linear warmup to `lr` over `warmupSteps` steps (the first step already gets
 * lr/warmupSteps), then cosine decay to 10% of `lr` at `totalSteps`, flat after that.
 */
export function learningRate(step: number, s: Schedule): number {
  if (step < s.warmupSteps) return (s.lr * (step + 1)) / s.warmupSteps;
  const span = Math.max(1, s.totalSteps - s.warmupSteps);
  const progress = Math.min(1, (step - s.warmupSteps) / span);
  return s.lr * (FINAL_LR_FRACTION + (1 - FINAL_LR_FRACTION) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

export interface AdamWOptions extends Schedule {
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled decay, applied to every 2-D weight (matrices and embedding tables), never to biases or LayerNorm. */
  weightDecay: number;
  /** Global gradient-norm clip; 0 or Infinity turns clipping off. */
  clipNorm: number;
}

/** Adam's own constants; the decay and the clip are the run configuration's defaults, not a second copy of them. */
export const ADAMW_DEFAULTS = {
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: RUN_DEFAULTS.weightDecay,
  clipNorm: RUN_DEFAULTS.clipNorm,
} as const;

/** Host copy of the optimizer state, for checkpoints: first and second moments per parameter, and updates applied. */
export interface AdamWState {
  step: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

export class AdamW {
  readonly options: AdamWOptions;
  /** Updates applied so far (the t of Adam's bias correction is step + 1 for the next one). */
  step = 0;
  private readonly params: Map<string, tf.Variable>;
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();

  constructor(params: ReadonlyMap<string, tf.Variable>, options: Partial<AdamWOptions> & Schedule) {
    this.options = { ...ADAMW_DEFAULTS, ...options };
    this.params = new Map(params);
    for (const [name, p] of this.params) {
      // tidy: the zero tensors go, the variables stay.
      this.m.set(
        name,
        tf.tidy(() => tf.variable(tf.zerosLike(p), false)),
      );
      this.v.set(
        name,
        tf.tidy(() => tf.variable(tf.zerosLike(p), false)),
      );
    }
  }

  names(): string[] {
    return [...this.params.keys()];
  }

  /**
   * Clips `grads` (by parameter name) to the global norm, then applies one AdamW update with the learning rate
   * of 0-based `step`. Returns the pre-clip global norm as a scalar tensor the caller disposes, and that rate.
   */
  apply(grads: ReadonlyMap<string, tf.Tensor>, step: number): { gradNorm: tf.Scalar; lr: number } {
    const o = this.options;
    const lr = learningRate(step, o);
    const t = this.step + 1;
    const bc1 = 1 - o.beta1 ** t;
    const bc2 = 1 - o.beta2 ** t;
    if (hasFused(FUSED.adamw) && hasFused(FUSED.globalNorm)) return this.applyFused(grads, lr, bc1, bc2, t);
    const gradNorm = tf.tidy(() => {
      const list = [...this.params.keys()].map((name) => {
        const g = grads.get(name);
        if (!g) throw new Error(`no gradient for ${name}`);
        return [name, g] as const;
      });
      const norm = tf.sqrt(tf.addN(list.map(([, g]) => tf.sum(tf.square(g))))) as tf.Scalar;
      const clip = o.clipNorm > 0 && Number.isFinite(o.clipNorm);
      // torch.nn.utils.clip_grad_norm_: coefficient max_norm / (norm + 1e-6), capped at 1.
      const coef = clip ? tf.minimum(1, tf.div(o.clipNorm, tf.add(norm, 1e-6))) : null;
      for (const [name, g0] of list) {
        const p = this.params.get(name)!;
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        const g = coef ? tf.mul(g0, coef) : g0;
        m.assign(tf.add(tf.mul(m, o.beta1), tf.mul(g, 1 - o.beta1)));
        v.assign(tf.add(tf.mul(v, o.beta2), tf.mul(tf.square(g), 1 - o.beta2)));
        const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), o.eps);
        const decayed = p.rank === 2 && o.weightDecay > 0 ? tf.mul(p, 1 - lr * o.weightDecay) : p;
        p.assign(tf.sub(decayed, tf.mul(tf.div(m, denom), lr / bc1)));
      }
      return norm;
    });
    this.step = t;
    return { gradNorm, lr };
  }

  /** The same update as one fused kernel per parameter; the clip coefficient is read on the host (no wait on wasm/native). */
  private applyFused(
    grads: ReadonlyMap<string, tf.Tensor>,
    lr: number,
    bc1: number,
    bc2: number,
    t: number,
  ): { gradNorm: tf.Scalar; lr: number } {
    const o = this.options;
    const names = [...this.params.keys()];
    const inputs: Record<string, tf.Tensor> = {};
    names.forEach((name, i) => {
      const g = grads.get(name);
      if (!g) throw new Error(`no gradient for ${name}`);
      inputs[`g${i}`] = g;
    });
    const gradNorm = runFused1(FUSED.globalNorm, inputs) as tf.Scalar;
    const norm = gradNorm.dataSync()[0]!;
    const clip = o.clipNorm > 0 && Number.isFinite(o.clipNorm);
    const coef = clip ? Math.min(1, o.clipNorm / (norm + 1e-6)) : 1;
    tf.tidy(() => {
      for (const name of names) {
        const p = this.params.get(name)!;
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        const decay = p.rank === 2 && o.weightDecay > 0 ? 1 - lr * o.weightDecay : 1;
        const [p2, m2, v2] = runFused(
          FUSED.adamw,
          { p, g: grads.get(name)!, m, v },
          { coef, lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps, bc1, bc2, decay },
        ) as [tf.Tensor, tf.Tensor, tf.Tensor];
        m.assign(m2);
        v.assign(v2);
        p.assign(p2);
      }
    });
    this.step = t;
    return { gradNorm, lr };
  }

  /** Copies the moments to the host (checkpoint time only). */
  async exportState(): Promise<AdamWState> {
    // slice(): the cpu back end hands out its own buffer, which must not be shared with the caller.
    const read = async (slots: Map<string, tf.Variable>): Promise<Map<string, Float32Array>> =>
      new Map(await Promise.all([...slots].map(async ([n, t]) => [n, ((await t.data()) as Float32Array).slice()] as const)));
    return { step: this.step, m: await read(this.m), v: await read(this.v) };
  }

  /** Restores moments and step; the names and sizes must match this optimizer's parameters exactly. */
  importState(state: AdamWState): void {
    const problems: string[] = [];
    for (const [name, p] of this.params) {
      for (const [slot, values] of [
        ['m', state.m.get(name)],
        ['v', state.v.get(name)],
      ] as const) {
        if (!values) problems.push(`${slot} of ${name} missing`);
        else if (values.length !== p.size) problems.push(`${slot} of ${name} has ${values.length} values, the parameter ${p.size}`);
      }
    }
    const extra = [...new Set([...state.m.keys(), ...state.v.keys()])].filter((n) => !this.params.has(n));
    if (extra.length) problems.push(`state for parameters this optimizer does not train: ${extra.join(', ')}`);
    if (problems.length) throw new Error(`optimizer state does not match: ${problems.join('; ')}`);
    for (const [name, p] of this.params) {
      this.m.get(name)!.assign(tf.tensor(state.m.get(name)!, p.shape));
      this.v.get(name)!.assign(tf.tensor(state.v.get(name)!, p.shape));
    }
    this.step = state.step;
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    this.m.clear();
    this.v.clear();
  }
}
