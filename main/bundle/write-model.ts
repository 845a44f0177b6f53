/**
 * The model side of a bundle: the studio's loss and gradients on the first batch (the parity file), the weights
 * with Adam's moments, and the identifier list when the run writes items as identifiers.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Db } from '../db/connection';
import type { Glm } from '../model/glm';
import type { AdamW } from '../model/optimizer';
import { stepSeed } from '../model/train-step';
import type { Batch, ModelConfig } from '../model/types';
import { ItemIdStore } from '../itemids/sql';
import type { ExportJob } from './export-job';
import { FILES, type ItemIdsFile, type Manifest, MOMENT1, MOMENT2, WEIGHTS_FORMAT } from './format';
import { encodeSafetensors, type NamedTensor } from './safetensors';

const flat = async (t: tf.Tensor): Promise<Float32Array> => ((await t.data()) as Float32Array).slice();

/** The studio's loss and gradients for one batch in training mode (the step's dropout), with no update. */
function studioGradients(glm: Glm, batch: Batch, seed: number, step: number) {
  const trainable = glm.trainable();
  const { value, grads } = tf.variableGrads(
    () => glm.loss(batch, { training: true, seed: stepSeed(seed, step) }).loss,
    [...trainable.values()],
  );
  return { value, grads: new Map([...trainable].map(([name, v]) => [name, grads[v.name]!] as const)) };
}

/** Writes the parity file (the first batch's gradients) and returns the studio's loss on that batch. */
export async function writeParity(dir: string, glm: Glm, first: Batch, seed: number, start: number): Promise<number> {
  const { value, grads } = studioGradients(glm, first, seed, start);
  const studioLoss = (await value.data())[0]!;
  const gradTensors: NamedTensor[] = [];
  for (const [name, g] of grads) gradTensors.push({ name, shape: g.shape, data: await flat(g) });
  tf.dispose([value, ...grads.values()]);
  writeFileSync(join(dir, FILES.parity), encodeSafetensors(gradTensors, { format: WEIGHTS_FORMAT, step: String(start) }));
  return studioLoss;
}

export async function writeWeights(
  dir: string,
  glm: Glm,
  optimizer: AdamW,
  model: ModelConfig,
  runId: number,
  start: number,
): Promise<void> {
  const weights: NamedTensor[] = [];
  for (const [name, v] of glm.params) weights.push({ name, shape: v.shape, data: await flat(v) });
  // Moments only where the run has taken steps: a fresh AdamW's are zeros, and torch starts from nothing the same.
  if (optimizer.step > 0) {
    const state = await optimizer.exportState();
    for (const name of optimizer.names()) {
      const shape = glm.param(name).shape;
      weights.push({ name: MOMENT1 + name, shape, data: state.m.get(name)! }, { name: MOMENT2 + name, shape, data: state.v.get(name)! });
    }
  }
  writeFileSync(
    join(dir, FILES.weights),
    encodeSafetensors(weights, {
      format: WEIGHTS_FORMAT,
      step: String(start),
      adamStep: String(optimizer.step),
      runId: String(runId),
      model: JSON.stringify(model),
      lora: JSON.stringify(glm.lora),
    }),
  );
}

/** The shards already hold the identifiers as token ids; the list lets a PyTorch user read them back as items. */
export function writeItemIds(db: Db, dir: string, set: NonNullable<ExportJob['itemIdSet']>): Manifest['itemIds'] {
  const file: ItemIdsFile = {
    name: set.name,
    version: set.version,
    scheme: set.scheme,
    items: new ItemIdStore(db).codes(set.id).map((x) => ({ item: x.extId, identifier: x.identifier, codes: x.codes, cold: x.cold })),
  };
  writeFileSync(join(dir, FILES.itemIds), `${JSON.stringify(file)}\n`);
  return { name: set.name, version: set.version, scheme: set.scheme, items: file.items.length, file: FILES.itemIds };
}
