/** Shared by the bundle tests: PyTorch's presence, running train.py, reading what it wrote. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import type { Written } from '../../../main/bundle/service';
import type { Studio } from '../../../main/studio';

export const PYTHON = process.env.STUDIO_PYTHON ?? '/usr/bin/python3';

function torchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch, torch.distributed as d; assert d.is_gloo_available()'], { encoding: 'utf8' });
  return r.status === 0
    ? null
    : `PyTorch with gloo is not installed for ${PYTHON} (${(r.stderr || r.error?.message || '').trim().split('\n').pop()})`;
}

/**
 * Skip reason for the tests that run PyTorch, or false to run them. Where STUDIO_REQUIRE_TORCH=1 (CI, which installs
 * python3-torch) they always run, so a missing PyTorch turns the suite red instead of skipping.
 */
export const TORCH_SKIP: string | false = process.env.STUDIO_REQUIRE_TORCH === '1' ? false : (torchMissing() ?? false);

type Ran = { code: number; lines: Record<string, unknown>[]; stderr: string };

/** Runs a command in a bundle folder with one BLAS/OpenMP thread per process; stdout's JSON lines parsed. */
function inBundle(command: string, args: string[], dir: string): Ran {
  const r = spawnSync(command, args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
    timeout: 300_000,
  });
  const lines = (r.stdout ?? '')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: r.status ?? -1, lines, stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

/** Runs train.py of a bundle (one process, or N through torchrun's launcher). */
export const trainPy = (dir: string, args: string[]): Ran => inBundle(PYTHON, [join(dir, 'train.py'), ...args], dir);

/** A port nothing listens on now (torchrun's default, 29500, may be taken by another job on a shared machine). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** The torchrun executable PyTorch installs beside its interpreter (Debian: /usr/bin/torchrun; a venv: its bin/). */
export const TORCHRUN = join(dirname(PYTHON), 'torchrun');

/**
 * Why the torchrun executable cannot start anything here, or null: PyTorch 1.13 under Python 3.11 (Debian 12's
 * python3-torch) parses its default `--redirects 0` to None and fails before launching (fixed in PyTorch 2).
 * train.py's own `--nproc_per_node` launcher works around it; the bundle README says so.
 */
export function torchrunBroken(): string | null {
  const r = spawnSync(
    PYTHON,
    [
      '-c',
      'import sys, torch; from torch.distributed.elastic.multiprocessing import Std; print(torch.__version__, sys.version.split()[0]); sys.exit(0 if Std.from_str("0") is Std.NONE else 3)',
    ],
    { encoding: 'utf8' },
  );
  const [torch, python] = (r.stdout ?? '').trim().split(' ');
  // Any other answer (a PyTorch whose Std moved, say): run the executable and let it speak for itself.
  return r.status === 3
    ? `torchrun of PyTorch ${torch} on Python ${python} stops before launching (Std.from_str("0") is None; fixed in PyTorch 2)`
    : null;
}

/** `torchrun ARGS` in a bundle folder, as its README says to run it. */
export const torchrun = (dir: string, args: string[]): Ran => inBundle(TORCHRUN, args, dir);

export interface StepLine {
  step: number;
  loss: number;
  gradNorm: number;
  byFamily: Record<string, number>;
}
export const steps = (lines: Record<string, unknown>[]): StepLine[] => lines.filter((l) => l.event === 'step') as unknown as StepLine[];

export function metricsFile(out: string): StepLine[] {
  const file = join(out, 'metrics.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as StepLine);
}

export const writeBundle = (studio: Studio, runId: number, opts: Parameters<Studio['bundles']['write']>[1] = {}): Promise<Written> =>
  studio.bundles.write(runId, opts).done;

/** |a − b| ≤ tol·max(1, |b|). */
export const close = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
