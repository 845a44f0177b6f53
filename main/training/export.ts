/** Merged-weight export (runs in a worker): a LoRA run's checkpoint → one plain checkpoint with W0 + (α/r)·BA. */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../model/backend';
import { loadCheckpoint, readCheckpointHeader, saveCheckpoint } from '../model/checkpoint';
import { createGlm } from '../model/glm';
import { addLora, mergeLora } from '../model/lora';

export async function exportMerged(checkpoint: string, out: string): Promise<void> {
  await initBackend();
  const header = await readCheckpointHeader(checkpoint);
  const adapted = createGlm(header.config, 0);
  if (header.lora) addLora(adapted, header.lora, 0);
  await loadCheckpoint(checkpoint, adapted, null);
  const merged = mergeLora(adapted);
  const plain = createGlm(header.config, 0);
  for (const [name, value] of merged) plain.param(name).assign(value);
  await saveCheckpoint(out, plain, null, { ...header.meta, mergedFrom: checkpoint });
  tf.dispose([...merged.values()]);
}
