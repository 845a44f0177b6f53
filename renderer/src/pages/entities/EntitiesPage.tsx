/**
 * The Entities page of a dataset: textualize it, then annotate its records' entity spans (record list + span
 * editor), manage labels, pre-annotate, edit the textualization profile, see agreement and adjudicate, export/import.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import type { EntityStats, RecordDetail, RecordSummary, TextProfile } from '../../../../preload/api-entities';
import { call, CallFailed, on } from '../../client';
import { EmptyState, JobProgress, Spinner } from '../../components/bits';
import { Dialog } from '../../components/Dialog';
import { useReportError } from '../../errors';
import { fmtInt } from '../../format';
import { useJob } from '../../jobs';
import { hrefFor, navigate, type EntitiesView } from '../../route';
import { AgreementView } from './AgreementView';
import { LabelsDialog } from './LabelsDialog';
import { filteredNeighbour, filterQuery, sameFilter } from './neighbours';
import { ProfileView } from './ProfileView';
import { NO_FILTER, RecordList, type ListFilter } from './RecordList';
import { useAnnotator, useLabelSet } from './shared';
import { SpanEditor } from './SpanEditor';
import { ExportDialog, ImportDialog, PreannotateDialog } from './ToolsDialogs';

type Tool = 'labels' | 'preannotate' | 'export' | 'import' | null;

const filters = new Map<number, ListFilter>();

export function EntitiesPage({ dataset, view, recordId }: { dataset: DatasetSummary; view: EntitiesView; recordId: number | null }) {
  const report = useReportError();
  const datasetId = dataset.id;
  const labels = useLabelSet(datasetId);
  const annotator = useAnnotator();
  const [stats, setStats] = useState<EntityStats | null>(null);
  const [tool, setTool] = useState<Tool>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const [filter, setFilterState] = useState<ListFilter>(() => filters.get(datasetId) ?? NO_FILTER);
  const [overrides, setOverrides] = useState<Map<number, Partial<RecordSummary>>>(new Map());
  const [reloadToken, setReloadToken] = useState(0);
  const [conflict, setConflict] = useState<{ message: string; profile?: TextProfile } | null>(null);

  const setFilter = useCallback(
    (f: ListFilter) => {
      filters.set(datasetId, f);
      setFilterState(f);
    },
    [datasetId],
  );

  const loadStats = useCallback(() => {
    call('entities.stats', { datasetId }).then(setStats, (e: unknown) => report(e, 'Loading entity counts'));
  }, [datasetId, report]);

  // Counts follow changes (debounced: every span save emits one); a whole-dataset change also reloads the list.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    loadStats();
    const off = on('entities.changed', (p) => {
      if (p.datasetId !== datasetId) return;
      if (!p.recordIds) {
        setOverrides(new Map());
        setReloadToken((t) => t + 1);
      }
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(loadStats, p.recordIds ? 400 : 50);
    });
    return () => {
      off();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [datasetId, loadStats]);

  useEffect(() => {
    if (job?.finished) loadStats();
  }, [job?.finished, loadStats]);

  const textualize = async (force: boolean, profile?: TextProfile) => {
    try {
      const { jobId: id } = await call('entities.textualize', { datasetId, force, ...(profile ? { profile } : {}) });
      setJobId(id);
    } catch (e) {
      if (e instanceof CallFailed && e.code === 'conflict' && !force) {
        setConflict({ message: e.message, ...(profile ? { profile } : {}) });
        return;
      }
      report(e, 'Textualize');
    }
  };

  const open = useCallback((id: number) => navigate({ page: 'entities', datasetId, view: 'annotate', recordId: id }), [datasetId]);

  const onUpdated = useCallback((d: RecordDetail) => {
    setOverrides((m) => {
      const next = new Map(m);
      const annotators = d.annotations.map((a) => a.annotator);
      const shown = d.final ?? d.annotations.find((a) => a.annotator === '@auto')?.spans ?? [];
      next.set(d.id, { status: d.status, annotators, spans: shown.length, adjudicated: d.final !== null });
      return next;
    });
  }, []);

  // With no record chosen, open the first one the filters show.
  useEffect(() => {
    if (view !== 'annotate' || recordId !== null || !stats || stats.records === 0) return;
    let alive = true;
    call('entities.records.list', { datasetId, limit: 1, filter: filterQuery(filters.get(datasetId) ?? NO_FILTER) }).then(
      (r) => {
        const first = r.rows[0];
        if (alive && first) window.location.replace(hrefFor({ page: 'entities', datasetId, view: 'annotate', recordId: first.id }));
      },
      (e: unknown) => report(e, 'Loading records'),
    );
    return () => {
      alive = false;
    };
  }, [view, recordId, stats, datasetId, report]);

  // j/k and Prev/Next follow the list as filtered (issue #13), not every record by id.
  const neighbour = useMemo(() => {
    if (sameFilter(filter, NO_FILTER)) return undefined;
    const query = filterQuery(filter);
    return (from: number, dir: 1 | -1) =>
      filteredNeighbour((offset, limit) => call('entities.records.list', { datasetId, offset, limit, filter: query }), from, dir);
  }, [filter, datasetId]);

  const running = job && !job.finished;
  const empty = stats !== null && stats.records === 0;

  return (
    <section className="page page-fill ent-page" data-testid="entities-page">
      <header className="page-header">
        <div>
          <h1>Entities</h1>
          <p className="page-sub">
            {stats === null ? (
              '…'
            ) : empty ? (
              <>Text records of {dataset.name} with their entity spans.</>
            ) : (
              <span data-testid="ent-summary">
                {fmtInt(stats.records)} records · {fmtInt(stats.perLabel.reduce((n, l) => n + l.total, 0))} spans ·{' '}
                {stats.annotators.filter((a) => !a.annotator.startsWith('@')).length} annotators · {fmtInt(stats.byStatus.disputed)}{' '}
                disputed
              </span>
            )}
          </p>
        </div>
        <div className="ent-toolbar">
          <label className="ent-who">
            Annotator
            <input
              value={annotator.name}
              onChange={(e) => annotator.setName(e.target.value)}
              aria-invalid={annotator.problem ? true : undefined}
              title={annotator.problem ?? 'Your spans and reviews are saved under this name'}
              maxLength={60}
              data-testid="ent-annotator"
            />
          </label>
          <button type="button" className="button small" onClick={() => setTool('labels')} data-testid="ent-open-labels">
            Labels…
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => setTool('preannotate')}
            disabled={empty}
            data-testid="ent-open-preannotate"
          >
            Pre-annotate…
          </button>
          <button type="button" className="button small" onClick={() => setTool('export')} disabled={empty} data-testid="ent-open-export">
            Export…
          </button>
          <button type="button" className="button small" onClick={() => setTool('import')} disabled={empty} data-testid="ent-open-import">
            Import…
          </button>
        </div>
      </header>
      {annotator.problem && (
        <p className="field-error" data-testid="ent-annotator-problem">
          Annotator: {annotator.problem} (still saving as “{annotator.valid}”).
        </p>
      )}

      <nav className="ent-tabs" aria-label="Entities views">
        {(['annotate', 'profile', 'agreement'] as const).map((v) => (
          <a
            key={v}
            href={hrefFor({ page: 'entities', datasetId, view: v, recordId: v === 'annotate' && view === 'annotate' ? recordId : null })}
            className={`ent-tab${view === v ? ' current' : ''}`}
            aria-current={view === v ? 'page' : undefined}
            data-testid={`ent-tab-${v}`}
          >
            {v === 'annotate' ? 'Annotate' : v === 'profile' ? 'Profile & textualize' : 'Agreement'}
          </a>
        ))}
      </nav>

      {running && job && (
        <div data-testid="ent-textualize-progress">
          <JobProgress info={job.info} />
        </div>
      )}
      {job?.finished && !job.finished.ok && !job.finished.cancelled && (
        <div className="error-box" data-testid="ent-textualize-error">
          Textualizing failed{job.finished.error ? `: ${job.finished.error}` : ''}
        </div>
      )}

      {view === 'profile' ? (
        <ProfileView
          datasetId={datasetId}
          colours={labels.colours}
          onTextualize={(p) => void textualize(false, p)}
          running={Boolean(running)}
        />
      ) : stats === null ? (
        <Spinner />
      ) : empty ? (
        <EmptyState title="No text records yet" testid="ent-empty">
          <p>
            Textualizing turns every user of <strong>{dataset.name}</strong> into a sentence of their features and recent items. Every
            inserted value becomes an entity span (AGE, CITY, ITEM, …) that curators check here. Adjust how records read in{' '}
            <a href={hrefFor({ page: 'entities', datasetId, view: 'profile', recordId: null })}>Profile</a>, or start with the profile
            derived from the dataset’s columns.
          </p>
          <button
            type="button"
            className="button primary"
            onClick={() => void textualize(false)}
            disabled={Boolean(running)}
            data-testid="ent-textualize"
          >
            Textualize {fmtInt(dataset.users)} users
          </button>
        </EmptyState>
      ) : view === 'agreement' ? (
        <AgreementView datasetId={datasetId} recordId={recordId} adjudicator={annotator.valid} colours={labels.colours} />
      ) : (
        <div className="ent-annotate">
          <RecordList
            datasetId={datasetId}
            labels={labels.set}
            stats={stats}
            filter={filter}
            onFilter={setFilter}
            currentId={recordId}
            onOpen={open}
            overrides={overrides}
            reloadToken={reloadToken}
          />
          <div className="ent-editor-pane card">
            {recordId === null ? (
              <p className="muted">Choose a record on the left.</p>
            ) : (
              <SpanEditor
                key={`${recordId}|${annotator.valid}`}
                recordId={recordId}
                annotator={annotator.valid}
                labels={labels.set}
                colours={labels.colours}
                onNavigate={open}
                onUpdated={onUpdated}
                {...(neighbour ? { neighbour } : {})}
              />
            )}
          </div>
        </div>
      )}

      {conflict && (
        <Dialog
          title="Replace the annotations?"
          onClose={() => setConflict(null)}
          testid="ent-textualize-conflict"
          footer={
            <>
              <button type="button" className="button" onClick={() => setConflict(null)}>
                Keep them
              </button>
              <button
                type="button"
                className="button danger-solid"
                data-testid="ent-textualize-force"
                onClick={() => {
                  const c = conflict;
                  setConflict(null);
                  void textualize(true, c.profile);
                }}
              >
                Textualize again
              </button>
            </>
          }
        >
          <p>{conflict.message}.</p>
          <p>
            Textualizing again rewrites every record; curators’ spans, reviews and adjudications on this dataset are lost. Export them first
            if you need them.
          </p>
        </Dialog>
      )}
      {tool === 'labels' && <LabelsDialog datasetId={datasetId} set={labels.set} onClose={() => setTool(null)} onSaved={labels.reload} />}
      {tool === 'preannotate' && <PreannotateDialog datasetId={datasetId} onClose={() => setTool(null)} />}
      {tool === 'export' && (
        <ExportDialog
          datasetId={datasetId}
          annotator={annotator.valid}
          annotators={stats?.annotators.map((a) => a.annotator) ?? []}
          onClose={() => setTool(null)}
        />
      )}
      {tool === 'import' && <ImportDialog datasetId={datasetId} annotator={annotator.valid} onClose={() => setTool(null)} />}
    </section>
  );
}
