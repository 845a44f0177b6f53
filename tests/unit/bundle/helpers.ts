/** Shared by the bundle tests: PyTorch's presence, running train.py, reading what it wrote. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Written } from '../../../main/bundle/service';
import type { Studio } from '../../../main/studio';

export const PYTHON = process.env.STUDIO_PYTHON ?? '/usr/bin/python3';

function torchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch, torch.distributed as d; assert d.is_gloo_available()'], { encoding: 'utf8' });
  return r.status === 0 ? null : `PyTorch with gloo is not installed for ${PYTHON} (${(r.stderr || r.error?.message || '').trim().split('\n').pop()})`;
}

/**
 * Skip reason for the tests that run PyTorch, or false to run them. Where STUDIO_REQUIRE_TORCH=1 (CI, which installs
 * python3-torch) they always run, so a missing PyTorch turns the suite red instead of skipping.
 */
export const TORCH_SKIP: string | false = process.env.STUDIO_REQUIRE_TORCH === '1' ? false : (torchMissing() ?? false);

/** Runs train.py of a bundle (one process, or N through torchrun's launcher); stdout's JSON lines parsed. */
export function trainPy(dir: string, args: string[]): { code: number; lines: Record<string, unknown>[]; stderr: string } {
  const r = spawnSync(PYTHON, [join(dir, 'train.py'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
    timeout: 300_000,
  });
  const lines = (r.stdout ?? '')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: r.status ?? -1, lines, stderr: r.stderr ?? '' };
}

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
