import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Run } from '../../../preload/api-training';
import { Studio } from '../../../main/studio';
import { parseRunConfig } from '../../../main/training/config';

export async function workspace(): Promise<{ studio: Studio; dir: string; sampleId: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'studio-training-'));
  const studio = await Studio.open({ dataDir: dir, mode: 'serve' });
  return { studio, dir, sampleId: studio.datasets.resolve('sample').id };
}

/** Starts a run and resolves when it has finished (done, stopped or failed). */
export function train(studio: Studio, datasetId: number, config: unknown, onStep?: (runId: number, steps: number) => void): Promise<Run> {
  return new Promise((resolve) => {
    let runId = 0;
    const off = studio.training.onChanged((e) => {
      if (e.runId === runId) onStep?.(runId, studio.training.store.metrics(runId).length);
    });
    runId = studio.training.start(datasetId, parseRunConfig(config), (run) => {
      off();
      resolve(run);
    }).runId;
  });
}

export function resume(studio: Studio, runId: number): Promise<Run> {
  return new Promise((resolve) => studio.training.resume(runId, resolve));
}

/** A tiny, fast configuration on the sample. */
export const TINY = {
  preset: 'tiny',
  layers: 1,
  width: 32,
  heads: 2,
  ffn: 64,
  contextLength: 64,
  vocabSize: 400,
  batchSize: 4,
  families: ['sequential', 'rating'],
  seed: 3,
  checkpointEvery: 2,
  backend: 'wasm',
};

/** Each parameter's float32 values in a studio checkpoint file (layout in main/model/checkpoint.ts). */
export function checkpointParams(file: string): Map<string, Float32Array> {
  const buf = readFileSync(file);
  const len = buf.readUInt32LE(8);
  const header = JSON.parse(buf.subarray(12, 12 + len).toString('utf8')) as {
    tensors: { name: string; shape: number[]; offset: number }[];
  };
  const data = buf.subarray(12 + len);
  return new Map(
    header.tensors
      .filter((t) => t.name.startsWith('param/'))
      .map((t) => {
        const n = t.shape.reduce((a, b) => a * b, 1);
        const out = new Float32Array(n);
        new Uint8Array(out.buffer).set(data.subarray(t.offset, t.offset + 4 * n));
        return [t.name.slice(6), out];
      }),
  );
}
