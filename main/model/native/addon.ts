/**
 * The project's native kernels (native/, a Node-API addon built by node-gyp at install time; issue #9). N-API
 * keeps one build good for Node and Electron alike. Loading never throws past `loadNativeAddon`'s caller: a
 * missing or stale build is a reason the back-end ladder reports, and training falls to the wasm rung.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NativeInfo {
  /** The GEMM in use: a system BLAS found at run time, else the project's own SGEMM. */
  blas: string;
  threads: number;
  /** The instruction set the project's own SGEMM runs with on this CPU. */
  isa: string;
}

/** The addon's functions. Arrays are typed-array views (often straight onto the wasm heap); sizes are checked natively. */
export interface NativeAddon {
  info(): NativeInfo;
  setThreads(n: number): void;
  /** C_i = op(A_i)·op(B_i) (+ bias) for i < batch; a stride of 0 broadcasts one matrix to every problem. */
  gemm(
    batch: number,
    m: number,
    n: number,
    k: number,
    transposeA: boolean,
    transposeB: boolean,
    a: Float32Array,
    strideA: number,
    b: Float32Array,
    strideB: number,
    c: Float32Array,
    bias: Float32Array | null,
  ): void;
  /** out = x with axes permuted (4-byte elements; int32 data goes through as a Float32Array view of the same bytes). */
  transpose(x: Float32Array, out: Float32Array, shape: Int32Array, perm: Int32Array): void;
  /** rows × len elements from src[srcOffset + r·srcStride …] to dst[dstOffset + r·dstStride …]. */
  copyRows(
    src: Float32Array,
    srcOffset: number,
    srcStride: number,
    dst: Float32Array,
    dstOffset: number,
    dstStride: number,
    rows: number,
    len: number,
  ): void;
  /** out[i] = x[idx[i]] for rows of `inner`; returns −1, or the first i whose index is outside [0, rows). */
  gatherRows(x: Float32Array, rows: number, inner: number, idx: Int32Array, out: Float32Array): number;
  /** out[s] = Σ x[i] over ids[i] = s (negative ids dropped); returns −1, or the first i whose id is ≥ segments. */
  scatterAddRows(x: Float32Array, ids: Int32Array, inner: number, segments: number, out: Float32Array): number;
  slice(x: Float32Array, out: Float32Array, shape: Int32Array, begin: Int32Array, size: Int32Array): void;
  layerNorm(
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    n: number,
    d: number,
    eps: number,
    y: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
  ): void;
  layerNormGrad(
    dy: Float32Array,
    x: Float32Array,
    gamma: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    n: number,
    d: number,
    dx: Float32Array,
    dgamma: Float32Array,
    dbeta: Float32Array,
  ): void;
  gelu(x: Float32Array, y: Float32Array): void;
  geluGrad(dy: Float32Array, x: Float32Array, dx: Float32Array): void;
  /** softmax(scale·x + mask) per row; row r adds mask row ⌊r/group⌋·period + r mod period. */
  softmax(
    x: Float32Array,
    mask: Float32Array | null,
    period: number,
    group: number,
    scale: number,
    rows: number,
    cols: number,
    y: Float32Array,
  ): void;
  softmaxGrad(p: Float32Array, dp: Float32Array, rows: number, cols: number, ds: Float32Array): void;
  crossEntropy(logits: Float32Array, labels: Int32Array, n: number, v: number, loss: Float32Array, probs: Float32Array): void;
  crossEntropyGrad(probs: Float32Array, labels: Int32Array, dy: Float32Array, n: number, v: number, dz: Float32Array): void;
  adamw(
    p: Float32Array,
    g: Float32Array,
    m: Float32Array,
    v: Float32Array,
    coef: number,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    bc1: number,
    bc2: number,
    decay: number,
    pOut: Float32Array,
    mOut: Float32Array,
    vOut: Float32Array,
  ): void;
  /** out[i] = a[i mod |a|] op b[i mod |b|] (op 0 add, 1 subtract, 2 multiply); both sizes divide |out|. */
  binary(op: 0 | 1 | 2, a: Float32Array, b: Float32Array, out: Float32Array): void;
  sumSquares(x: Float32Array): number;
  /** The multipliers of mulberry32(seed)'s stream: 0 where a draw is below rate, else 1/(1 − rate). */
  dropoutMask(seed: number, rate: number, out: Float32Array): void;
}

const FUNCTIONS: (keyof NativeAddon)[] = [
  'info',
  'setThreads',
  'gemm',
  'transpose',
  'copyRows',
  'slice',
  'gatherRows',
  'scatterAddRows',
  'layerNorm',
  'layerNormGrad',
  'gelu',
  'geluGrad',
  'softmax',
  'softmaxGrad',
  'crossEntropy',
  'crossEntropyGrad',
  'adamw',
  'binary',
  'sumSquares',
  'dropoutMask',
];

/** The repository root: the folder above this file (main/model/native or out/main) that holds native/binding.gyp. */
function nativeFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 5; k++) {
    if (existsSync(join(dir, 'native', 'binding.gyp'))) return join(dir, 'native');
    dir = dirname(dir);
  }
  throw new Error('the native/ sources are not next to the studio');
}

export const ADDON_PATH = ['build', 'Release', 'studio_kernels.node'];
/** Where the install step leaves the reason it could not build the addon. */
export const BUILD_ERROR_FILE = 'build-error.txt';

let cached: { addon?: NativeAddon; error?: Error } | null = null;

/** Loads the addon once; throws an Error whose message says why it cannot run here. */
export function loadNativeAddon(): NativeAddon {
  if (!cached) cached = tryLoad();
  if (cached.error) throw cached.error;
  return cached.addon!;
}

function tryLoad(): { addon?: NativeAddon; error?: Error } {
  if (process.env.STUDIO_NATIVE === 'off') return { error: new Error('native kernels turned off (STUDIO_NATIVE=off)') };
  try {
    const folder = nativeFolder();
    const file = join(folder, ...ADDON_PATH);
    if (!existsSync(file)) {
      const log = join(folder, BUILD_ERROR_FILE);
      const why = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n')[0] : 'the addon has not been built';
      return { error: new Error(`native kernels not built (${why}); \`npm run build:native\` builds them`) };
    }
    const addon = createRequire(import.meta.url)(file) as Partial<NativeAddon>;
    const missing = FUNCTIONS.filter((f) => typeof addon[f] !== 'function');
    if (missing.length > 0) {
      return { error: new Error(`native kernels are out of date (no ${missing.join(', ')}); \`npm run build:native\` rebuilds them`) };
    }
    return { addon: addon as NativeAddon };
  } catch (e) {
    return { error: new Error(`native kernels could not load: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`) };
  }
}
