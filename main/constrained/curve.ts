import type { EpochRecord } from '../optim/problem';
import type { CurvePoint, SolverName } from './types';

export type EpochListener = (solver: SolverName, point: CurvePoint) => void | 'stop';

/** A solver's onEpoch that keeps its curve (with wall-clock seconds since it started) and forwards each point. */
export function curveRecorder(
  solver: SolverName,
  onEpoch?: EpochListener,
): { curve: CurvePoint[]; onEpoch: (rec: EpochRecord) => void | 'stop' } {
  const started = performance.now();
  const curve: CurvePoint[] = [];
  return {
    curve,
    onEpoch: (rec) => {
      const point = {
        epoch: rec.epoch,
        objective: rec.objective,
        gap: rec.gap,
        gapEstimate: rec.gapEstimate,
        seconds: (performance.now() - started) / 1000,
      };
      curve.push(point);
      return onEpoch?.(solver, point);
    },
  };
}
