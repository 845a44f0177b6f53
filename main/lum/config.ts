/** A LUM run's configuration resolved to the model's shape (the preset, then any explicit key). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LUM_PRESETS, type LumConfig } from '../../preload/api-lum';
import { StudioError } from '../errors';
import type { LumVocab } from './data';
import type { LumShape } from './model';

export { LumConfig, DEFAULT_LUM_STEPS } from '../../preload/api-lum';

/** Files in a run's folder: its vocabularies, the request to stop after the current step. */
export const VOCAB_FILE = 'vocab.json';
export const STOP_FILE = 'STOP';

export function resolveShape(c: LumConfig, vocab: LumVocab): LumShape {
  const p = LUM_PRESETS[c.preset];
  const shape: LumShape = {
    items: vocab.itemIds.length + 1,
    conditions: vocab.conditionValues.length + 1,
    titleWords: vocab.titleWords.length + 1,
    attrTokens: vocab.attrTokens.length + 1,
    layers: c.layers ?? p.layers,
    width: c.width ?? p.width,
    heads: c.heads ?? p.heads,
    ffn: c.ffn ?? p.ffn,
    contextLength: c.contextLength ?? p.contextLength,
    dropout: c.dropout,
    temperature: c.temperature,
  };
  if (shape.width % shape.heads !== 0) throw new RangeError(`width ${shape.width} is not divisible by heads ${shape.heads}`);
  return shape;
}

export function readVocab(runDir: string): LumVocab {
  const file = join(runDir, VOCAB_FILE);
  if (!existsSync(file)) throw new StudioError('not_found', `the run's vocabularies are missing: ${file}`);
  return JSON.parse(readFileSync(file, 'utf8')) as LumVocab;
}
