import type { Handlers } from '../handler-types';
import type { LumService } from './service';

type LumCall = Extract<keyof Handlers, `lum.${string}`>;

/** The lum.* calls bound to the LUM service; nothing else lives here. */
export function lumHandlers(studio: { lum: LumService }): Pick<Handlers, LumCall> {
  const { lum } = studio;
  return {
    'lum.fields': ({ datasetId }) => lum.fields(datasetId),
    'lum.list': ({ datasetId }) => lum.list(datasetId),
    'lum.get': ({ id }) => lum.get(id),
    'lum.start': ({ datasetId, config }) => lum.start(datasetId, config),
    'lum.stop': ({ id }) => ({ stopping: lum.stop(id) }),
    'lum.resume': ({ id }) => lum.resume(id),
    'lum.delete': ({ id }) => ({ deleted: lum.delete(id) }),
    'lum.query': ({ runId, users, conditions, top }) => lum.query({ runId, users, conditions, top }),
    'lum.rank': ({ runId, variants, seed }) => lum.rank(runId, variants, undefined, seed),
  };
}
