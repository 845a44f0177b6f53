/** A line chart in a card that takes the card's width, with an optional log-scale switch. */
import { useState } from 'react';
import { LineChart, type Series } from '../../components/LineChart';
import { useElementWidth } from '../../hooks';
import { MAX_DOTS, pointCount } from './curves';

interface Props {
  title: string;
  series: Series[];
  yLabel: string;
  testid: string;
  /** Offer a log-scale y axis (losses span a decade or two). */
  logToggle?: boolean;
  height?: number;
}

export function RunChart({ title, series, yLabel, testid, logToggle, height = 220 }: Props) {
  const [ref, width] = useElementWidth<HTMLDivElement>(420);
  const [logY, setLogY] = useState(false);
  return (
    <div className="card run-chart" ref={ref}>
      <div className="run-chart-head">
        <h3>{title}</h3>
        {logToggle && (
          <label className="checkbox small">
            <input type="checkbox" checked={logY} onChange={(e) => setLogY(e.target.checked)} data-testid={`${testid}-log`} /> log scale
          </label>
        )}
      </div>
      <LineChart
        series={series}
        xLabel="step"
        yLabel={yLabel}
        logY={logY}
        dots={pointCount(series) <= MAX_DOTS}
        width={Math.max(240, width - 24)}
        height={height}
        testid={testid}
      />
    </div>
  );
}
