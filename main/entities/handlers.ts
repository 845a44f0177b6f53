import type { Handlers } from '../handlers';
import { StudioError } from '../errors';
import type { Studio } from '../studio';

type EntityCall = Extract<keyof Handlers, `entities.${string}`>;
const todo = (): never => {
  throw new StudioError('internal', 'not implemented yet');
};
/** The entities calls bound to the entities service. */
export function entityHandlers(_studio: Studio): Pick<Handlers, EntityCall> {
  return {
    'entities.profiles.get': todo,
    'entities.profiles.save': todo,
    'entities.profiles.preview': todo,
    'entities.textualize': todo,
    'entities.records.list': todo,
    'entities.records.get': todo,
    'entities.spans.save': todo,
    'entities.records.review': todo,
    'entities.labels.list': todo,
    'entities.labels.save': todo,
    'entities.labels.delete': todo,
    'entities.preannotate': todo,
    'entities.agreement': todo,
    'entities.adjudicate': todo,
    'entities.maskPreview': todo,
    'entities.export': todo,
    'entities.import': todo,
    'entities.stats': todo,
  };
}
