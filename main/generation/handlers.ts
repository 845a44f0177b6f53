import type { Handlers } from '../handlers';
import type { Studio } from '../studio';

type GenerationCall = Extract<keyof Handlers, `generations.${string}` | `evaluation.${string}`>;

/** The generations and evaluation calls bound to the generation service; nothing else lives here. */
export function generationHandlers(studio: Studio): Pick<Handlers, GenerationCall> {
  const { generation } = studio;
  return {
    'generations.start': (args) => generation.start(args),
    'generations.resume': ({ setId }) => generation.resume(setId),
    'generations.sets': ({ runId }) => generation.sets(runId),
    'generations.rows': ({ setId, ...q }) => generation.rows(setId, q),
    'generations.delete': ({ setId }) => ({ deleted: generation.delete(setId) }),
    'evaluation.report': ({ runId, split }) => generation.report(runId, split),
    'evaluation.baselines': ({ datasetId, seed, refresh, compute }) =>
      compute ? generation.baselines(datasetId, seed, refresh) : generation.storedBaselines(datasetId, seed),
  };
}
