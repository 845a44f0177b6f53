/** The LUM page's reads, kept live by `lum.changed` (a training run emits it every step; reads are throttled). */
import type { CallResult } from '../../../../preload/api';
import type { LumRun } from '../../../../preload/api-lum';
import { call, on } from '../../client';
import { useLive } from '../../live';

export type LumDetail = CallResult<'lum.get'>;
export type LumFields = CallResult<'lum.fields'>;

const useLiveLum = <T>(key: string, load: () => Promise<T>, relevant: (runId: number) => boolean, context: string): T | null | undefined =>
  useLive(
    key,
    load,
    (changed) =>
      on('lum.changed', ({ runId }) => {
        if (relevant(runId)) changed();
      }),
    context,
  );

/** The dataset's LUM runs, newest first, each with its newest rankings. */
export function useLumRuns(datasetId: number): LumRun[] | null | undefined {
  return useLiveLum(
    `lum:${datasetId}`,
    () => call('lum.list', { datasetId }),
    () => true,
    'Loading LUM runs',
  );
}

export function useLumDetail(runId: number): LumDetail | null | undefined {
  return useLiveLum(
    `lum-run:${runId}`,
    () => call('lum.get', { id: runId }),
    (id) => id === runId,
    `Loading LUM run ${runId}`,
  );
}

/** The item fields a run can condition on; they never change for a dataset. */
export function useLumFields(datasetId: number): LumFields | null | undefined {
  return useLive(
    `lum-fields:${datasetId}`,
    () => call('lum.fields', { datasetId }),
    () => () => {},
    'Loading the item fields',
  );
}

export const VARIANT_LABEL = {
  full: 'with LUM features',
  without: 'without LUM features',
  direct: 'ablation: direct features only',
  noCond: 'ablation: no condition tokens',
} as const;
