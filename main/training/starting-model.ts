/**
 * A run's model and optimizer at the point it starts from: its initial weights (or another run's, for a run
 * `from` one), LoRA when configured, then its own checkpoint with the optimizer's state when it resumes. Training
 * and the bundle export build them here, so the bundle holds exactly what the runner would train.
 */
import { loadCheckpoint } from '../model/checkpoint';
import { createGlm, type Glm } from '../model/glm';
import { addLora } from '../model/lora';
import { AdamW } from '../model/optimizer';
import type { ModelConfig } from '../model/types';
import type { RunConfig } from './config';

export interface StartingPoint {
  /** Another run's checkpoint the weights come from when there is no checkpoint of the run's own. */
  source: { checkpoint: string } | null;
  /** The run's own checkpoint to continue from (weights and optimizer). */
  resume: { file: string; step: number } | null;
  warmupSteps: number;
  totalSteps: number;
}

export async function startingModel(
  c: RunConfig,
  shape: ModelConfig,
  from: StartingPoint,
): Promise<{ model: Glm; optimizer: AdamW; step: number }> {
  const model = createGlm(shape, c.seed);
  if (from.source && !from.resume) await loadCheckpoint(from.source.checkpoint, model, null);
  if (c.lora) addLora(model, { rank: c.lora.rank, alpha: c.lora.alpha, targets: c.lora.targets }, c.seed);
  const optimizer = new AdamW(model.trainable(), {
    lr: c.learningRate,
    warmupSteps: from.warmupSteps,
    totalSteps: from.totalSteps,
    weightDecay: c.weightDecay,
    clipNorm: c.clipNorm,
  });
  let step = 0;
  if (from.resume) step = (await loadCheckpoint(from.resume.file, model, optimizer)).step ?? from.resume.step;
  return { model, optimizer, step };
}
