/**
 * What a started run resolved to, beyond its shape and schedule (pure): the identifier set it trains with (the
 * version its `itemIds` named when it first started) and, for a time-budgeted run, whether its step counts were
 * sized from its measured speed yet. `run.resolved` is free-form JSON, so each is checked before it is shown.
 */
import { z } from 'zod';
import type { Run } from '../../../../preload/api-training';

const SetRef = z.object({ id: z.number(), name: z.string(), version: z.number(), scheme: z.string() });
export type IdSetRef = z.infer<typeof SetRef>;

/** The set the run writes items with; null for titles (no `itemIds`) or before the run resolved it. */
export function identifierSetOf(run: Run): IdSetRef | null {
  const parsed = SetRef.safeParse(run.resolved?.itemIdSet);
  return parsed.success ? parsed.data : null;
}

export interface Budget {
  minutes: number;
  /** The steps were sized from the speed measured over the run's first steps. */
  calibrated: boolean;
  steps: number | null;
  pretrainSteps: number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A time-budgeted run's budget and sizing; null for a run without `minutes`. */
export function budgetOf(run: Run): Budget | null {
  const minutes = num(run.config.minutes);
  if (minutes === null) return null;
  const r = run.resolved;
  return {
    minutes,
    calibrated: r?.calibrated === true,
    steps: num(r?.steps),
    pretrainSteps: num(r?.pretrainSteps),
  };
}
