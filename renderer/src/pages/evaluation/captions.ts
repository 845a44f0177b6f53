/**
 * What every figure on the Evaluation page states (DESIGN.md: every reported metric names its split, its candidate
 * set and its seed). The splits are the ones main/templates/data.ts draws examples from. Pure.
 */
import type { ExampleSplit, Family } from '../../../../preload/api-templates';

const LEAVE_ONE_OUT = 'leave-one-out by user: time order, ties kept in source order; test = last item, valid = the one before';
const RATIO = 'the seeded 80/10/10 split by interaction';
const FULL = 'full catalog minus the user’s history';
const SAMPLED = '“(100 sampled)”: the true item and 99 items the user never touched, the list the prompt shows';

export const isRankingFamily = (f: Family): boolean => f === 'sequential' || f === 'direct';

/**
 * Under a family's seen/unseen table. `limited`: the set holds only the first N examples; `decoding`: how its
 * sets decoded (a sampling seed shows there).
 */
export function familyCaption(family: Family, split: ExampleSplit, seed: number, limited: number | null, decoding: string): string {
  const part = limited === null ? '' : ` (first ${limited} examples only)`;
  const how = decoding ? ` Decoding: ${decoding}.` : '';
  if (isRankingFamily(family))
    return `Split: ${split}${part}, ${LEAVE_ONE_OUT}. Candidates: ${FULL}; ${SAMPLED}. Split seed ${seed}.${how}`;
  return `Split: ${split} part of ${RATIO}${part}. Split seed ${seed}.${how}`;
}

/** Under the ranking comparison and its chart. */
export function rankingCaption(split: ExampleSplit, runSeed: number | null, baselineSeed: number): string {
  const studio =
    runSeed === null
      ? ' Generate the sequential family to place the run here.'
      : ` The run’s rows: its sequential generations on ${split} (split seed ${runSeed}).`;
  const mismatch = split === 'test' ? '' : ` The baselines are measured on test, not ${split}.`;
  return `Next-item ranking. Split: ${split}, ${LEAVE_ONE_OUT}. Candidates: ${FULL}; ${SAMPLED}.${studio} Baselines: every user with 2+ items, fit on the items before the last two (split seed ${baselineSeed}).${mismatch}`;
}

export function ratingCaption(split: ExampleSplit, runSeed: number | null, baselineSeed: number): string {
  const studio =
    runSeed === null
      ? ' Generate the rating family to place the run here.'
      : ` The run’s rows: its rating generations on ${split} (split seed ${runSeed}); RMSE and MAE over parsable outputs.`;
  const mismatch = split === 'test' ? '' : ` The baselines are measured on test, not ${split}.`;
  return `Rating prediction. Split: ${split} part of ${RATIO}; every rated interaction of it is a case.${studio} Baselines fit on the train part (split seed ${baselineSeed}).${mismatch}`;
}
