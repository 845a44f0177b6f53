/**
 * Finding a Python that has PyTorch, without ever needing one: the studio itself runs on Node alone, and only a
 * local launch of a bundle asks for Python. STUDIO_PYTHON names the interpreter (and then only it is tried);
 * otherwise Debian's /usr/bin/python3 (where python3-torch installs), then python3 and python on the PATH. The
 * answer is cached for the process.
 */
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { PyTorchInfo } from '../../preload/api-bundle';

const PROBE = [
  'import json, torch, torch.distributed as d',
  'print(json.dumps({"torch": torch.__version__, "gloo": bool(d.is_available() and d.is_gloo_available()), "gpus": torch.cuda.device_count()}))',
].join('\n');

export const INSTALL_HINT =
  'install it with `sudo apt-get install python3-torch` (Debian, Ubuntu) or `pip install torch`, then check again; the bundle itself runs wherever PyTorch is';

/** Interpreters to try, in order: the one STUDIO_PYTHON names, or the usual places. */
export function candidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return env.STUDIO_PYTHON ? [env.STUDIO_PYTHON] : ['/usr/bin/python3', 'python3', 'python'];
}

interface Probe {
  python: string;
  ok: boolean;
  torch?: string;
  gloo?: boolean;
  gpus?: number;
  why?: string;
}

function probe(python: string): Promise<Probe> {
  return new Promise((resolve) => {
    // Importing torch takes seconds on a busy machine; a minute is the most a check may cost.
    execFile(python, ['-c', PROBE], { timeout: 60_000, env: { ...process.env, OPENBLAS_NUM_THREADS: '1' } }, (err, stdout, stderr) => {
      if (err) {
        const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
        const last = stderr.trim().split('\n').pop() ?? '';
        resolve({ python, ok: false, why: missing ? 'not found' : last || err.message });
        return;
      }
      try {
        const info = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { torch: string; gloo: boolean; gpus: number };
        resolve({ python, ok: true, ...info });
      } catch {
        resolve({ python, ok: false, why: `unexpected output: ${stdout.slice(0, 200)}` });
      }
    });
  });
}

/** The first interpreter with PyTorch, or why none qualifies. */
export async function findPyTorch(pythons: readonly string[] = candidates()): Promise<PyTorchInfo> {
  const cores = availableParallelism();
  const tried: Probe[] = [];
  for (const python of pythons) {
    const p = await probe(python);
    tried.push(p);
    if (!p.ok) continue;
    if (!p.gloo)
      return {
        available: false,
        python,
        torch: p.torch!,
        gloo: false,
        gpus: p.gpus ?? 0,
        cores,
        message: `PyTorch ${p.torch} at ${python} was built without torch.distributed (gloo), which the bundle needs: ${INSTALL_HINT}`,
      };
    const where = p.gpus ? `${p.gpus} GPU${p.gpus > 1 ? 's' : ''} (NCCL)` : `${cores} CPU core${cores > 1 ? 's' : ''} (gloo)`;
    return {
      available: true,
      python,
      torch: p.torch!,
      gloo: true,
      gpus: p.gpus ?? 0,
      cores,
      message: `PyTorch ${p.torch} at ${python}, ${where}`,
    };
  }
  const found = tried.filter((t) => t.why !== 'not found');
  const detail = found.length
    ? found.map((t) => `${t.python}: ${t.why}`).join('; ')
    : `no Python interpreter found (tried ${tried.map((t) => t.python).join(', ')})`;
  return {
    available: false,
    python: null,
    torch: null,
    gloo: false,
    gpus: 0,
    cores,
    message: `PyTorch is not installed (${detail}): ${INSTALL_HINT}`,
  };
}

let cached: Promise<PyTorchInfo> | null = null;

/** findPyTorch once per process; `refresh` looks again (after an install). */
export function pyTorch(refresh = false): Promise<PyTorchInfo> {
  if (!cached || refresh) cached = findPyTorch();
  return cached;
}
