import type { Handlers } from '../handler-types';
import type { GenerationService } from './service';

type GenerationCall = Extract<keyof Handlers, `generations.${string}`>;

/** The generations calls bound to the generation service; nothing else lives here. */
export function generationHandlers(studio: { generation: GenerationService }): Pick<Handlers, GenerationCall> {
  const { generation } = studio;
  return {
    'generations.start': (args) => generation.start(args),
    'generations.resume': ({ setId }) => generation.resume(setId),
    'generations.sets': ({ runId }) => generation.sets(runId),
    'generations.rows': ({ setId, ...q }) => generation.rows(setId, q),
    'generations.delete': ({ setId }) => ({ deleted: generation.delete(setId) }),
  };
}
