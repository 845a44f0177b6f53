/**
 * The Templates page: prompt templates of the five task families (P5 / RecSysLLM), workspace-wide. Left, the list
 * by family; centre, the editor; right, the live preview on a chosen dataset, warnings and versions. Other views:
 * the matrix (one record through every template) and the example counts. Import/export YAML and the built-in set.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { EmptyState, Spinner } from '../../components/bits';
import { useReportError } from '../../errors';
import { fmtInt } from '../../format';
import { hrefFor, navigate, type TemplatesRoute } from '../../route';
import { usePreviewDataset, useSeed, useTemplateList } from './data';
import { ExamplesView } from './ExamplesView';
import { MatrixView } from './MatrixView';
import type { PreviewPlace } from './PreviewPanel';
import { TemplateList, visibleIds } from './TemplateList';
import { TemplateWorkbench } from './TemplateWorkbench';
import { exportTemplates, ImportTemplatesDialog, RestoreBuiltinDialog } from './TransferDialogs';

type Tool = 'import' | 'restore' | null;

const VIEWS = [
  { view: 'edit', label: 'Editor' },
  { view: 'matrix', label: 'Matrix' },
  { view: 'examples', label: 'Examples' },
] as const;

export function TemplatesPage({ route }: { route: TemplatesRoute }) {
  const report = useReportError();
  const { templates } = useTemplateList();
  const { dataset, datasets, choose } = usePreviewDataset();
  const [seed, setSeed] = useSeed();
  const [seedText, setSeedText] = useState(String(seed));
  const [filter, setFilter] = useState('');
  const [tool, setTool] = useState<Tool>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [place, setPlace] = useState<PreviewPlace>({ split: 'train', index: 0 });
  const [matrixIndex, setMatrixIndex] = useState(0);
  const onPlace = useCallback((p: PreviewPlace) => setPlace(p), []);
  const onMatrixIndex = useCallback((i: number) => setMatrixIndex(i), []);

  const currentId = route.view === 'edit' ? route.templateId : null;

  // #/templates with nothing chosen opens the first template, without a history entry of its own.
  useEffect(() => {
    if (route.view !== 'edit' || route.templateId !== null || !templates || templates.length === 0) return;
    const first = visibleIds(templates, '')[0];
    if (first) window.location.replace(hrefFor({ page: 'templates', view: 'edit', templateId: first }));
  }, [route, templates]);

  // Alt+↑/↓: previous/next template in the list as filtered.
  const nav = useRef({ templates, filter, currentId });
  nav.current = { templates, filter, currentId };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
      if (document.querySelector('[role="dialog"]')) return;
      const ids = visibleIds(nav.current.templates, nav.current.filter);
      if (ids.length === 0) return;
      e.preventDefault();
      const at = nav.current.currentId === null ? -1 : ids.indexOf(nav.current.currentId);
      const next = e.key === 'ArrowUp' ? (at <= 0 ? ids.length - 1 : at - 1) : at < 0 || at >= ids.length - 1 ? 0 : at + 1;
      const id = ids[next];
      if (id) navigate({ page: 'templates', view: 'edit', templateId: id });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const doExport = async () => {
    try {
      const n = await exportTemplates();
      setExported(`Exported ${fmtInt(n)} templates.`);
    } catch (e) {
      report(e, 'Exporting templates');
    }
  };

  const seen = templates?.filter((t) => t.seen).length ?? 0;
  const editing = route.view === 'edit' || route.view === 'new';
  const activeView = editing ? 'edit' : route.view;

  return (
    <section className="page page-fill tpl-page" data-testid="templates-page">
      <header className="page-header">
        <div>
          <h1>Templates</h1>
          <p className="page-sub">
            {templates === null ? (
              '…'
            ) : (
              <span data-testid="tpl-summary">
                {fmtInt(templates.length)} prompt templates in five task families · {fmtInt(seen)} seen in training ·{' '}
                {fmtInt(templates.length - seen)} held out (unseen)
              </span>
            )}
          </p>
        </div>
        <div className="tpl-toolbar">
          <label className="tpl-inline-field">
            Dataset
            {dataset === undefined ? (
              <span className="muted">…</span>
            ) : datasets.length === 0 ? (
              <a href={hrefFor({ page: 'datasets' })}>import one</a>
            ) : (
              <select value={dataset?.id ?? ''} onChange={(e) => choose(Number(e.target.value))} data-testid="tpl-dataset">
                {datasets.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            )}
          </label>
          <label className="tpl-inline-field" title="Seeds the negative sampling, candidate shuffles and warning samples">
            Seed
            <input
              type="number"
              value={seedText}
              onChange={(e) => {
                setSeedText(e.target.value);
                const n = Number(e.target.value);
                if (e.target.value.trim() !== '' && Number.isInteger(n)) setSeed(n);
              }}
              className="tpl-seed"
              data-testid="tpl-seed"
            />
          </label>
          <button
            type="button"
            className="button small"
            onClick={() => void doExport()}
            disabled={!templates || templates.length === 0}
            data-testid="tpl-export"
          >
            Export YAML
          </button>
          <button type="button" className="button small" onClick={() => setTool('import')} data-testid="tpl-import">
            Import YAML…
          </button>
          <button type="button" className="button small" onClick={() => setTool('restore')} data-testid="tpl-restore-builtin">
            Restore built-in set…
          </button>
        </div>
      </header>
      {exported && (
        <p className="ok small" role="status" data-testid="tpl-exported">
          {exported}
        </p>
      )}

      <nav className="ent-tabs" aria-label="Templates views">
        {VIEWS.map((v) => (
          <a
            key={v.view}
            href={hrefFor(
              v.view === 'edit' ? { page: 'templates', view: 'edit', templateId: currentId } : { page: 'templates', view: v.view },
            )}
            className={`ent-tab${activeView === v.view ? ' current' : ''}`}
            aria-current={activeView === v.view ? 'page' : undefined}
            data-testid={`tpl-tab-${v.view}`}
          >
            {v.label}
          </a>
        ))}
      </nav>

      {editing ? (
        <div className="tpl-layout">
          <TemplateList
            templates={templates}
            currentId={currentId}
            newFamily={route.view === 'new' ? route.family : null}
            filter={filter}
            onFilter={setFilter}
          />
          {route.view === 'new' ? (
            <TemplateWorkbench
              key={`new-${route.family}`}
              templateId={null}
              newFamily={route.family}
              dataset={dataset}
              seed={seed}
              place={place}
              onPlace={onPlace}
              onDataset={choose}
            />
          ) : route.templateId !== null ? (
            <TemplateWorkbench
              key={route.templateId}
              templateId={route.templateId}
              newFamily={templates?.find((t) => t.id === route.templateId)?.family ?? 'rating'}
              dataset={dataset}
              seed={seed}
              place={place}
              onPlace={onPlace}
              onDataset={choose}
            />
          ) : templates === null || templates.length > 0 ? (
            <Spinner />
          ) : (
            <div className="tpl-centre">
              <EmptyState title="No template yet" testid="tpl-empty">
                <p>
                  Start one with “+ New” in a family on the left, import a YAML set, or restore the built-in set of 47 templates (P5’s
                  families and slots) with the buttons above.
                </p>
              </EmptyState>
            </div>
          )}
        </div>
      ) : dataset === undefined ? (
        <Spinner />
      ) : dataset === null ? (
        <EmptyState title="No dataset yet" testid="tpl-no-dataset">
          <p>
            The {route.view === 'matrix' ? 'matrix renders a real record' : 'example counts come from a dataset'}. Import one on the{' '}
            <a href={hrefFor({ page: 'datasets' })}>Datasets</a> page.
          </p>
        </EmptyState>
      ) : route.view === 'matrix' ? (
        <MatrixView dataset={dataset} seed={seed} index={matrixIndex} onIndex={onMatrixIndex} />
      ) : (
        <ExamplesView dataset={dataset} seed={seed} templates={templates} />
      )}

      {tool === 'import' && <ImportTemplatesDialog onClose={() => setTool(null)} />}
      {tool === 'restore' && <RestoreBuiltinDialog onClose={() => setTool(null)} />}
    </section>
  );
}
