/**
 * The LUM page of a dataset (issue #11): configure and launch large-user-model runs on the left; on the right the
 * dataset's runs, then the open run with its curves, its knowledge queried under conditions, and the rankers that
 * use it, with the scaling plot.
 */
import { useCallback, useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import type { LumRun } from '../../../../preload/api-lum';
import { EmptyState, Spinner } from '../../components/bits';
import { call } from '../../client';
import { useReportError } from '../../errors';
import { useStopShortcut } from '../../hooks';
import { jobsStore } from '../../jobs';
import { navigate } from '../../route';
import { LumDetail } from './LumDetail';
import { LumForm } from './LumForm';
import { emptyLumForm, type LumFormState } from './lumForm';
import { LumRunList } from './LumRuns';
import { useLumFields, useLumRuns } from './lumData';
import { PageHeader } from '../../components/PageHeader';

export function LumPage({ dataset, runId }: { dataset: DatasetSummary; runId: number | null }) {
  const runs = useLumRuns(dataset.id);
  const fields = useLumFields(dataset.id);
  const [form, setFormState] = useState<LumFormState>(emptyLumForm);
  const setForm = useCallback((change: (f: LumFormState) => LumFormState) => setFormState(change), []);
  const report = useReportError();
  useStopShortcut(
    runs?.find((r) => r.id === runId) ?? null,
    (r) => void call('lum.stop', { id: r.id }).catch((err: unknown) => report(err, `Stopping LUM run ${r.id}`)),
  );
  const started = useCallback(
    (id: number, jobId: string, label: string) => {
      jobsStore.track(jobId, 'lum-train', label);
      navigate({ page: 'lum', datasetId: dataset.id, runId: id });
    },
    [dataset.id],
  );
  const deleted = useCallback(
    (run: LumRun) => {
      if (run.id === runId) navigate({ page: 'lum', datasetId: dataset.id, runId: null });
    },
    [dataset.id, runId],
  );

  return (
    <section className="page run-page" data-testid="lum-page">
      <PageHeader
        title="Large user model"
        sub={
          <>
            LUM on <strong>{dataset.name}</strong>: each behaviour becomes a condition token and an item token; a causal transformer learns,
            by InfoNCE at the condition positions, which item follows under which condition. Query it under any condition, then hand what it
            knows to a click ranker.
          </>
        }
      />
      {fields && fields.fields.length === 0 && (
        <p className="notice" data-testid="lum-no-fields">
          The items of {dataset.name} have no categorical field to condition on: runs train without condition tokens.
        </p>
      )}
      <div className="run-layout">
        <aside className="run-form-col">
          <LumForm datasetId={dataset.id} fields={fields} form={form} setForm={setForm} onStarted={started} />
        </aside>
        <div className="run-main">
          {runs === undefined ? (
            <Spinner label="Loading LUM runs…" />
          ) : runs === null ? null : runs.length === 0 ? (
            <EmptyState title="No LUM runs yet — configure one on the left and press Train" testid="lum-empty">
              <p>
                The defaults are the small model,{' '}
                {fields?.defaultField ? `conditions on ${fields.defaultField}` : 'the default condition field'} and 300 steps. Curves and
                checkpoints appear here as it trains; then query it and train the rankers that use it.
              </p>
            </EmptyState>
          ) : (
            <LumRunList datasetId={dataset.id} runs={runs} openId={runId} onDeleted={deleted} />
          )}
          {runId !== null && runs && <LumDetail key={runId} runId={runId} runs={runs} fields={fields} onDeleted={deleted} />}
        </div>
      </div>
    </section>
  );
}
