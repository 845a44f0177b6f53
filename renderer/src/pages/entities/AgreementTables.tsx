/** The agreement figures: overall span F1, kappa and disputes; each pair of annotators; each label over all pairs. */
import type { AgreementReport } from '../../../../preload/api-entities';
import { fmtScore } from './shared';

export function AgreementFigures({ data }: { data: AgreementReport }) {
  return (
    <div className="ent-agreement-overall">
      <div className="ent-metric">
        <span className="ent-metric-value" data-testid="ent-agreement-f1">
          {fmtScore(data.overall.f1)}
        </span>
        <span className="muted small">span F1 (exact start, end, label)</span>
      </div>
      <div className="ent-metric">
        <span className="ent-metric-value" data-testid="ent-agreement-kappa">
          {fmtScore(data.overall.kappa)}
        </span>
        <span className="muted small">Cohen’s κ on token labels</span>
      </div>
      <div className="ent-metric">
        <span className="ent-metric-value">{data.disputed.length}</span>
        <span className="muted small">disputed records</span>
      </div>
    </div>
  );
}

export function PairTable({ data }: { data: AgreementReport }) {
  return (
    <div className="card table-card">
      <table className="table" data-testid="ent-agreement-pairs">
        <thead>
          <tr>
            <th>Annotator A</th>
            <th>Annotator B</th>
            <th className="align-right">Records</th>
            <th className="align-right">Span F1</th>
            <th className="align-right">κ</th>
            <th className="align-right">Tokens</th>
            <th>Per label F1</th>
          </tr>
        </thead>
        <tbody>
          {data.pairs.map((p) => (
            <tr key={`${p.a}|${p.b}`} data-testid="ent-agreement-pair">
              <td>{p.a}</td>
              <td>{p.b}</td>
              <td className="align-right">{p.records}</td>
              <td className="align-right">{fmtScore(p.f1)}</td>
              <td className="align-right">{fmtScore(p.kappa)}</td>
              <td className="align-right">{p.tokens}</td>
              <td className="small">
                {p.perLabel.map((l) => (
                  <span key={l.label} className="chip" title={`A ${l.a} · B ${l.b} · matched ${l.matched}`}>
                    {l.label} {fmtScore(l.f1)}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LabelTable({ data, colours }: { data: AgreementReport; colours: ReadonlyMap<string, string> }) {
  return (
    <div className="card table-card">
      <table className="table" data-testid="ent-agreement-labels">
        <thead>
          <tr>
            <th>Label (all pairs)</th>
            <th className="align-right">Spans A</th>
            <th className="align-right">Spans B</th>
            <th className="align-right">Matched</th>
            <th className="align-right">F1</th>
          </tr>
        </thead>
        <tbody>
          {data.perLabel.map((l) => (
            <tr key={l.label}>
              <td>
                <span className="ent-label-dot" style={{ background: colours.get(l.label) ?? '#888' }} /> {l.label}
              </td>
              <td className="align-right">{l.a}</td>
              <td className="align-right">{l.b}</td>
              <td className="align-right">{l.matched}</td>
              <td className="align-right">{fmtScore(l.f1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
