/** The studio's window: left navigation of the user jobs, the page for the current route, a footer. */
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { Dialog } from './components/Dialog';
import { ProgressBar, Spinner } from './components/bits';
import { useDataset, useWorkspace, WorkspaceProvider } from './data';
import { ErrorBanner, ErrorsProvider } from './errors';
import { isTypingTarget } from './hooks';
import { useJobs } from './jobs';
import { DatasetScope } from './components/DatasetScope';
import { PageErrorBoundary } from './components/PageErrorBoundary';
import { hrefFor, navigate, routeDatasetId, useRoute, type Route } from './route';

/**
 * Each page is its own chunk, loaded when first opened: the first load fetches the shell and the open page only
 * (the bundle was 1.3 MB in one piece).
 */
const DatasetsPage = lazy(() => import('./pages/DatasetsPage').then((m) => ({ default: m.DatasetsPage })));
const BrowsePage = lazy(() => import('./pages/BrowsePage').then((m) => ({ default: m.BrowsePage })));
const TimelinePage = lazy(() => import('./pages/TimelinePage').then((m) => ({ default: m.TimelinePage })));
const StatsPage = lazy(() => import('./pages/StatsPage').then((m) => ({ default: m.StatsPage })));
const SkippedPage = lazy(() => import('./pages/SkippedPage').then((m) => ({ default: m.SkippedPage })));
const BaselinesPage = lazy(() => import('./pages/BaselinesPage').then((m) => ({ default: m.BaselinesPage })));
const RunsPage = lazy(() => import('./pages/runs/RunsPage').then((m) => ({ default: m.RunsPage })));
const GenerationsPage = lazy(() => import('./pages/generations/GenerationsPage').then((m) => ({ default: m.GenerationsPage })));
const EvaluationPage = lazy(() => import('./pages/evaluation/EvaluationPage').then((m) => ({ default: m.EvaluationPage })));
const ItemIdsPage = lazy(() => import('./pages/itemids/ItemIdsPage').then((m) => ({ default: m.ItemIdsPage })));
const ReviewsPage = lazy(() => import('./pages/reviews/ReviewsPage').then((m) => ({ default: m.ReviewsPage })));
const LumPage = lazy(() => import('./pages/lum/LumPage').then((m) => ({ default: m.LumPage })));
const EntitiesPage = lazy(() => import('./pages/entities/EntitiesPage').then((m) => ({ default: m.EntitiesPage })));
const TemplatesPage = lazy(() => import('./pages/templates/TemplatesPage').then((m) => ({ default: m.TemplatesPage })));

export function App() {
  return (
    <ErrorsProvider>
      <WorkspaceProvider>
        <Shell />
      </WorkspaceProvider>
    </ErrorsProvider>
  );
}

export const SHORTCUTS: ReadonlyArray<[string, string]> = [
  ['g d', 'Go to Datasets'],
  ['g b', 'Go to Browse (open dataset)'],
  ['g t', 'Go to Timeline (open dataset)'],
  ['g s', 'Go to Statistics (open dataset)'],
  ['g e', 'Go to Entities (open dataset)'],
  ['g r', 'Go to Runs (open dataset)'],
  ['g n', 'Go to Generations (open dataset)'],
  ['g v', 'Go to Evaluation (open dataset)'],
  ['g i', 'Go to Item IDs (open dataset)'],
  ['/', 'Focus the filter box'],
  ['↑ ↓ PgUp PgDn Home End', 'Move through table rows (table focused)'],
  ['Enter', 'Open the active row'],
  ['Ctrl/⌘+S', 'Save the template (Templates)'],
  ['[ ]', 'Previous / next preview example (Templates)'],
  ['Alt+↑ Alt+↓', 'Previous / next template (Templates)'],
  ['Ctrl/⌘+Enter', 'Start the run being configured (Runs)'],
  ['s', 'Stop the open run (Runs, LUM)'],
  ['[ ]', 'Previous / next page of rows (Generations)'],
  ['Tab ← → Home End', 'Entities: reach the record text, move the caret (Ctrl/Alt+← → by word)'],
  ['Shift+← → Ctrl+Shift+← →', 'Entities: select from the caret, by character or by word (snaps to words)'],
  ['1–9', 'Entities: the label with that hotkey labels the selection (Alt+digit: exact characters), or relabel the clicked span'],
  ['Delete', 'Entities: remove the selected span'],
  ['Ctrl/⌘+Z Ctrl/⌘+Shift+Z Ctrl+Y', 'Entities: undo, redo'],
  ['a r', 'Entities: accept or reject the record'],
  ['j k ↓ ↑', 'Entities: next / previous record'],
  ['Esc', 'Entities: clear the selection'],
  ['1 2 3 4 5', 'Score the highlighted criterion (Review; Tab ← → switch sides)'],
  ['a b t', 'Prefer left, right, or a tie (Review)'],
  ['n p u', 'Save and next, previous pair, undo the last save (Review)'],
  ['c', 'Comment on the pair (Review; Esc leaves it)'],
  ['?', 'Show this help (the Review page shows its own keys)'],
  ['Esc', 'Close a dialog, clear the filter'],
];

function useShortcuts(route: Route, openHelp: () => void) {
  const pendingG = useRef<number>(0);
  const routeRef = useRef(route);
  routeRef.current = route;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTypingTarget(e.target)) return;
      if (document.querySelector('[role="dialog"]')) return; // dialogs own the keyboard
      const now = Date.now();
      const datasetId = routeDatasetId(routeRef.current);
      if (now - pendingG.current < 1200) {
        pendingG.current = 0;
        let to: Route | null = null;
        if (e.key === 'd') to = { page: 'datasets' };
        else if (e.key === 'b' && datasetId) to = { page: 'browse', datasetId, tab: 'users' };
        else if (e.key === 't' && datasetId) to = { page: 'timeline', datasetId, userId: null };
        else if (e.key === 's' && datasetId) to = { page: 'stats', datasetId };
        else if (e.key === 'e' && datasetId) to = { page: 'entities', datasetId, view: 'annotate', recordId: null };
        else if (e.key === 'r' && datasetId) to = { page: 'runs', datasetId, view: 'list' };
        else if (e.key === 'n' && datasetId) to = { page: 'generations', datasetId, view: 'list', runId: null };
        else if (e.key === 'v' && datasetId) to = { page: 'evaluation', datasetId, runId: null, split: 'test' };
        else if (e.key === 'i' && datasetId) to = { page: 'itemids', datasetId, setId: null };
        if (to) {
          e.preventDefault();
          navigate(to);
          return;
        }
      }
      if (e.key === 'g') {
        pendingG.current = now;
        return;
      }
      if (e.key === '/') {
        const box = document.querySelector<HTMLInputElement>('[data-filter-box]');
        if (box) {
          e.preventDefault();
          box.focus();
          box.select();
        }
        return;
      }
      if (e.key === '?') {
        e.preventDefault();
        openHelp();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openHelp]);
}

function Shell() {
  const route = useRoute();
  const { info } = useWorkspace();
  const [help, setHelp] = useState(false);
  const openHelp = useRef(() => setHelp(true)).current;
  useShortcuts(route, openHelp);
  const mainRef = useRef<HTMLElement>(null);

  // Move focus to the page on navigation so keyboard users land in it.
  useEffect(() => {
    mainRef.current?.focus({ preventScroll: true });
  }, [route.page, routeDatasetId(route)]);

  return (
    <div className="app" data-app-state={info ? 'loaded' : 'loading'} data-testid="app">
      <Sidebar route={route} />
      <main className="main" ref={mainRef} tabIndex={-1}>
        <ErrorBanner />
        <PageErrorBoundary what={`the ${route.page} page`} resetKey={hrefFor(route)}>
          <Suspense fallback={<Spinner label="Loading the page…" />}>
            <Page route={route} />
          </Suspense>
        </PageErrorBoundary>
      </main>
      <footer className="footer" data-testid="footer">
        {info ? (
          <>
            <span className={`mode-badge mode-${info.mode}`} data-testid="app-mode">
              {info.mode}
            </span>
            <span className="footer-item" title="Workspace data directory">
              data: <code data-testid="app-data-dir">{info.dataDir}</code>
            </span>
            <span className="footer-item">v{info.version}</span>
            <span className="footer-item">schema {info.schemaVersion}</span>
          </>
        ) : (
          <span className="footer-item">connecting…</span>
        )}
        <button type="button" className="link-button footer-help" onClick={() => setHelp(true)} data-testid="shortcuts-button">
          Keyboard shortcuts <kbd>?</kbd>
        </button>
      </footer>
      {help && (
        <Dialog title="Keyboard shortcuts" onClose={() => setHelp(false)} testid="shortcuts-dialog">
          <table className="shortcuts">
            <tbody>
              {SHORTCUTS.map(([keys, what]) => (
                <tr key={`${keys} ${what}`}>
                  <td>
                    {keys.split(' ').map((k, i) => (
                      <kbd key={i}>{k}</kbd>
                    ))}
                  </td>
                  <td>{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Dialog>
      )}
    </div>
  );
}

function NavLink({
  to,
  current,
  children,
  testid,
  sub,
}: {
  to: Route;
  current: boolean;
  children: ReactNode;
  testid: string;
  sub?: boolean;
}) {
  return (
    <a
      href={hrefFor(to)}
      className={`nav-link${current ? ' current' : ''}${sub ? ' nav-sub' : ''}`}
      aria-current={current ? 'page' : undefined}
      data-testid={testid}
    >
      {children}
    </a>
  );
}

function Sidebar({ route }: { route: Route }) {
  const datasetId = routeDatasetId(route);
  const dataset = useDataset(datasetId);
  const jobs = useJobs().filter((j) => !j.finished);
  return (
    <nav className="sidebar" aria-label="Studio">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>{' '}
        RecSys Studio
      </div>
      <div className="nav-section">
        <NavLink to={{ page: 'datasets' }} current={route.page === 'datasets'} testid="nav-datasets">
          Datasets
        </NavLink>
        <NavLink to={{ page: 'templates', view: 'edit', templateId: null }} current={route.page === 'templates'} testid="nav-templates">
          Templates
        </NavLink>
      </div>
      {datasetId !== null && (
        <div className="nav-section" data-testid="nav-dataset">
          <div className="nav-heading" title={dataset ? dataset.name : undefined}>
            {dataset ? dataset.name : dataset === undefined ? '…' : `Dataset ${datasetId}`}
          </div>
          <NavLink to={{ page: 'browse', datasetId, tab: 'users' }} current={route.page === 'browse'} testid="nav-browse" sub>
            Browse
          </NavLink>
          <NavLink
            to={{ page: 'timeline', datasetId, userId: route.page === 'timeline' ? route.userId : null }}
            current={route.page === 'timeline'}
            testid="nav-timeline"
            sub
          >
            Timeline
          </NavLink>
          <NavLink to={{ page: 'stats', datasetId }} current={route.page === 'stats'} testid="nav-stats" sub>
            Statistics
          </NavLink>
          <NavLink to={{ page: 'baselines', datasetId }} current={route.page === 'baselines'} testid="nav-baselines" sub>
            Baselines (SFW)
          </NavLink>
          <NavLink to={{ page: 'itemids', datasetId, setId: null }} current={route.page === 'itemids'} testid="nav-itemids" sub>
            Item IDs
          </NavLink>
          <NavLink to={{ page: 'runs', datasetId, view: 'list' }} current={route.page === 'runs'} testid="nav-runs" sub>
            Runs
          </NavLink>
          <NavLink
            to={{ page: 'generations', datasetId, view: 'list', runId: null }}
            current={route.page === 'generations'}
            testid="nav-generations"
            sub
          >
            Generations
          </NavLink>
          <NavLink
            to={{ page: 'evaluation', datasetId, runId: null, split: 'test' }}
            current={route.page === 'evaluation'}
            testid="nav-evaluation"
            sub
          >
            Evaluation
          </NavLink>
          <NavLink to={{ page: 'reviews', datasetId, view: 'list' }} current={route.page === 'reviews'} testid="nav-reviews" sub>
            Reviews
          </NavLink>
          <NavLink to={{ page: 'lum', datasetId, runId: null }} current={route.page === 'lum'} testid="nav-lum" sub>
            LUM
          </NavLink>
          <NavLink
            to={{ page: 'entities', datasetId, view: 'annotate', recordId: null }}
            current={route.page === 'entities'}
            testid="nav-entities"
            sub
          >
            Entities
          </NavLink>
          {dataset && dataset.skipped > 0 && (
            <NavLink to={{ page: 'skipped', datasetId }} current={route.page === 'skipped'} testid="nav-skipped" sub>
              Skipped rows <span className="nav-count">{dataset.skipped}</span>
            </NavLink>
          )}
        </div>
      )}
      {jobs.length > 0 && (
        <div className="nav-section nav-jobs" data-testid="nav-jobs">
          <div className="nav-heading">Running</div>
          {jobs.map((j) => (
            <a key={j.info.jobId} className="nav-job" href={hrefFor({ page: 'datasets' })} title={`${j.info.label}: ${j.info.phase}`}>
              <span className="nav-job-label">{j.info.label}</span>
              <ProgressBar done={j.info.done} total={j.info.total} label={`${j.info.label} progress`} />
            </a>
          ))}
        </div>
      )}
    </nav>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'datasets':
      return <DatasetsPage />;
    case 'browse':
      return <BrowsePage datasetId={route.datasetId} tab={route.tab} />;
    case 'timeline':
      return <TimelinePage datasetId={route.datasetId} userId={route.userId} userExt={route.userExt} />;
    case 'stats':
      return <StatsPage datasetId={route.datasetId} />;
    case 'skipped':
      return <SkippedPage datasetId={route.datasetId} />;
    case 'baselines':
      return <DatasetScope datasetId={route.datasetId}>{(d) => <BaselinesPage dataset={d} />}</DatasetScope>;
    case 'runs':
      return <DatasetScope datasetId={route.datasetId}>{(d) => <RunsPage dataset={d} route={route} />}</DatasetScope>;
    case 'generations':
      return <DatasetScope datasetId={route.datasetId}>{(d) => <GenerationsPage dataset={d} route={route} />}</DatasetScope>;
    case 'evaluation':
      return <DatasetScope datasetId={route.datasetId}>{(d) => <EvaluationPage dataset={d} route={route} />}</DatasetScope>;
    case 'itemids':
      return <DatasetScope datasetId={route.datasetId}>{(d) => <ItemIdsPage dataset={d} route={route} />}</DatasetScope>;
    case 'reviews':
      return <DatasetScope datasetId={route.datasetId}>{(d) => <ReviewsPage dataset={d} route={route} />}</DatasetScope>;
    case 'lum':
      return <DatasetScope datasetId={route.datasetId}>{(d) => <LumPage dataset={d} runId={route.runId} />}</DatasetScope>;
    case 'entities':
      return (
        <DatasetScope datasetId={route.datasetId}>
          {(d) => <EntitiesPage dataset={d} view={route.view} recordId={route.recordId} user={route.user} />}
        </DatasetScope>
      );
    case 'templates':
      return <TemplatesPage route={route} />;
    case 'notfound':
      return (
        <div className="page">
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.hash}</code>. <a href="#/datasets">Go to Datasets</a>.
          </p>
        </div>
      );
  }
}
