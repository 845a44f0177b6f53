import type { Handlers } from '../handler-types';
import type { EvaluationService } from './service';

type EvaluationCall = Extract<keyof Handlers, `evaluation.${string}`>;

/** The evaluation calls bound to the evaluation service; nothing else lives here. */
export function evaluationHandlers(studio: { evaluation: EvaluationService }): Pick<Handlers, EvaluationCall> {
  const { evaluation } = studio;
  return {
    'evaluation.report': ({ runId, split }) => evaluation.report(runId, split),
    'evaluation.baselines': ({ datasetId, seed, refresh, compute }) =>
      compute ? evaluation.baselines(datasetId, seed, refresh) : evaluation.storedBaselines(datasetId, seed),
  };
}
