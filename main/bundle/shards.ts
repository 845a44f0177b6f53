/**
 * A step's batch as shard tensors and back (pure). Positions fit 16 bits (contexts are at most 2,048 tokens), the
 * loss mask and row labels 8 bits; tokens, labels and sep stay 32-bit, so vocabularies of any size fit.
 */
import type { Batch } from '../model/types';
import { SHARD_FIELDS, shardTensor, type ShardField } from './format';
import { toInt32, type NamedTensor, type StoredTensor } from './safetensors';

/** A shard closes once it holds this many bytes of batches (or SHARD_STEPS steps), so no file grows huge. */
export const SHARD_BYTES = 32 * 1024 * 1024;
export const SHARD_STEPS = 1000;

/** The tensors of one step; `rowLabels[r]` is an index into the manifest's label names. */
export function batchTensors(step: number, batch: Batch, rowLabels: readonly number[]): NamedTensor[] {
  const { size: B, length: T } = batch;
  if (rowLabels.length !== B) throw new Error(`step ${step}: ${rowLabels.length} row labels for ${B} rows`);
  const positions = (a: Int32Array, what: string): Int16Array => {
    const out = Int16Array.from(a);
    a.forEach((v, i) => {
      if (v !== out[i]) throw new Error(`step ${step}: ${what} position ${v} does not fit 16 bits`);
    });
    return out;
  };
  const mask = Uint8Array.from(batch.lossMask, (v) => (v ? 1 : 0));
  const labels = Uint8Array.from(rowLabels);
  const data: Record<ShardField, NamedTensor['data']> = {
    tokens: batch.tokens,
    inter: positions(batch.inter, 'inter'),
    intra: positions(batch.intra, 'intra'),
    sep: batch.sep,
    labels: batch.labels,
    lossMask: mask,
    rowLabel: labels,
  };
  return SHARD_FIELDS.map((field) => ({
    name: shardTensor(step, field),
    shape: field === 'sep' || field === 'rowLabel' ? [B] : [B, T],
    data: data[field],
  }));
}

/** The batch of `step` from a decoded shard, and its row labels; `what` names the file in errors. */
export function batchFromShard(
  tensors: ReadonlyMap<string, StoredTensor>,
  step: number,
  what: string,
): { batch: Batch; rowLabels: number[] } {
  const get = (field: ShardField): StoredTensor => {
    const t = tensors.get(shardTensor(step, field));
    if (!t) throw new Error(`${what}: no tensor ${shardTensor(step, field)}`);
    return t;
  };
  const tokens = get('tokens');
  const [B, T] = tokens.shape as [number, number];
  const ints = (field: ShardField): Int32Array => {
    const t = get(field);
    const want = field === 'sep' || field === 'rowLabel' ? [B] : [B, T];
    if (t.shape.join() !== want.join())
      throw new Error(`${what}: ${shardTensor(step, field)} is [${t.shape.join(', ')}], not [${want.join(', ')}]`);
    return toInt32(t, shardTensor(step, field));
  };
  const lossMask = ints('lossMask');
  const batch: Batch = {
    size: B,
    length: T,
    tokens: ints('tokens'),
    inter: ints('inter'),
    intra: ints('intra'),
    sep: ints('sep'),
    labels: ints('labels'),
    lossMask: Float32Array.from(lossMask),
  };
  return { batch, rowLabels: [...ints('rowLabel')] };
}

/** Non-padding tokens of a batch (the runner's count for tokens per second). */
export const realTokens = (batch: Batch): number => batch.tokens.reduce((n, t) => n + (t !== 0 ? 1 : 0), 0);
