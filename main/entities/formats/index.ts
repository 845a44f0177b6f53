import type { SpanFormat } from '../../../preload/api-entities';
import { conll } from './conll';
import { doccano } from './doccano';
import { hf } from './hf';
import { labelstudio } from './labelstudio';
import { prodigy } from './prodigy';
import type { SpanFormatModule } from './types';

export const FORMATS: Record<SpanFormat, SpanFormatModule> = { labelstudio, prodigy, doccano, conll, hf };
export * from './types';
