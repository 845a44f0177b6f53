/** Agreement between annotators (span F1, Cohen's kappa; per pair and per label), disputed records, adjudication. */
import { useCallback, useEffect, useState } from 'react';
import type { AgreementReport } from '../../../../preload/api-entities';
import { call, on } from '../../client';
import { EmptyState, Spinner } from '../../components/bits';
import { useReportError } from '../../errors';
import { Adjudicate } from './Adjudicate';
import { AgreementFigures, LabelTable, PairTable } from './AgreementTables';
import { recordHref, rememberRecord } from './recordAddress';

/** The dataset's agreement report, reloaded (debounced) whenever its entities change. */
function useAgreement(datasetId: number): { data: AgreementReport | null; load: () => void } {
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
  return { data, load };
}

interface AgreementViewProps {
  datasetId: number;
  recordId: number | null;
  adjudicator: string;
  colours: ReadonlyMap<string, string>;
}

export function AgreementView({ datasetId, recordId, adjudicator, colours }: AgreementViewProps) {
  const { data, load } = useAgreement(datasetId);
  if (!data) return <Spinner />;
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
          <AgreementFigures data={data} />
          <PairTable data={data} />
          <LabelTable data={data} colours={colours} />
        </>
      )}
      <DisputedList data={data} recordId={recordId} />
      {recordId !== null && <Adjudicate key={recordId} recordId={recordId} adjudicator={adjudicator} colours={colours} onDone={load} />}
    </div>
  );
}

/** The disputed records, named by their users' ids in the dataset: adjudicate here, or open one in the editor. */
function DisputedList({ data, recordId }: { data: AgreementReport; recordId: number | null }) {
  const { datasetId } = data;
  data.disputed.forEach((id, i) => rememberRecord(datasetId, id, data.disputedUsers[i] ?? String(id)));
  return (
    <div className="ent-disputed card" data-testid="ent-disputed">
      <h3>Disputed records</h3>
      {data.disputed.length === 0 ? (
        <p className="muted">None: every record annotated by two people agrees, or was adjudicated.</p>
      ) : (
        <ul className="ent-disputed-list">
          {data.disputed.map((id, i) => (
            <li key={id}>
              <a
                href={recordHref(datasetId, 'agreement', id)}
                className={id === recordId ? 'current' : undefined}
                data-testid="ent-disputed-link"
                data-user={data.disputedUsers[i]}
              >
                User {data.disputedUsers[i]}
              </a>{' '}
              <a href={recordHref(datasetId, 'annotate', id)} className="small">
                open in editor
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
