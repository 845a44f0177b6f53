/** Models in rows, metrics in column groups, the best of each column in bold; the caption names split, candidates and seed. */
import { bestOf, type ComparisonRow } from './comparison';
import { fmtMetric, lowerIsBetter, metricHint } from './metrics';

export interface ColumnGroup {
  label: string;
  keys: readonly string[];
  /** The header of a key inside the group (drops the group's suffix). */
  short?: (key: string) => string;
}

interface Props {
  rows: readonly ComparisonRow[];
  groups: readonly ColumnGroup[];
  casesLabel: string;
  caption: string;
  testid: string;
}

export function ComparisonTable({ rows, groups, casesLabel, caption, testid }: Props) {
  const keys = groups.flatMap((g) => g.keys);
  const best = new Map(keys.map((k) => [k, bestOf(rows, k, lowerIsBetter(k))]));
  return (
    <div className="eval-scroll">
      <table className="table compact eval-table eval-compare" data-testid={testid}>
        <caption className="eval-caption">{caption}</caption>
        <thead>
          <tr>
            <th rowSpan={2}>model</th>
            <th rowSpan={2} className="num">
              {casesLabel}
            </th>
            {groups.map((g) => (
              <th key={g.label} colSpan={g.keys.length} className="eval-group">
                {g.label}
              </th>
            ))}
          </tr>
          <tr>
            {groups.flatMap((g) =>
              g.keys.map((k) => (
                <th key={k} className="num" title={metricHint(k)}>
                  {g.short ? g.short(k) : k}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.model} className={r.studio ? 'eval-studio-row' : undefined} data-testid="eval-compare-row" data-model={r.model}>
              <th scope="row">{r.model}</th>
              <td className="num">{r.cases === null ? '—' : fmtMetric('examples', r.cases)}</td>
              {keys.map((k) => {
                const v = r.metrics[k];
                const top = v !== undefined && rows.length > 1 && v === best.get(k);
                return (
                  <td key={k} className={top ? 'num eval-best' : 'num'} data-metric={k}>
                    {fmtMetric(k, v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
