/** Agreement between annotators (span F1, Cohen's kappa; per pair and per label), disputed records, adjudication. */
import { useCallback, useEffect, useState } from 'react';
import type { AgreementReport, RecordDetail, Span } from '../../../../preload/api-entities';
import { MACHINE_ANNOTATOR } from '../../../../preload/api-entities';
import { call, on } from '../../client';
import { EmptyState, Spinner } from '../../components/bits';
import { SpanText } from '../../components/entities/SpanText';
import { toInput } from '../../components/entities/spanModel';
import { useReportError } from '../../errors';
import { hrefFor } from '../../route';
import { fmtScore } from './shared';

export function AgreementView({
  datasetId,
  recordId,
  adjudicator,
  colours,
}: {
  datasetId: number;
  recordId: number | null;
  adjudicator: string;
  colours: ReadonlyMap<string, string>;
}) {
  const report = useReportError();
  const [data, setData] = useState<AgreementReport | null>(null);
  const load = useCallback(() => {
    call('entities.agreement', { datasetId }).then(setData, (e: unknown) => report(e, 'Agreement'));
  }, [datasetId, report]);
  useEffect(() => {
    load();
    let t: ReturnType<typeof setTimeout> | null = null;
    const off = on('entities.changed', (p) => {
      if (p.datasetId !== datasetId) return;
      if (t) clearTimeout(t);
      t = setTimeout(load, 400);
    });
    return () => {
      off();
      if (t) clearTimeout(t);
    };
  }, [load, datasetId]);

  if (!data) return <Spinner />;
  const href = (id: number | null) => hrefFor({ page: 'entities', datasetId, view: 'agreement', recordId: id });

  return (
    <div className="ent-agreement" data-testid="ent-agreement">
      {data.pairs.length === 0 ? (
        <EmptyState title="No agreement to measure yet" testid="ent-agreement-empty">
          <p>
            Agreement needs at least two human annotators on the same records. Annotators so far: {data.annotators.join(', ') || 'none'}.
          </p>
        </EmptyState>
      ) : (
        <>
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
        </>
      )}
      <div className="ent-disputed card" data-testid="ent-disputed">
        <h3>Disputed records</h3>
        {data.disputed.length === 0 ? (
          <p className="muted">None: every record annotated by two people agrees, or was adjudicated.</p>
        ) : (
          <ul className="ent-disputed-list">
            {data.disputed.map((id) => (
              <li key={id}>
                <a href={href(id)} className={id === recordId ? 'current' : undefined} data-testid="ent-disputed-link">
                  Record {id}
                </a>{' '}
                <a href={hrefFor({ page: 'entities', datasetId, view: 'annotate', recordId: id })} className="small">
                  open in editor
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
      {recordId !== null && <Adjudicate key={recordId} recordId={recordId} adjudicator={adjudicator} colours={colours} onDone={load} />}
    </div>
  );
}

/** Each annotator's spans side by side; pick one set as the final spans, or edit in the editor and "Save as final". */
function Adjudicate({
  recordId,
  adjudicator,
  colours,
  onDone,
}: {
  recordId: number;
  adjudicator: string;
  colours: ReadonlyMap<string, string>;
  onDone: () => void;
}) {
  const report = useReportError();
  const [detail, setDetail] = useState<RecordDetail | null>(null);
  useEffect(() => {
    call('entities.records.get', { recordId }).then(setDetail, (e: unknown) => report(e, `Record ${recordId}`));
  }, [recordId, report]);
  if (!detail) return <Spinner />;
  const pick = async (spans: Span[], who: string) => {
    try {
      const d = await call('entities.adjudicate', { recordId, adjudicator, spans: spans.map(toInput) });
      setDetail(d);
      onDone();
      void who;
    } catch (e) {
      report(e, 'Adjudicate');
    }
  };
  return (
    <div className="ent-adjudicate card" data-testid="ent-adjudicate">
      <div className="ent-preview-head">
        <h3>
          Record {detail.id} <span className="muted">· user {detail.userExtId}</span>
        </h3>
        <span className={`ent-status ent-status-${detail.status}`}>{detail.status}</span>
      </div>
      {detail.final && (
        <div className="ent-adj-version" data-testid="ent-adj-final">
          <div className="ent-adj-who">
            <strong>Final</strong> <span className="muted">by {detail.adjudicator}</span>
          </div>
          <SpanText text={detail.text} spans={detail.final} colours={colours} />
        </div>
      )}
      {detail.annotations.map((a) => (
        <div key={a.annotator} className="ent-adj-version" data-testid="ent-adj-version" data-annotator={a.annotator}>
          <div className="ent-adj-who">
            <strong>{a.annotator === MACHINE_ANNOTATOR ? 'machine (@auto)' : a.annotator}</strong>{' '}
            <span className="muted">
              {a.spans.length} spans{a.decision ? ` · ${a.decision}` : ''}
            </span>
            <button type="button" className="button small" onClick={() => void pick(a.spans, a.annotator)} data-testid="ent-adj-pick">
              Use these as final
            </button>
          </div>
          <SpanText text={detail.text} spans={a.spans} colours={colours} />
        </div>
      ))}
      <p className="muted small">
        To combine versions,{' '}
        <a href={hrefFor({ page: 'entities', datasetId: detail.datasetId, view: 'annotate', recordId: detail.id })}>
          open the record in the editor
        </a>
        , fix the spans and press “Save as final”. Adjudicating as <strong>{adjudicator}</strong>.
      </p>
    </div>
  );
}
