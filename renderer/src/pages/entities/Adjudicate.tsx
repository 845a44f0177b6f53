/** Adjudication of one record: each annotator's spans side by side, one set picked as the final spans. */
import { useEffect, useState } from 'react';
import type { RecordDetail, Span } from '../../../../preload/api-entities';
import { MACHINE_ANNOTATOR } from '../../../../preload/api-entities';
import { call } from '../../client';
import { Spinner } from '../../components/bits';
import { SpanText } from '../../components/entities/SpanText';
import { toInput } from '../../components/entities/spanModel';
import { useReportError } from '../../errors';
import { recordHref } from './recordAddress';

/** Each annotator's spans side by side; pick one set as the final spans, or edit in the editor and "Save as final". */
export function Adjudicate({
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
        <h3>User {detail.userExtId}</h3>
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
        To combine versions, <a href={recordHref(detail.datasetId, 'annotate', detail.id)}>open the record in the editor</a>, fix the spans
        and press “Save as final”. Adjudicating as <strong>{adjudicator}</strong>.
      </p>
    </div>
  );
}
