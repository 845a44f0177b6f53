/**
 * PyTorch weights back into the studio (in a worker): a safetensors file by the studio's parameter names becomes a
 * studio checkpoint of the run. Every parameter must be there with its exact shape, and nothing else but AdamW
 * moments; with the moments the checkpoint carries the optimizer too, so the run can resume from it.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../model/backend';
import { saveCheckpoint } from '../model/checkpoint';
import { createGlm, shapeMismatch } from '../model/glm';
import { addLora } from '../model/lora';
import { AdamW } from '../model/optimizer';
import type { LoraConfig, ModelConfig } from '../model/types';
import { MOMENT1, MOMENT2 } from './format';
import { decodeSafetensors, toFloat32 } from './safetensors';

export interface ImportJob {
  runId: number;
  /** The safetensors file to read. */
  file: string;
  /** The studio checkpoint to write. */
  out: string;
  model: ModelConfig;
  lora: LoraConfig | null;
  /** The step the checkpoint is registered at; the optimizer's count comes from the file's adamStep. */
  step: number;
}

export async function importWeights(job: ImportJob): Promise<{ withOptimizer: boolean }> {
  await initBackend({ prefer: 'cpu' });
  const { tensors, metadata } = decodeSafetensors(readFileSync(job.file), job.file);
  const model = createGlm({ ...job.model, dropout: 0 }, 0);
  if (job.lora) addLora(model, job.lora, 0);
  const params = new Map<string, { shape: number[]; values: Float32Array }>();
  const m = new Map<string, Float32Array>();
  const v = new Map<string, Float32Array>();
  for (const [name, t] of tensors) {
    const slot = name.startsWith(MOMENT1) ? m : name.startsWith(MOMENT2) ? v : null;
    if (slot) slot.set(name.slice(MOMENT1.length), toFloat32(t, name));
    else params.set(name, { shape: t.shape, values: toFloat32(t, name) });
  }
  const problem = shapeMismatch(
    new Map([...model.params].map(([n, p]) => [n, p.shape])),
    new Map([...params].map(([n, p]) => [n, p.shape])),
    job.file,
  );
  if (problem) {
    model.dispose();
    throw new Error(`${job.file} does not fit run ${job.runId}'s model${job.lora ? ' (with its LoRA adapters)' : ''}: ${problem}`);
  }
  let optimizer: AdamW | null = null;
  const weights = new Map([...params].map(([n, p]) => [n, tf.tensor(p.values, p.shape)]));
  try {
    if (m.size || v.size) {
      const adamStep = Number(metadata.adamStep ?? job.step);
      optimizer = new AdamW(model.trainable(), { lr: 1, warmupSteps: 0, totalSteps: 1 });
      optimizer.importState({ step: adamStep, m, v });
    }
    model.setWeights(weights, job.file);
    await saveCheckpoint(job.out, model, optimizer, { runId: job.runId, importedFrom: job.file, producer: metadata.producer ?? 'unknown' });
    return { withOptimizer: optimizer !== null };
  } finally {
    tf.dispose([...weights.values()]);
    optimizer?.dispose();
    model.dispose();
  }
}
