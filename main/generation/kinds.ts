/** How a template's output is decoded and scored (pure): a catalog item, one of its answers, or free text. */
import type { TemplateSpec } from '../templates/examples';

export type Kind = 'item' | 'choice' | 'free';

export function kindOf(spec: TemplateSpec): Kind {
  if (spec.paired || spec.answerChoices) return 'choice';
  if ((spec.family === 'sequential' || spec.family === 'direct') && (spec.targetVars.has('item_title') || spec.targetVars.has('item_id')))
    return 'item';
  return 'free';
}
