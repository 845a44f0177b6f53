import type { Handlers } from '../handler-types';
import type { TrainingService } from './service';

type RunCall = Extract<keyof Handlers, `runs.${string}`>;

/** The runs calls bound to the training service; nothing else lives here. */
export function trainingHandlers(studio: { training: TrainingService }): Pick<Handlers, RunCall> {
  const { training } = studio;
  return {
    'runs.list': ({ datasetId }) => training.list(datasetId),
    'runs.get': ({ id }) => training.get(id),
    'runs.metrics': ({ ids }) => training.metrics(ids),
    'runs.start': ({ datasetId, config }) => training.start(datasetId, config),
    'runs.stop': ({ id }) => ({ stopping: training.stop(id) }),
    'runs.resume': ({ id }) => training.resume(id),
    'runs.delete': ({ id }) => ({ deleted: training.delete(id) }),
    'runs.exportMerged': ({ id }) => training.exportMerged(id),
  };
}
