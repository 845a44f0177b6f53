import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Manifest } from '../../../main/bundle/format';
import { findPyTorch } from '../../../main/bundle/python';
import { decodeSafetensors, encodeSafetensors, toFloat32, type NamedTensor } from '../../../main/bundle/safetensors';
import { batchFromShard } from '../../../main/bundle/shards';
import { StudioError } from '../../../main/errors';
import { RunConfig, type ResolvedConfig } from '../../../main/training/config';
import { drawBatch } from '../../../main/training/corpus';
import { batchPlan, runCorpus } from '../../../main/training/runner';
import { checkpointParams, train, TINY, workspace } from '../training/helpers';
import { writeBundle } from './helpers';

const root = new URL('../../../', import.meta.url).pathname;

const rejects = async (p: Promise<unknown> | (() => unknown), code: string, message: RegExp): Promise<void> => {
  await assert.rejects(
    async () => (typeof p === 'function' ? p() : p),
    (e: unknown) => e instanceof StudioError && e.code === code && message.test(e.message),
  );
};

test("a bundle holds the studio's own batches, the checkpoint's weights and moments, and the loss of its first step", async () => {
  const { studio, dir, sampleId } = await workspace();
  const run = await train(studio, sampleId, { ...TINY, steps: 6 });
  assert.equal(run.status, 'done', run.error ?? '');
  const out = join(mkdtempSync(join(tmpdir(), 'studio-bundle-')), 'b');
  const w = await writeBundle(studio, run.id, { step: 2, out });
  assert.equal(w.dir, out);
  const m = Manifest.parse(JSON.parse(readFileSync(join(out, 'bundle.json'), 'utf8')));
  assert.equal(m.startStep, 2);
  assert.equal(m.endStep, 6);
  assert.equal(m.adamStep, 2);
  assert.equal(m.run.id, run.id);
  assert.deepEqual(readdirSync(out).sort(), [
    'README.md',
    'bundle.json',
    'parity.safetensors',
    'shards',
    'tokenizer.json',
    'train.py',
    'weights.safetensors',
  ]);
  assert.equal(
    readFileSync(join(out, 'tokenizer.json'), 'utf8'),
    readFileSync(join(dir, 'runs', String(run.id), 'tokenizer.json'), 'utf8'),
  );
  assert.equal(readFileSync(join(out, 'train.py'), 'utf8'), readFileSync(join(root, 'resources/bundle/train.py'), 'utf8'));
  assert.match(readFileSync(join(out, 'README.md'), 'utf8'), new RegExp(`studio runs import-weights ${run.id} checkpoints/`));

  // Every shard batch is drawBatch's, step by step, with the same row labels.
  const config = RunConfig.parse(run.config);
  const resolved = run.resolved as unknown as ResolvedConfig;
  const corpus = runCorpus(studio.db, {
    datasetId: sampleId,
    datasetName: 'sample',
    runDir: join(dir, 'runs', String(run.id)),
    config,
    source: null,
    itemIdSet: null,
  });
  let seen = 0;
  for (const shard of m.shards) {
    const { tensors } = decodeSafetensors(readFileSync(join(out, shard.file)), shard.file);
    for (let step = shard.firstStep; step < shard.firstStep + shard.steps; step++, seen++) {
      const got = batchFromShard(tensors, step, shard.file);
      const want = drawBatch(corpus, batchPlan(config, resolved, 'finetune'), step);
      for (const k of ['tokens', 'inter', 'intra', 'sep', 'labels', 'lossMask'] as const)
        assert.deepEqual([...got.batch[k]], [...want.batch[k]], `step ${step} ${k}`);
      assert.deepEqual(
        got.rowLabels.map((i) => m.rowLabels[i]),
        want.labels,
      );
    }
  }
  assert.equal(seen, 4);

  // The weights are the step-2 checkpoint's, bit for bit, with the AdamW moments of every trained parameter.
  const cp = studio.training.get(run.id).checkpoints.find((c) => c.step === 2)!;
  const want = checkpointParams(cp.file);
  const { tensors, metadata } = decodeSafetensors(readFileSync(join(out, 'weights.safetensors')), 'weights');
  assert.equal(metadata.step, '2');
  assert.equal(metadata.runId, String(run.id));
  for (const [name, values] of want) assert.deepEqual(toFloat32(tensors.get(name)!, name), values, name);
  assert.equal([...tensors.keys()].filter((n) => n.startsWith('adamw.m/')).length, want.size);
  // The parity loss is the loss the studio's own step 2 recorded: training mode, the same dropout masks.
  const recorded = studio.training.get(run.id).metrics.find((x) => x.step === 2)!.loss;
  assert.ok(Math.abs(m.parity.studioLoss - recorded) <= 1e-6 * recorded, `${m.parity.studioLoss} vs ${recorded}`);
  const grads = decodeSafetensors(readFileSync(join(out, 'parity.safetensors')), 'parity').tensors;
  assert.deepEqual(
    [...grads.keys()],
    m.params.filter((p) => p.trainable).map((p) => p.name),
  );

  // Writing again into a folder that holds anything is refused, and so is a step with no checkpoint.
  await rejects(() => studio.bundles.write(run.id, { out }), 'bad_input', /exists and is not empty/);
  await rejects(
    () => studio.bundles.write(run.id, { step: 3 }),
    'bad_input',
    /no checkpoint at step 3 \(it has 2, 4, 6; 0 is its initial weights\)/,
  );
  // The run is done at its newest checkpoint: nothing is left to bundle unless more steps are asked for.
  await rejects(() => studio.bundles.write(run.id, {}), 'bad_input', /finished its 6 steps at step 6: give the number of steps/);
  assert.equal(studio.bundles.status(run.id).bundle, null, 'a failed write leaves no bundle behind');
  assert.deepEqual(
    readdirSync(join(dir, 'runs', String(run.id))).filter((n) => n.includes('bundle')),
    [],
    'nor a half-written folder',
  );

  // Into the workspace: from the initial weights (step 0, no moments), then replaced by a bundle from step 6 on.
  const initial = await writeBundle(studio, run.id, { step: 0, steps: 3 });
  const im = initial.manifest;
  assert.equal(im.startStep, 0);
  assert.equal(im.adamStep, 0);
  assert.equal(initial.dir, studio.bundles.bundleDir(run.id));
  const w0 = decodeSafetensors(readFileSync(join(initial.dir, 'weights.safetensors')), 'w0').tensors;
  assert.equal(
    [...w0.keys()].some((n) => n.startsWith('adamw.')),
    false,
  );
  assert.ok(Math.abs(im.parity.studioLoss - studio.training.get(run.id).metrics[0]!.loss) <= 1e-6 * im.parity.studioLoss);
  await writeBundle(studio, run.id, { steps: 2 });
  const status = studio.bundles.status(run.id);
  assert.equal(status.bundle?.startStep, 6);
  assert.equal(status.bundle?.endStep, 8);
  assert.deepEqual(status.bundle?.checkpoints, []);
  await studio.close();
});

test('import-weights: safetensors by the studio names become a checkpoint of the run; anything else is refused whole', async () => {
  const { studio, dir, sampleId } = await workspace();
  const run = await train(studio, sampleId, { ...TINY, steps: 4 });
  assert.equal(run.status, 'done', run.error ?? '');
  const bundle = await writeBundle(studio, run.id, { steps: 2 });
  const weights = decodeSafetensors(readFileSync(join(bundle.dir, 'weights.safetensors')), 'w');
  const tmp = mkdtempSync(join(tmpdir(), 'studio-import-'));
  const file = (name: string, tensors: NamedTensor[], metadata: Record<string, string>): string => {
    const f = join(tmp, name);
    writeFileSync(f, encodeSafetensors(tensors, metadata));
    return f;
  };
  const named = [...weights.tensors].map(([name, t]) => ({ name, shape: t.shape, data: toFloat32(t, name) }));
  const meta = { ...weights.metadata, step: '9' };
  const runDir = join(dir, 'runs', String(run.id));

  await rejects(
    () => studio.bundles.importWeights(run.id),
    'bad_input',
    /holds no checkpoint \(step-N.safetensors\): train the bundle first/,
  );
  await rejects(() => studio.bundles.importWeights(run.id, join(tmp, 'nope.safetensors')), 'bad_input', /does not exist/);
  writeFileSync(join(tmp, 'junk.safetensors'), 'not a tensor file');
  await rejects(() => studio.bundles.importWeights(run.id, join(tmp, 'junk.safetensors')), 'bad_input', /not a safetensors file/);
  await rejects(
    () => studio.bundles.importWeights(run.id, file('other.safetensors', named, { ...meta, runId: '99' })),
    'bad_input',
    /weights of run 99, not of run/,
  );
  await rejects(
    () => studio.bundles.importWeights(run.id, file('at4.safetensors', named, { ...meta, step: '4' })),
    'conflict',
    /already has a checkpoint at step 4/,
  );
  const wrong = named
    .map((t) => (t.name === 'layer0.qkv.w' ? { ...t, shape: [t.shape[1]!, t.shape[0]!] } : t))
    .filter((t) => t.name !== 'final.ln.beta');
  await rejects(
    studio.bundles.importWeights(run.id, file('wrong.safetensors', wrong, { step: '9' })).done,
    'bad_input',
    /does not fit run \d+'s model: missing from .*: final.ln.beta\. shape mismatch: layer0.qkv.w is \[96, 32\]/,
  );
  assert.equal(existsSync(join(runDir, 'step-0000009.ckpt')), false, 'nothing is written for a refused file');

  // A folder of torch checkpoints: its newest is imported, at the step its metadata names, moments and all.
  const ckdir = join(tmp, 'checkpoints');
  mkdirSync(ckdir);
  writeFileSync(join(ckdir, 'step-0000007.safetensors'), encodeSafetensors(named, { ...meta, step: '7' }));
  writeFileSync(join(ckdir, 'step-0000009.safetensors'), encodeSafetensors(named, meta));
  const r = await studio.bundles.importWeights(run.id, ckdir).done;
  assert.equal(r.step, 9);
  assert.equal(r.withOptimizer, true);
  assert.equal(r.source, join(ckdir, 'step-0000009.safetensors'));
  const cps = studio.training.get(run.id);
  assert.equal(cps.run.lastCheckpoint, 9, 'the imported checkpoint is the run’s newest: generation starts from it');
  const got = checkpointParams(r.file);
  for (const t of named.filter((x) => !x.name.startsWith('adamw.'))) assert.deepEqual(got.get(t.name), t.data, t.name);
  assert.deepEqual(
    studio.bundles.status(run.id).imports.map((i) => [i.step, i.source]),
    [[9, r.source]],
  );
  await studio.close();
});

test('without PyTorch the studio says what is missing and how to install it', async () => {
  const none = await findPyTorch(['/nonexistent/python3']);
  assert.equal(none.available, false);
  assert.match(
    none.message,
    /^PyTorch is not installed \(no Python interpreter found \(tried \/nonexistent\/python3\)\): install it with `sudo apt-get install python3-torch`/,
  );
  const fake = join(mkdtempSync(join(tmpdir(), 'studio-python-')), 'python3');
  writeFileSync(fake, '#!/bin/sh\necho "ModuleNotFoundError: No module named \'torch\'" >&2\nexit 1\n');
  chmodSync(fake, 0o755);
  const bare = await findPyTorch([fake]);
  assert.equal(bare.available, false);
  assert.equal(bare.python, null);
  assert.match(bare.message, new RegExp(`PyTorch is not installed \\(${fake}: ModuleNotFoundError: No module named 'torch'\\)`));
});

test('studio runs bundle and import-weights: JSON summaries, and exit code 2 on bad input', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-cli-bundle-'));
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, ['bin/studio.mjs', ...args, '--data-dir', dataDir], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, STUDIO_DATA_DIR: '' },
    });
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
  };
  const config = join(dataDir, 'run.json');
  writeFileSync(config, JSON.stringify({ ...TINY, steps: 2 }));
  assert.equal(cli(['train', '--dataset', 'sample', '--config', config]).code, 0);
  const out = join(dataDir, 'exported');
  const b = cli(['runs', 'bundle', '1', '--out', out, '--step', '0', '--json']);
  assert.equal(b.code, 0, b.err);
  const summary = JSON.parse(b.out) as { dir: string; startStep: number; endStep: number; steps: number };
  assert.deepEqual([summary.dir, summary.startStep, summary.endStep, summary.steps], [out, 0, 2, 2]);
  const again = cli(['runs', 'bundle', '1', '--out', out]);
  assert.equal(again.code, 2);
  assert.match(again.err, /exists and is not empty/);
  assert.equal(cli(['runs', 'bundle', '1', '--steps', 'x']).code, 2);
  const imp = cli(['runs', 'import-weights', '1', join(dataDir, 'missing')]);
  assert.equal(imp.code, 2);
  assert.match(imp.err, /missing does not exist/);
  assert.match(cli(['runs', 'bundle', '--help']).out, /torchrun R \[--processes N\]/);
});
