/** A set's per-level plots: codebook usage (codes used inside each level's size) and the residual error by level. */
import type { ItemIdSet, ItemIdStats } from '../../../../preload/api-itemids';
import { BarChart } from '../../components/BarChart';
import { LineChart } from '../../components/LineChart';
import { useElementWidth } from '../../hooks';

/** The level index of a semantic set's collision digit (the level after its quantizer's), or null. */
export function digitLevel(set: ItemIdSet): number | null {
  const levels = set.config.levels;
  return set.scheme === 'semantic' && typeof levels === 'number' ? levels : null;
}

export const levelName = (set: ItemIdSet, index: number): string => (index === digitLevel(set) ? 'digit' : `L${index + 1}`);

export function CodebookUsage({ set, stats }: { set: ItemIdSet; stats: ItemIdStats }) {
  const data = stats.levels.map((l, i) => ({ x: i + 1, count: l.codesUsed, of: l.size }));
  return (
    <div className="card chart-card" data-testid="ids-usage">
      <div className="chart-card-header">
        <h3>Codebook usage</h3>
        <span className="hint">
          codes used (bar) of the level&apos;s size (outline){digitLevel(set) === null ? '' : '; digit: the collision digit'}
        </span>
      </div>
      <BarChart data={data} xLabel="level" yLabel="codes" testid="ids-usage-chart" height={220} formatX={(x) => levelName(set, x - 1)} />
    </div>
  );
}

export function ResidualPlot({ set, stats }: { set: ItemIdSet; stats: ItemIdStats }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(420);
  const points = [
    ...(stats.inputNorm === null ? [] : [{ x: 0, y: stats.inputNorm }]),
    ...stats.levels.flatMap((l, i) => (l.residual === null ? [] : [{ x: i + 1, y: l.residual }])),
  ];
  return (
    <div className="card chart-card" ref={ref} data-testid="ids-residual">
      <div className="chart-card-header">
        <h3>Residual error by level</h3>
        <span className="hint">mean squared residual; level 0 is the input</span>
      </div>
      {points.length < 2 ? (
        <p className="chart-empty">
          {set.scheme === 'semantic' ? 'No residuals were recorded.' : `A ${set.scheme} set has no quantizer, so no residual to plot.`}
        </p>
      ) : (
        <LineChart
          series={[{ name: 'residual', color: '#2f5fd0', points }]}
          xLabel="level"
          yLabel="mean squared residual"
          width={Math.max(240, width - 32)}
          height={220}
          testid="ids-residual-chart"
        />
      )}
    </div>
  );
}
