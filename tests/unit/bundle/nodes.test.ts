/**
 * Several machines, played on one: each "node" is one train.py process with the environment torchrun gives a worker
 * of `torchrun --nnodes=2 --nproc_per_node=1` on its node (RANK, WORLD_SIZE, LOCAL_RANK 0, LOCAL_WORLD_SIZE 1,
 * MASTER_ADDR, MASTER_PORT). With a shared --out the run is the 1-process run; nodes that resume from different
 * checkpoints (an --out that is not shared) stop with a message that says so instead of training apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train, TINY, workspace } from '../training/helpers';
import { close, freePort, metricsFile, PYTHON, steps, TORCH_SKIP, trainPy, writeBundle } from './helpers';

interface NodeResult {
  code: number | null;
  lines: Record<string, unknown>[];
  stderr: string;
}

/** Starts one train.py per node, each with its own --out, and waits for all of them. */
async function asNodes(dir: string, outs: string[], args: string[]): Promise<NodeResult[]> {
  const port = await freePort();
  return Promise.all(
    outs.map(
      (out, rank) =>
        new Promise<NodeResult>((resolve) => {
          const child = spawn(PYTHON, [join(dir, 'train.py'), '--out', out, ...args], {
            cwd: dir,
            env: {
              ...process.env,
              OPENBLAS_NUM_THREADS: '1',
              OMP_NUM_THREADS: '1',
              RANK: String(rank),
              GROUP_RANK: String(rank),
              WORLD_SIZE: String(outs.length),
              LOCAL_RANK: '0',
              LOCAL_WORLD_SIZE: '1',
              MASTER_ADDR: '127.0.0.1',
              MASTER_PORT: String(port),
            },
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
          child.on('close', (code) => {
            clearTimeout(timer);
            const lines = stdout
              .split('\n')
              .filter((l) => l.startsWith('{'))
              .map((l) => JSON.parse(l) as Record<string, unknown>);
            resolve({ code, lines, stderr });
          });
        }),
    ),
  );
}

test(
  'two nodes with a shared output folder train the 1-process run; nodes that would resume apart are stopped',
  { skip: TORCH_SKIP, timeout: 600_000 },
  async () => {
    const { studio, sampleId } = await workspace();
    const run = await train(studio, sampleId, { ...TINY, steps: 4 });
    assert.equal(run.status, 'done', run.error ?? '');
    const tmp = mkdtempSync(join(tmpdir(), 'studio-nodes-'));
    const b = await writeBundle(studio, run.id, { step: 0, out: join(tmp, 'b') });
    const one = trainPy(b.dir, ['--out', join(tmp, 'one')]);
    assert.equal(one.code, 0, one.stderr);
    const reference = steps(one.lines);

    const shared = join(tmp, 'shared');
    const [n0, n1] = await asNodes(b.dir, [shared, shared], []);
    assert.equal(n0!.code, 0, n0!.stderr);
    assert.equal(n1!.code, 0, n1!.stderr);
    assert.equal((n0!.lines[0] as { world: number }).world, 2);
    assert.deepEqual(n1!.lines, [], 'only rank 0 reports');
    const got = steps(n0!.lines);
    assert.deepEqual(
      got.map((s) => s.step),
      [0, 1, 2, 3],
    );
    got.forEach((s, i) =>
      assert.ok(close(s.loss, reference[i]!.loss, 1e-5), `step ${i}: 2 nodes ${s.loss}, 1 process ${reference[i]!.loss}`),
    );
    assert.ok(existsSync(join(shared, 'step-0000004.safetensors')));
    assert.equal(metricsFile(shared).length, 4, 'rank 0 alone writes the metrics');

    // Node 0 finds a checkpoint at step 2 in its folder, node 1 none in its own: both stop, saying why.
    const a = join(tmp, 'node0');
    assert.equal(trainPy(b.dir, ['--steps', '2', '--out', a]).code, 0);
    const apart = await asNodes(b.dir, [a, join(tmp, 'node1')], []);
    for (const r of apart) {
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /train\.py: error: the processes found checkpoints of different steps \(0 to 2\).*every node shares/);
    }
    await studio.close();
  },
);
