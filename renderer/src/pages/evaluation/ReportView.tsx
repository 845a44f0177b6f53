/** A run's report: per family, every metric on seen and unseen templates, a per-template breakdown, and the notes. */
import type { EvaluationReport } from '../../../../preload/api-generation';
import { templateOrder, useTemplates } from '../generations/genData';
import { fmtMetric, metricHint, orderMetrics } from './metrics';

type FamilyReport = EvaluationReport['families'][number];

export function ReportView({ report, caption }: { report: EvaluationReport; caption: (family: FamilyReport) => string }) {
  return (
    <div className="eval-report" data-testid="eval-report">
      {report.families.map((f) => (
        <FamilyCard key={f.family} family={f} caption={caption(f)} />
      ))}
    </div>
  );
}

function FamilyCard({ family: f, caption }: { family: FamilyReport; caption: string }) {
  const keys = orderMetrics([...Object.keys(f.seen), ...Object.keys(f.unseen)]);
  const templates = Object.keys(f.byTemplate).sort((a, b) => templateOrder(a) - templateOrder(b));
  const templateKeys = orderMetrics(templates.flatMap((t) => Object.keys(f.byTemplate[t] ?? {})));
  const known = useTemplates(f.family);
  const seenOf = (id: string): boolean | undefined => known?.find((t) => t.id === id)?.seen;
  return (
    <section className="card eval-family" data-testid={`eval-family-${f.family}`} data-family={f.family}>
      <h3>
        {f.family}{' '}
        <span className="muted eval-sets">
          from set{f.sets.length === 1 ? '' : 's'} {f.sets.map((s) => `#${s}`).join(', ')}
        </span>
      </h3>
      <table className="table compact eval-table" data-testid="eval-family-table">
        <caption className="eval-caption">{caption}</caption>
        <thead>
          <tr>
            <th>metric</th>
            <th className="num">seen templates</th>
            <th className="num">unseen templates</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k} data-testid="eval-metric-row" data-metric={k}>
              <th scope="row" title={metricHint(k)}>
                {k}
              </th>
              <td className="num" data-testid="eval-seen">
                {fmtMetric(k, f.seen[k])}
              </td>
              <td className="num" data-testid="eval-unseen">
                {fmtMetric(k, f.unseen[k])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {templates.length > 0 && (
        <details className="eval-templates" data-testid="eval-templates">
          <summary>By template ({templates.length})</summary>
          <div className="eval-scroll">
            <table className="table compact eval-table">
              <thead>
                <tr>
                  <th>template</th>
                  {templateKeys.map((k) => (
                    <th key={k} className="num" title={metricHint(k)}>
                      {k}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {templates.map((t) => (
                  <tr key={t} data-testid="eval-template-row" data-template={t}>
                    <th scope="row" className="nowrap">
                      <code>{t}</code>{' '}
                      {seenOf(t) !== undefined && (
                        <span className={`badge ${seenOf(t) ? 'tpl-badge-seen' : 'tpl-badge-unseen'}`}>
                          {seenOf(t) ? 'seen' : 'unseen'}
                        </span>
                      )}
                    </th>
                    {templateKeys.map((k) => (
                      <td key={k} className="num">
                        {fmtMetric(k, f.byTemplate[t]?.[k])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}
