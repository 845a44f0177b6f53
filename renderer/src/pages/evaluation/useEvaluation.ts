/** What the Evaluation page shows: the runs with a checkpoint, the one picked (by address or last generated from), its report and sets. */
import type { DatasetSummary } from '../../../../preload/api';
import type { ExampleSplit } from '../../../../preload/api-templates';
import { navigate, type EvaluationRoute } from '../../route';
import { runFacts } from '../generations/genForm';
import { useGenerationSets } from '../generations/genData';
import { describeDecoding } from '../generations/SetList';
import { useRunList } from '../runs/runsData';
import { useReport } from './evalData';

export function useEvaluation(dataset: DatasetSummary, route: EvaluationRoute) {
  const runs = useRunList(dataset.id);
  const ready = runs ? runs.filter((r) => r.lastCheckpoint !== null) : runs;
  const allSets = useGenerationSets(ready ? ready.map((r) => r.id) : ready);
  // Without a run in the address, open the run generated from last (its newest set), not merely the newest run.
  const pickId = route.runId ?? (allSets === undefined ? undefined : (allSets?.[0]?.runId ?? ready?.[0]?.id ?? null));
  const run = ready && pickId !== undefined ? (ready.find((r) => r.id === pickId) ?? null) : null;
  const report = useReport(run?.id ?? null, route.split);
  const sets = allSets ? allSets.filter((s) => s.runId === run?.id) : allSets;
  const seed = run ? runFacts(run).splitSeed : 1;
  const runLabel = run ? `run #${run.id}` : 'run';
  const go = (runId: number, split: ExampleSplit): void => navigate({ page: 'evaluation', datasetId: dataset.id, runId, split });

  const sequential = report?.families.find((f) => f.family === 'sequential') ?? null;
  const failureSet = sequential ? (sets?.find((s) => s.id === sequential.sets[0]) ?? null) : null;
  const limitOf = (setIds: readonly number[]): number | null => {
    const limits = (sets ?? []).filter((s) => setIds.includes(s.id) && s.limit !== null).map((s) => s.limit as number);
    return limits.length ? Math.max(...limits) : null;
  };
  const decodingOf = (setIds: readonly number[]): string =>
    (sets ?? [])
      .filter((s) => setIds.includes(s.id))
      .map((s) => `set #${s.id} ${describeDecoding(s)}`)
      .join('; ');

  return { ready, pickId, run, report, seed, runLabel, go, failureSet, limitOf, decodingOf };
}
export type EvaluationState = ReturnType<typeof useEvaluation>;
