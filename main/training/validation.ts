/**
 * The validation curve: the model's loss on the run's validation examples (corpus.valid), without dropout —
 * the cross-entropy the training loss is, on examples the run never trains on. Token-weighted, so the figure for
 * a family equals the model's loss on one batch holding all of that family's examples, however they are batched.
 */
import * as tf from '@tensorflow/tfjs-core';
import { lossPositions, type Glm } from '../model/glm';
import type { Batch } from '../model/types';
import type { ValidationPoint } from '../../preload/api-training';

export interface LabelledBatch {
  batch: Batch;
  /** Each row's family. */
  labels: readonly string[];
}

/** Loss over all the batches' target positions, overall and per family label (one host read per batch). */
export function validationLoss(model: Pick<Glm, 'loss'>, batches: readonly LabelledBatch[]): Omit<ValidationPoint, 'step'> {
  const sums = new Map<string, { ce: number; positions: number }>();
  let examples = 0;
  for (const { batch, labels } of batches) {
    const { counts } = lossPositions(batch);
    const out = model.loss(batch, { training: false });
    const perRow = out.perRow.dataSync();
    tf.dispose([out.loss, out.perRow]);
    labels.forEach((label, row) => {
      const n = counts[row]!;
      if (n === 0) return;
      const e = sums.get(label) ?? { ce: 0, positions: 0 };
      // perRow is the row's mean over its positions: times their count gives back its sum.
      e.ce += perRow[row]! * n;
      e.positions += n;
      sums.set(label, e);
      examples++;
    });
  }
  let ce = 0;
  let positions = 0;
  for (const e of sums.values()) {
    ce += e.ce;
    positions += e.positions;
  }
  return {
    loss: positions > 0 ? ce / positions : NaN,
    byFamily: Object.fromEntries([...sums].map(([f, e]) => [f, e.ce / e.positions])),
    examples,
  };
}

/**
 * Steps between validation passes: about 20 points per curve, and never so often that scoring the validation
 * batches (a forward pass each, about a third of a training step) costs more than ~7 % of the training time.
 */
export function validationEvery(totalSteps: number, validBatches: number): number {
  return Math.max(1, Math.ceil(totalSteps / 20), 5 * validBatches);
}
