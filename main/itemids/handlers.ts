import type { Handlers } from '../handler-types';
import type { ItemIdService } from './service';
import type { EvaluationService } from '../evaluation/service';

type ItemIdCall = Extract<keyof Handlers, `itemids.${string}`>;

/** The itemids calls bound to the identifier service (and the comparison, which reads runs and their evaluations). */
export function itemIdHandlers(studio: {
  itemIds: ItemIdService;
  evaluation: Pick<EvaluationService, 'compareIdentifiers'>;
}): Pick<Handlers, ItemIdCall> {
  const { itemIds } = studio;
  return {
    'itemids.list': ({ datasetId }) => itemIds.list(datasetId),
    'itemids.get': ({ id }) => itemIds.get(id),
    'itemids.build': (req) => itemIds.build(req),
    'itemids.items': ({ id, ...q }) => itemIds.items(id, q),
    'itemids.map': ({ id }) => itemIds.map(id),
    'itemids.delete': ({ id }) => ({ deleted: itemIds.delete(id) }),
    'itemids.compare': ({ datasetId }) => studio.evaluation.compareIdentifiers(datasetId),
  };
}
