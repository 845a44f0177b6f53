/**
 * The bundled steps' batches, exactly as drawBatch gives them to the runner, written as safetensors shards that
 * close at SHARD_BYTES or SHARD_STEPS.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Batch } from '../model/types';
import type { ResolvedConfig, RunConfig } from '../training/config';
import { drawBatch, type Corpus } from '../training/corpus';
import { batchPlan } from '../training/runner';
import type { ExportMessage } from './export-job';
import { BUNDLE_FORMAT, FILES, type Manifest } from './format';
import { encodeSafetensors, type NamedTensor } from './safetensors';
import { batchTensors, realTokens, SHARD_BYTES, SHARD_STEPS } from './shards';

export interface WrittenSteps {
  shards: Manifest['shards'];
  /** The row labels in the order the shards index them. */
  rowLabels: string[];
  /** Real (not padding) tokens over all bundled batches. */
  tokens: number;
  /** The first step's batch, whose loss and gradients the parity file holds. */
  first: Batch;
}

/** Draws steps start … end − 1 and writes their shards under `dir`. */
export function writeSteps(
  dir: string,
  corpus: Corpus,
  c: RunConfig,
  r: ResolvedConfig,
  range: { start: number; end: number },
  send: (m: ExportMessage) => void,
): WrittenSteps {
  const { start, end } = range;
  const labelIndex = new Map<string, number>();
  const shards: Manifest['shards'] = [];
  let pending: NamedTensor[] = [];
  let pendingBytes = 0;
  let firstStep = start;
  let tokens = 0;
  const flush = (upTo: number): void => {
    if (!pending.length) return;
    const file = `${FILES.shards}/shard-${String(shards.length).padStart(5, '0')}.safetensors`;
    writeFileSync(join(dir, file), encodeSafetensors(pending, { format: BUNDLE_FORMAT, firstStep: String(firstStep) }));
    shards.push({ file, firstStep, steps: upTo - firstStep });
    pending = [];
    pendingBytes = 0;
    firstStep = upTo;
  };
  let first: Batch | null = null;
  for (let step = start; step < end; step++) {
    const drawn = drawBatch(corpus, batchPlan(c, r, step < r.pretrainSteps ? 'pretrain' : 'finetune'), step);
    if (step === start) first = drawn.batch;
    const rows = drawn.labels.map((l) => {
      if (!labelIndex.has(l)) labelIndex.set(l, labelIndex.size);
      return labelIndex.get(l)!;
    });
    const tensors = batchTensors(step, drawn.batch, rows);
    pending.push(...tensors);
    pendingBytes += tensors.reduce((n, t) => n + t.data.byteLength, 0);
    tokens += realTokens(drawn.batch);
    if (pendingBytes >= SHARD_BYTES || step + 1 - firstStep >= SHARD_STEPS) flush(step + 1);
    if ((step - start) % 50 === 0 || step + 1 === end) send({ type: 'progress', done: step + 1 - start, total: end - start });
  }
  flush(end);
  return { shards, rowLabels: [...labelIndex.keys()], tokens, first: first! };
}
