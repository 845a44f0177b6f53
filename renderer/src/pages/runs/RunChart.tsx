/** A line chart in a card that takes the card's width, with an optional log-scale switch and smoothing slider. */
import { useMemo, useState } from 'react';
import { LineChart, type Series } from '../../components/LineChart';
import { smoothPoints } from '../../components/smoothing';
import { useElementWidth } from '../../hooks';
import { MAX_DOTS, pointCount } from './curves';

interface Props {
  title: string;
  series: Series[];
  yLabel: string;
  testid: string;
  /** Offer a log-scale y axis (losses span a decade or two). */
  logToggle?: boolean;
  /** Offer TensorBoard-style smoothing (noisy losses): the smoothed curve over the faint raw one. */
  smoothing?: boolean;
  height?: number;
  /** Said in place of the plot while no series has a point. */
  empty?: string;
}

/** Smoothing weights kept per chart kind for the session, as TensorBoard keeps its slider. */
const remembered = new Map<string, number>();

export function RunChart({ title, series, yLabel, testid, logToggle, smoothing, height = 220, empty }: Props) {
  const [ref, width] = useElementWidth<HTMLDivElement>(420);
  const [logY, setLogY] = useState(false);
  const [weight, setWeightState] = useState(() => (smoothing ? (remembered.get(testid) ?? 0.6) : 0));
  const setWeight = (w: number): void => {
    remembered.set(testid, w);
    setWeightState(w);
  };
  const shown = useMemo(
    () =>
      weight > 0
        ? [
            ...series.map((s) => ({ ...s, name: `${s.name} (raw)`, faint: true })),
            ...series.map((s) => ({ ...s, points: smoothPoints(s.points, weight) })),
          ]
        : series,
    [series, weight],
  );
  return (
    <div className="card run-chart" ref={ref}>
      <div className="run-chart-head">
        <h3>{title}</h3>
        {smoothing && (
          <label className="small run-chart-smoothing" title="Exponential moving average, as TensorBoard smooths (0: raw)">
            smoothing
            <input
              type="range"
              min={0}
              max={0.99}
              step={0.01}
              value={weight}
              onChange={(e) => setWeight(Number(e.target.value))}
              aria-label={`${title}: smoothing`}
              data-testid={`${testid}-smoothing`}
            />
            <span className="run-chart-smoothing-value" data-testid={`${testid}-smoothing-value`}>
              {weight.toFixed(2)}
            </span>
          </label>
        )}
        {logToggle && (
          <label className="checkbox small">
            <input type="checkbox" checked={logY} onChange={(e) => setLogY(e.target.checked)} data-testid={`${testid}-log`} /> log scale
          </label>
        )}
      </div>
      {empty && pointCount(series) === 0 ? (
        <p className="muted run-chart-empty" data-testid={`${testid}-empty`}>
          {empty}
        </p>
      ) : (
        <LineChart
          series={shown}
          xLabel="step"
          yLabel={yLabel}
          logY={logY}
          dots={pointCount(series) <= MAX_DOTS}
          width={Math.max(240, width - 24)}
          height={height}
          testid={testid}
        />
      )}
    </div>
  );
}
