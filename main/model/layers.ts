/**
 * The GLM's building blocks with hand-written backward passes (tf.customGrad): linear layers (plain and tied),
 * layer norm, tanh-GELU and token cross-entropy. Each backward is a few ops chosen for the wasm back end's fast
 * paths instead of the dozen the tape would record, and none needs a registered gradient. Dropout masks are drawn on the host from a seed, so a step's dropout
 * is a pure function of (seed, step, site) on every back end.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32 } from '../random';
import { FUSED, hasFused, runFused, runFused1 } from './fused';

export const LN_EPS = 1e-5;

type Backward = (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[];

/**
 * tf.customGrad with typed positional inputs: `forward(inputs, save)` returns the value and its backward (one
 * gradient per input). The backward may use only what `save` kept: the forward's tidy disposes the rest.
 */
export function withGradient<I extends tf.Tensor[], T extends tf.Tensor>(
  forward: (inputs: I, save: tf.GradSaveFunc) => { value: T; gradFunc: Backward },
): (...inputs: I) => T {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    return forward(args as I, save);
  });
  return (...inputs: I) => f(...inputs) as T;
}

/** Mixes two integers into a 32-bit seed (murmur3 finalizer), so (seed, step, site) give independent streams. */
export function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a >>> 0, 0x9e3779b1) ^ (b >>> 0)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Inverted-dropout multiplier: 0 with probability `rate`, else 1/(1−rate). */
export function dropoutMask(shape: number[], rate: number, seed: number): tf.Tensor {
  if (hasFused(FUSED.dropoutMask)) return runFused1(FUSED.dropoutMask, {}, { shape, rate, seed });
  const n = tf.util.sizeFromShape(shape);
  const values = new Float32Array(n);
  const rng = mulberry32(seed);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < n; i++) values[i] = rng() < rate ? 0 : keep;
  return tf.tensor(values, shape, 'float32');
}

/**
 * a·b for 2-D tensors. On the wasm back end transposes are materialised first: it sends only the plain product
 * (no transpose flag) to XNNPACK, its transposed path is a naive loop about 10× slower, and a transpose is one
 * pass over memory. Every other back end (the native GEMM packs transposed panels for free) takes the flags.
 */
export function mm(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm') return tf.matMul(a, b, transposeA, transposeB) as tf.Tensor2D;
  return tf.matMul(transposeA ? tf.transpose(a) : a, transposeB ? tf.transpose(b) : b) as tf.Tensor2D;
}

/** Σ over rows of x [N, k] → [k], as ones[1, N]·x: tfjs-wasm reduces only along the last axis and transposes first otherwise. */
export function columnSum(x: tf.Tensor): tf.Tensor1D {
  const n = x.shape[0]!;
  return tf.reshape(tf.matMul(tf.ones([1, n]), tf.reshape(x, [n, -1])), [x.size / n]) as tf.Tensor1D;
}

/** x [N, in] · W [in, out] + b, with a backward of plain products: dx = dy·Wᵀ, dW = xᵀ·dy, db = Σ_rows dy. */
export function linear(x: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor1D | null): tf.Tensor2D {
  if (bias) {
    const f = withGradient(([xi, wi, bi]: [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D], save) => {
      save([xi, wi]);
      return {
        value: tf.fused.matMul({ a: xi, b: wi, bias: bi }) as tf.Tensor2D,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
          return [mm(dy, ws, false, true), mm(xs, dy, true, false), columnSum(dy)];
        },
      };
    });
    return f(x, w, bias);
  }
  const f = withGradient(([xi, wi]: [tf.Tensor2D, tf.Tensor2D], save) => {
    save([xi, wi]);
    return {
      value: mm(xi, wi),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [mm(dy, ws, false, true), mm(xs, dy, true, false)];
      },
    };
  });
  return f(x, w);
}

/** h [N, d] · Eᵀ for a table E [V, d] (the tied output layer): dh = dy·E, dE = (hᵀ·dy)ᵀ, the cheaper transposes. */
export function linearTransposed(h: tf.Tensor2D, table: tf.Tensor2D): tf.Tensor2D {
  const f = withGradient(([hi, ei]: [tf.Tensor2D, tf.Tensor2D], save) => {
    save([hi, ei]);
    return {
      value: mm(hi, ei, false, true),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [hs, es] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [mm(dy, es), tf.transpose(mm(hs, dy, true, false))];
      },
    };
  });
  return f(h, table);
}

/** LayerNorm over the last axis of x [N, d]: (x − μ)/√(σ² + ε) · γ + β. */
export function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D): tf.Tensor2D {
  if (hasFused(FUSED.layerNorm)) return fusedLayerNorm(x, gamma, beta);
  const f = withGradient(([xi, g, b]: [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D], save) => {
    const mean = tf.mean(xi, -1, true);
    const centred = tf.sub(xi, mean);
    const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), LN_EPS));
    const xhat = tf.mul(centred, rstd);
    save([xhat, rstd, g]);
    return {
      value: tf.add(tf.mul(xhat, g), b) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xh, rs, gm] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const gx = tf.mul(dy, gm);
        // dx = rstd · (gx − mean(gx) − x̂ · mean(gx · x̂))
        const dx = tf.mul(rs, tf.sub(tf.sub(gx, tf.mean(gx, -1, true)), tf.mul(xh, tf.mean(tf.mul(gx, xh), -1, true))));
        return [dx, columnSum(tf.mul(dy, xh)), columnSum(dy)];
      },
    };
  });
  return f(x, gamma, beta);
}

/** layerNorm as two fused kernels: the forward keeps the row means and inverse deviations for the backward. */
function fusedLayerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D): tf.Tensor2D {
  const f = withGradient(([xi, g, b]: [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D], save) => {
    const [y, mean, rstd] = runFused(FUSED.layerNorm, { x: xi, gamma: g, beta: b }, { eps: LN_EPS }) as [tf.Tensor2D, tf.Tensor, tf.Tensor];
    save([xi, g, mean, rstd]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, gs, ms, rs] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        return runFused(FUSED.layerNormGrad, { dy, x: xs, gamma: gs, mean: ms, rstd: rs });
      },
    };
  });
  return f(x, gamma, beta);
}

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

/**
 * GELU, tanh approximation: 0.5·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³), computed as x·σ(2u) (the same
 * function: 0.5·(1 + tanh u) = σ(2u)) because tfjs-wasm's sigmoid is vectorised and its tanh about 15× slower.
 */
export function gelu<T extends tf.Tensor>(x: T): T {
  if (hasFused(FUSED.gelu)) {
    const fused = withGradient(([xi]: [T], save) => {
      save([xi]);
      return {
        value: runFused1(FUSED.gelu, { x: xi }) as T,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [runFused1(FUSED.geluGrad, { dy, x: saved[0]! })],
      };
    });
    return fused(x);
  }
  const f = withGradient(([xi]: [T], save) => {
    const x2 = tf.square(xi);
    const s = tf.sigmoid(tf.mul(xi, tf.add(tf.mul(x2, 2 * GELU_C * GELU_A), 2 * GELU_C)));
    save([xi, x2, s]);
    return {
      value: tf.mul(xi, s) as T,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, xsq, sg] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        // d/dx x·σ(2u) = σ + x·σ·(1 − σ)·2u′, 2u′ = 2√(2/π)·(1 + 3·0.044715·x²)
        const du2 = tf.add(tf.mul(xsq, 2 * GELU_C * 3 * GELU_A), 2 * GELU_C);
        const d = tf.add(sg, tf.mul(tf.mul(xs, tf.mul(sg, tf.sub(1, sg))), du2));
        return [tf.mul(dy, d)];
      },
    };
  });
  return f(x);
}

/**
 * Per-row cross-entropy of logits [N, V] against host labels [N] (each in [0, V)). With p = softmax(z):
 * loss = logsumexp(z) − z[label] = (max z − z[label]) − log(max p), exact and never log(0), and p is kept for
 * the backward (p − onehot)·dy. tfjs-wasm's softmax is vectorised where its exp is not.
 */
export function crossEntropy(logits: tf.Tensor2D, labels: Int32Array): tf.Tensor1D {
  const [n, v] = logits.shape;
  if (labels.length !== n) throw new Error(`crossEntropy: ${labels.length} labels for ${n} rows`);
  if (hasFused(FUSED.crossEntropy)) {
    const fused = withGradient(([lg]: [tf.Tensor2D], save) => {
      const lab = tf.tensor1d(labels, 'int32');
      const [loss, probs] = runFused(FUSED.crossEntropy, { logits: lg, labels: lab }) as [tf.Tensor1D, tf.Tensor];
      save([probs, lab]);
      return {
        value: loss,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [runFused1(FUSED.crossEntropyGrad, { probs: saved[0]!, labels: saved[1]!, dy })],
      };
    });
    return fused(logits);
  }
  const flatIndex = tf.tensor1d(
    labels.map((label, i) => i * v + label),
    'int32',
  );
  const f = withGradient(([lg]: [tf.Tensor2D], save) => {
    const p = tf.softmax(lg);
    const picked = tf.gather(tf.reshape(lg, [n * v]), flatIndex);
    const value = tf.sub(tf.sub(tf.max(lg, -1), picked), tf.log(tf.max(p, -1))) as tf.Tensor1D;
    // Tensors the backward needs must go through save(): the forward's tidy disposes everything else.
    save([p, tf.tensor1d(labels, 'int32')]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [probs, lab] = saved as [tf.Tensor, tf.Tensor1D];
        const diff = tf.sub(probs, tf.oneHot(lab, v, 1, 0, 'float32'));
        return [tf.mul(diff, tf.reshape(dy, [n, 1]))];
      },
    };
  });
  return f(logits);
}
