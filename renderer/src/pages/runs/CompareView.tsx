/** Several runs' training and validation loss curves overlaid (one plot each), with each run's headline figures. */
import { useMemo } from 'react';
import type { Run } from '../../../../preload/api-training';
import { EmptyState, Spinner } from '../../components/bits';
import { fmtInt } from '../../format';
import { hrefFor } from '../../route';
import { color, compareSeries, compareValidationSeries } from './curves';
import { RunChart } from './RunChart';
import { fmtLoss, StatusBadge } from './RunList';
import { useRunCurves } from './runsData';

export function CompareView({ datasetId, ids, runs }: { datasetId: number; ids: readonly number[]; runs: Run[] }) {
  const curves = useRunCurves(ids);
  const series = useMemo(() => compareSeries(curves ?? []), [curves]);
  const validation = useMemo(() => compareValidationSeries(curves ?? []), [curves]);
  if (ids.length === 0) {
    return (
      <EmptyState title="Pick runs to compare" testid="run-compare-empty">
        <p>Tick two or more runs in the list above and press Compare: their loss curves share one plot.</p>
      </EmptyState>
    );
  }
  if (curves === undefined) return <Spinner label="Loading curves…" />;
  const byId = new Map(runs.map((r) => [r.id, r]));
  return (
    <section className="run-compare" data-testid="run-compare">
      <div className="run-charts">
        <RunChart
          title={`Training loss of ${ids.length} runs`}
          series={series}
          yLabel="loss"
          testid="run-compare-chart"
          logToggle
          smoothing
          height={300}
        />
        <RunChart
          title={`Validation loss of ${ids.length} runs`}
          series={validation}
          yLabel="loss"
          testid="run-compare-valid-chart"
          logToggle
          smoothing
          height={300}
          empty="None of these runs has a validation curve yet (runs record one while fine-tuning)."
        />
      </div>
      <table className="table compact">
        <thead>
          <tr>
            <th />
            <th>Run</th>
            <th>Status</th>
            <th className="num">Steps</th>
            <th className="num">Initial loss</th>
            <th className="num">Final loss</th>
            <th className="num">Tokens/s</th>
            <th>Back end</th>
          </tr>
        </thead>
        <tbody>
          {(curves ?? []).map((c, i) => {
            const r = byId.get(c.id);
            return (
              <tr key={c.id} data-testid="run-compare-row">
                <td>
                  <span className="legend-swatch" style={{ background: color(i) }} />
                </td>
                <td>
                  <a href={hrefFor({ page: 'runs', datasetId, view: 'run', runId: c.id })}>
                    #{c.id} {c.name}
                  </a>
                </td>
                <td>{r && <StatusBadge status={r.status} />}</td>
                <td className="num">{r ? fmtInt(r.stepsDone) : '—'}</td>
                <td className="num">{fmtLoss(r?.summary?.initialLoss ?? c.metrics[0]?.loss)}</td>
                <td className="num">{fmtLoss(r?.summary?.finalLoss ?? r?.lastLoss)}</td>
                <td className="num">{r?.summary ? fmtInt(r.summary.tokensPerSecond) : '—'}</td>
                <td>{r?.backend ? <code>{r.backend}</code> : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
