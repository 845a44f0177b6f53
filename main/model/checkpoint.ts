/**
 * Checkpoints: every model variable and the optimizer state (moments and step) in ONE file, written to
 * `<file>.tmp`, flushed, then renamed over `<file>`, so a crash leaves the previous checkpoint or the new one,
 * never half of one. Loading checks the architecture, names and shapes before assigning anything.
 *
 * Layout: 8-byte magic, uint32 LE header length, the JSON header (space-padded to a multiple of 4 bytes), then
 * float32 LE tensors back to back at the offsets the header gives.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { shapeMismatch, type Glm } from './glm';
import type { AdamW } from './optimizer';
import type { LoraConfig, ModelConfig } from './types';

const MAGIC = 'RSCKPT01';
const PARAM = 'param/';
const MOMENT1 = 'adamw.m/';
const MOMENT2 = 'adamw.v/';

export interface CheckpointTensor {
  name: string;
  shape: number[];
  /** Byte offset from the start of the data section. */
  offset: number;
}

export interface CheckpointHeader {
  format: typeof MAGIC;
  config: ModelConfig;
  lora: LoraConfig | null;
  /** Optimizer updates applied when saved; null for a weights-only checkpoint. */
  step: number | null;
  /** The caller's own JSON (run id, seed, data position…), returned as saved. */
  meta: Record<string, unknown>;
  tensors: CheckpointTensor[];
}

/** What a checkpoint reads and writes of a model: the GLM's, or another model's with named variables and a shape. */
export type CheckpointModel = Pick<Glm, 'config' | 'params' | 'lora' | 'param' | 'setWeights'>;

const ARCHITECTURE = ['vocabSize', 'layers', 'width', 'heads', 'ffn', 'maxLength'] as const;

/** Writes model (and optimizer, if given) to `file` atomically; returns the header written. */
export async function saveCheckpoint(
  file: string,
  model: CheckpointModel,
  optimizer: AdamW | null,
  meta: Record<string, unknown> = {},
): Promise<CheckpointHeader> {
  const entries: { name: string; values: Float32Array; shape: number[] }[] = [];
  for (const [name, v] of model.params) entries.push({ name: PARAM + name, values: (await v.data()) as Float32Array, shape: v.shape });
  if (optimizer) {
    const state = await optimizer.exportState();
    for (const name of optimizer.names()) {
      const shape = model.param(name).shape;
      entries.push(
        { name: MOMENT1 + name, values: state.m.get(name)!, shape },
        { name: MOMENT2 + name, values: state.v.get(name)!, shape },
      );
    }
  }
  let offset = 0;
  const tensors = entries.map((e) => {
    const t = { name: e.name, shape: e.shape, offset };
    offset += e.values.byteLength;
    return t;
  });
  const header: CheckpointHeader = {
    format: MAGIC,
    config: { ...model.config },
    lora: model.lora,
    step: optimizer ? optimizer.step : null,
    meta,
    tensors,
  };
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (4 - ((MAGIC.length + 4 + json.length) % 4)) % 4;
  json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const prefix = Buffer.alloc(MAGIC.length + 4);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(json.length, MAGIC.length);

  const tmp = `${file}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.write(prefix);
    await handle.write(json);
    for (const e of entries) await handle.write(new Uint8Array(e.values.buffer, e.values.byteOffset, e.values.byteLength));
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  await rename(tmp, file);
  return header;
}

interface Parsed {
  header: CheckpointHeader;
  data: Buffer;
}

function parse(file: string, bytes: Buffer): Parsed {
  if (bytes.length < MAGIC.length + 4 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC)
    throw new Error(`${file} is not a studio checkpoint`);
  const length = bytes.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  const header = JSON.parse(bytes.toString('utf8', start, start + length)) as CheckpointHeader;
  const data = bytes.subarray(start + length);
  for (const t of header.tensors) {
    const end = t.offset + 4 * t.shape.reduce((a, b) => a * b, 1);
    if (end > data.length) throw new Error(`${file} is truncated: ${t.name} ends at byte ${end} of ${data.length}`);
  }
  return { header, data };
}

/** The header alone (config, LoRA, step, meta, tensor list), e.g. to build the model a checkpoint needs. */
export async function readCheckpointHeader(file: string): Promise<CheckpointHeader> {
  return parse(file, await readFile(file)).header;
}

function tensorsWithPrefix(p: Parsed, prefix: string): Map<string, { shape: number[]; values: Float32Array }> {
  const out = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const t of p.header.tensors) {
    if (!t.name.startsWith(prefix)) continue;
    const n = t.shape.reduce((a, b) => a * b, 1);
    // Copied out: the file buffer need not be 4-byte aligned.
    const values = new Float32Array(n);
    new Uint8Array(values.buffer).set(p.data.subarray(t.offset, t.offset + 4 * n));
    out.set(t.name.slice(prefix.length), { shape: t.shape, values });
  }
  return out;
}

/**
 * Loads `file` into `model` (and `optimizer`, when given: its moments and step). The architecture, the
 * parameter names and every shape must match, or nothing is assigned and the error lists each difference.
 */
export async function loadCheckpoint(file: string, model: CheckpointModel, optimizer: AdamW | null = null): Promise<CheckpointHeader> {
  const p = parse(file, await readFile(file));
  const differences = ARCHITECTURE.filter((k) => p.header.config[k] !== model.config[k]).map(
    (k) => `${k} ${p.header.config[k]} in the checkpoint, ${model.config[k]} in the model`,
  );
  if (differences.length) throw new Error(`checkpoint ${file} is for another architecture: ${differences.join('; ')}`);
  const params = tensorsWithPrefix(p, PARAM);
  const problem = shapeMismatch(
    new Map([...model.params].map(([n, v]) => [n, v.shape])),
    new Map([...params].map(([n, t]) => [n, t.shape])),
    'the checkpoint',
  );
  if (problem) throw new Error(`checkpoint ${file} does not match the model: ${problem}`);
  if (optimizer && p.header.step === null) throw new Error(`checkpoint ${file} holds weights only, no optimizer state`);
  const state = optimizer
    ? {
        step: p.header.step ?? 0,
        m: new Map([...tensorsWithPrefix(p, MOMENT1)].map(([n, t]) => [n, t.values])),
        v: new Map([...tensorsWithPrefix(p, MOMENT2)].map(([n, t]) => [n, t.values])),
      }
    : null;
  const weights = new Map([...params].map(([n, t]) => [n, tf.tensor(t.values, t.shape)]));
  try {
    // importState validates before assigning, so check it first: a failure then leaves the model untouched too.
    if (optimizer && state) optimizer.importState(state);
    model.setWeights(weights, 'the checkpoint');
  } finally {
    tf.dispose([...weights.values()]);
  }
  return p.header;
}
