/**
 * The Templates page: prompt templates of the five task families (P5 / RecSysLLM), workspace-wide. Left, the list
 * by family; centre, the editor; right, the live preview on a chosen dataset, warnings and versions. Other views:
 * the matrix (one record through every template) and the example counts. Import/export YAML and the built-in set.
 */
import { useCallback, useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import type { Template } from '../../../../preload/api-templates';
import { EmptyState, Spinner } from '../../components/bits';
import { useReportError } from '../../errors';
import { fmtInt } from '../../format';
import { hrefFor, type TemplatesRoute } from '../../route';
import { usePreviewDataset, useSeed, useTemplateList } from './data';
import { ExamplesView } from './ExamplesView';
import { MatrixView } from './MatrixView';
import type { PreviewPlace } from './model';
import { useTemplateNavigation } from './templateNavigation';
import { TemplateList } from './TemplateList';
import { TemplatesToolbar } from './TemplatesToolbar';
import { TemplateWorkbench } from './TemplateWorkbench';
import { exportTemplates, ImportTemplatesDialog, RestoreBuiltinDialog } from './TransferDialogs';
import { PageHeader } from '../../components/PageHeader';

type Tool = 'import' | 'restore' | null;

const VIEWS = [
  { view: 'edit', label: 'Editor' },
  { view: 'matrix', label: 'Matrix' },
  { view: 'examples', label: 'Examples' },
] as const;

interface EditorProps {
  route: Extract<TemplatesRoute, { view: 'edit' | 'new' }>;
  templates: Template[] | null;
  filter: string;
  setFilter: (f: string) => void;
  dataset: DatasetSummary | null | undefined;
  choose: (id: number) => void;
  seed: number;
  place: PreviewPlace;
  onPlace: (p: PreviewPlace) => void;
}

/** The editor view: the list by family, and the workbench of the chosen (or new) template. */
function EditorLayout({ route, templates, filter, setFilter, dataset, choose, seed, place, onPlace }: EditorProps) {
  const currentId = route.view === 'edit' ? route.templateId : null;
  const shared = { dataset, seed, place, onPlace, onDataset: choose };
  return (
    <div className="tpl-layout">
      <TemplateList
        templates={templates}
        currentId={currentId}
        newFamily={route.view === 'new' ? route.family : null}
        filter={filter}
        onFilter={setFilter}
      />
      {route.view === 'new' || route.templateId !== null ? (
        <TemplateWorkbench
          key={route.view === 'new' ? `new-${route.family}` : route.templateId}
          templateId={route.view === 'new' ? null : route.templateId}
          newFamily={route.view === 'new' ? route.family : (templates?.find((t) => t.id === route.templateId)?.family ?? 'rating')}
          {...shared}
        />
      ) : templates === null || templates.length > 0 ? (
        <Spinner />
      ) : (
        <div className="tpl-centre">
          <EmptyState title="No template yet" testid="tpl-empty">
            <p>
              Start one with “+ New” in a family on the left, import a YAML set, or restore the built-in set of 47 templates (P5’s families
              and slots) with the buttons above.
            </p>
          </EmptyState>
        </div>
      )}
    </div>
  );
}

function ViewTabs({ activeView, currentId }: { activeView: string; currentId: string | null }) {
  return (
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
  );
}

export function TemplatesPage({ route }: { route: TemplatesRoute }) {
  const report = useReportError();
  const { templates } = useTemplateList();
  const { dataset, datasets, choose } = usePreviewDataset();
  const [seed, setSeed] = useSeed();
  const [filter, setFilter] = useState('');
  const [tool, setTool] = useState<Tool>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [place, setPlace] = useState<PreviewPlace>({ split: 'train', index: 0 });
  const [matrixIndex, setMatrixIndex] = useState(0);
  const onPlace = useCallback((p: PreviewPlace) => setPlace(p), []);
  const onMatrixIndex = useCallback((i: number) => setMatrixIndex(i), []);
  useTemplateNavigation(route, templates, filter);

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
  return (
    <section className="page page-fill tpl-page" data-testid="templates-page">
      <PageHeader
        title="Templates"
        sub={
          <>
            {templates === null ? (
              '…'
            ) : (
              <span data-testid="tpl-summary">
                {fmtInt(templates.length)} prompt templates in five task families · {fmtInt(seen)} seen in training ·{' '}
                {fmtInt(templates.length - seen)} held out (unseen)
              </span>
            )}
          </>
        }
      >
        <TemplatesToolbar
          templates={templates}
          dataset={dataset}
          datasets={datasets}
          choose={choose}
          seed={seed}
          setSeed={setSeed}
          onExport={() => void doExport()}
          onImport={() => setTool('import')}
          onRestore={() => setTool('restore')}
        />
      </PageHeader>
      {exported && (
        <p className="ok small" role="status" data-testid="tpl-exported">
          {exported}
        </p>
      )}
      <ViewTabs activeView={editing ? 'edit' : route.view} currentId={route.view === 'edit' ? route.templateId : null} />
      {route.view === 'edit' || route.view === 'new' ? (
        <EditorLayout
          route={route}
          templates={templates}
          filter={filter}
          setFilter={setFilter}
          dataset={dataset}
          choose={choose}
          seed={seed}
          place={place}
          onPlace={onPlace}
        />
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
