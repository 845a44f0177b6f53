/**
 * The compute back-end ladder of DESIGN.md §Compute: the fastest rung that loads wins, and every rung that
 * was passed over is reported with its reason, so the UI and the run record can say where training runs.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerGradients } from './gradients';
import { NATIVE_BACKEND, registerNativeBackend } from './native/register';
import { registerWasmKernels } from './wasm-kernels';

export const RUNGS = ['tfjs-node-gpu', 'tfjs-node', 'native', 'wasm', 'cpu'] as const;
export type Rung = (typeof RUNGS)[number];

export interface BackendChoice {
  /** The TensorFlow.js back-end name now active ('tensorflow', 'native', 'wasm', 'cpu'). */
  backend: string;
  rung: Rung;
  /** What the rung runs on, where it says more than its name: the native rung's GEMM and thread count. */
  detail?: string;
  /** Rungs above the chosen one that could not load, in ladder order. */
  skipped: { rung: Rung; reason: string }[];
}

export const isRung = (s: string): s is Rung => (RUNGS as readonly string[]).includes(s);

// Node's "Cannot find package 'x' imported from /long/path" reads better without the importing file.
const message = (e: unknown): string =>
  ((e instanceof Error ? e.message : String(e)).split('\n')[0] ?? String(e)).replace(/ imported from \S+$/, '');

/** The SIMD build ships inside the npm package; pointing at its folder explicitly fails early and clearly if it is missing. */
function wasmFolder(): string {
  const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  const folder = dirname(main);
  const simd = join(folder, 'tfjs-backend-wasm-simd.wasm');
  if (!existsSync(simd)) throw new Error(`the SIMD build ${simd} is missing`);
  return `${folder}/`;
}

async function loadWasm(name: string): Promise<void> {
  setWasmPaths(wasmFolder());
  registerWasmKernels();
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} back end did not initialise`);
  if (!tf.env().getBool('WASM_HAS_SIMD_SUPPORT')) throw new Error('this runtime has no WebAssembly SIMD');
}

/** Loads one rung; throws with the reason it cannot run here. */
async function load(rung: Rung): Promise<{ backend: string; detail?: string }> {
  switch (rung) {
    case 'tfjs-node-gpu':
    case 'tfjs-node': {
      // A variable specifier: both packages are optional dependencies, absent on most machines.
      const specifier: string = rung === 'tfjs-node-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
      await import(specifier);
      if (!(await tf.setBackend('tensorflow'))) throw new Error('the tensorflow back end did not initialise');
      return { backend: 'tensorflow' };
    }
    case 'native': {
      // The native kernels share the wasm back end's heap, so its paths and kernels come first.
      setWasmPaths(wasmFolder());
      registerWasmKernels();
      const info = registerNativeBackend();
      await loadWasm(NATIVE_BACKEND);
      return { backend: NATIVE_BACKEND, detail: `${info.blas}, ${info.threads} thread${info.threads === 1 ? '' : 's'}` };
    }
    case 'wasm':
      await loadWasm('wasm');
      return { backend: 'wasm' };
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('the cpu back end did not initialise');
      return { backend: 'cpu' };
  }
}

/**
 * Chooses and activates a back end. An explicit choice (`prefer`, else env STUDIO_BACKEND) is the only rung
 * tried and fails loudly; otherwise the ladder runs top-down. Safe to call again (it switches back ends).
 */
export async function initBackend(opts: { prefer?: string; env?: NodeJS.ProcessEnv } = {}): Promise<BackendChoice> {
  // PROD silences tfjs's console advice ("install tfjs-node…", "platform already set"); it changes nothing else in 4.22.
  tf.env().set('PROD', true);
  registerGradients();
  const env = opts.env ?? process.env;
  const explicit = opts.prefer ?? (env.STUDIO_BACKEND || undefined);
  if (explicit !== undefined) {
    if (!isRung(explicit)) throw new Error(`unknown back end "${explicit}"; choose one of ${RUNGS.join(', ')}`);
    try {
      return { ...(await load(explicit)), rung: explicit, skipped: [] };
    } catch (e) {
      throw new Error(`back end "${explicit}" was asked for but cannot run here: ${message(e)}`);
    }
  }
  const skipped: BackendChoice['skipped'] = [];
  for (const rung of RUNGS) {
    try {
      const loaded = await load(rung);
      registerGradients(); // tfjs-node may have brought its own; fill in only what is still missing
      return { ...loaded, rung, skipped };
    } catch (e) {
      skipped.push({ rung, reason: message(e) });
    }
  }
  throw new Error(`no compute back end could start: ${skipped.map((s) => `${s.rung}: ${s.reason}`).join('; ')}`);
}
