import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { failureMessage, parseTrainLine } from '../../../main/bundle/launch';
import { fillTemplate } from '../../../main/bundle/readme';
import { decodeSafetensors, encodeSafetensors } from '../../../main/bundle/safetensors';
import { batchFromShard, batchTensors } from '../../../main/bundle/shards';
import { collate } from '../../../main/model/types';
import { resourcesDir } from '../../../main/paths';

const example = (n: number, sep: number, offset: number) => ({
  tokens: Array.from({ length: n }, (_, i) => 7 + offset + i),
  inter: Array.from({ length: n }, (_, i) => Math.min(i, sep - 1)),
  intra: Array.from({ length: n }, (_, i) => (i < sep ? 0 : i - sep + 1)),
  sep,
  labels: Array.from({ length: n }, (_, i) => (i < sep ? 0 : 9 + i)),
  lossMask: Array.from({ length: n }, (_, i) => (i < sep ? 0 : 1)),
  family: 'rating',
});

test('a batch goes into a shard and comes back equal, padding and row labels included', () => {
  const batch = collate([example(5, 3, 0), example(8, 4, 100)], 8);
  const bytes = encodeSafetensors(batchTensors(12, batch, [1, 0]));
  const back = batchFromShard(decodeSafetensors(bytes, 's').tensors, 12, 's');
  assert.deepEqual(back.rowLabels, [1, 0]);
  for (const k of ['tokens', 'inter', 'intra', 'sep', 'labels', 'lossMask'] as const)
    assert.deepEqual([...back.batch[k]], [...batch[k]], k);
  assert.equal(back.batch.size, 2);
  assert.equal(back.batch.length, 8);
  assert.throws(() => batchFromShard(decodeSafetensors(bytes, 's').tensors, 13, 's'), /s: no tensor 13\/tokens/);
});

test('positions that do not fit 16 bits are refused rather than wrapped', () => {
  const batch = collate([example(3, 2, 0)]);
  batch.inter[0] = 40000;
  assert.throws(() => batchTensors(0, batch, [0]), /inter position 40000 does not fit 16 bits/);
});

test("train.py's JSON lines parse; torchrun's own output and broken lines are ignored", () => {
  const step = parseTrainLine(
    '{"event": "step", "step": 4, "loss": 5.7, "lr": 0.001, "gradNorm": 2.5, "tokensPerSecond": 900, "elapsed": 1.5, "byFamily": {"rating": 5.1}, "total": 6}',
  );
  assert.equal(step?.event, 'step');
  assert.equal(parseTrainLine('WARNING:torch.distributed.run:'), null);
  assert.equal(parseTrainLine('{"event": "step", "step": 4}'), null);
  assert.equal(parseTrainLine('{"event": "done", "step": 6, "stopped": false}')?.event, 'done');
});

test("a failed launch's message is train.py's own words, else the last line", () => {
  const stderr =
    'train.py: error: 3 processes for a batch of 2 rows: use at most 2\nTraceback (most recent call last):\nChildFailedError: train.py FAILED\n=====\n';
  assert.equal(
    failureMessage(stderr, 1, null),
    'torchrun failed (exit code 1): train.py: error: 3 processes for a batch of 2 rows: use at most 2',
  );
  assert.equal(
    failureMessage('Traceback\nRuntimeError: Gloo connectFullMesh failed\n', 1, null),
    'torchrun failed (exit code 1): RuntimeError: Gloo connectFullMesh failed',
  );
  assert.equal(failureMessage('just this\n', null, 'SIGKILL'), 'torchrun failed (killed by SIGKILL): just this');
});

test('the README template fills every placeholder, and a missing value is an error', () => {
  assert.equal(fillTemplate('run {{a}} of {{b}}', { a: '1', b: 'x' }), 'run 1 of x');
  assert.throws(() => fillTemplate('{{a}} {{c}}', { a: '1' }), /no value for \{\{c\}\}/);
  const template = readFileSync(join(resourcesDir(), 'bundle', 'README.template.md'), 'utf8');
  assert.match(template, /torchrun --nproc_per_node=2 train.py/);
  assert.match(template, /kind: PyTorchJob/);
  assert.match(template, /#SBATCH --nodes=2/);
});
