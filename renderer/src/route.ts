/** Hash routing written by hand: `#/datasets`, `#/datasets/3/users`, `#/datasets/3/timeline/42`, … */
import { useEffect, useState } from 'react';
import type { ExampleSplit, Family } from '../../preload/api-templates';
import { FAMILIES } from '../../preload/families';

export type BrowseTab = 'users' | 'items' | 'interactions';
export const BROWSE_TABS: readonly BrowseTab[] = ['users', 'items', 'interactions'];

export type Route =
  | { page: 'datasets' }
  | { page: 'browse'; datasetId: number; tab: BrowseTab }
  /**
   * A user's timeline. Addresses name the user by the dataset's own id (`timeline/user/<ext id>`); `userId` (the
   * studio's row id, the older `timeline/<n>` form) still opens, and the page rewrites the address to the ext id.
   */
  | { page: 'timeline'; datasetId: number; userId: number | null; userExt?: string }
  | { page: 'stats'; datasetId: number }
  | { page: 'skipped'; datasetId: number }
  | { page: 'baselines'; datasetId: number }
  | { page: 'lum'; datasetId: number; runId: number | null }
  /**
   * The Entities page. Addresses name a record by its user's own id (`entities/user/<ext id>`,
   * `entities/agreement/user/<ext id>`); `recordId` (the studio's row id, the older `entities/<n>` form) still opens,
   * and the page rewrites the address to the user's id.
   */
  | { page: 'entities'; datasetId: number; view: EntitiesView; recordId: number | null; user?: string }
  | RunsRoute
  | GenerationsRoute
  | EvaluationRoute
  | ReviewsRoute
  | TemplatesRoute
  | ItemIdsRoute
  | { page: 'notfound'; hash: string };

/** The Templates page (workspace-wide): the editor of one template, a new one of a family, the matrix, the example counts. */
export type TemplatesRoute =
  | { page: 'templates'; view: 'edit'; templateId: string | null }
  | { page: 'templates'; view: 'new'; family: Family }
  | { page: 'templates'; view: 'matrix' | 'examples' };

const FAMILY_NAMES: readonly string[] = FAMILIES;

function parseTemplates(parts: string[], hash: string): Route {
  const [, a, b] = parts;
  if (a === undefined) return { page: 'templates', view: 'edit', templateId: null };
  if ((a === 'matrix' || a === 'examples') && parts.length === 2) return { page: 'templates', view: a };
  if (a === 'new' && b !== undefined && FAMILY_NAMES.includes(b) && parts.length === 3) {
    return { page: 'templates', view: 'new', family: b as Family };
  }
  if (/^[1-5]-[1-9]\d{0,2}$/.test(a) && parts.length === 2) return { page: 'templates', view: 'edit', templateId: a };
  return { page: 'notfound', hash };
}

/** The Runs page of a dataset: the list with the new-run form, one run open, or several runs' curves on one plot. */
export type RunsRoute =
  | { page: 'runs'; datasetId: number; view: 'list' }
  | { page: 'runs'; datasetId: number; view: 'run'; runId: number }
  | { page: 'runs'; datasetId: number; view: 'compare'; ids: number[] };

/** runs, runs/7, runs/compare, runs/compare/3,5,7 (the runs picked, so a comparison survives a reload). */
function parseRuns(datasetId: number, parts: string[], hash: string): Route {
  const [, , , a, b] = parts;
  if (a === undefined) return { page: 'runs', datasetId, view: 'list' };
  if (a === 'compare' && parts.length <= 5) {
    const ids = b === undefined ? [] : b.split(',').map(positiveInt);
    if (ids.every((id) => id !== null)) return { page: 'runs', datasetId, view: 'compare', ids: ids as number[] };
  }
  const runId = positiveInt(a);
  if (runId !== null && parts.length === 4) return { page: 'runs', datasetId, view: 'run', runId };
  return { page: 'notfound', hash };
}

/** Which rows of a generation set to show: item families' hits (rank ≤ 10), misses, or invalid outputs. */
export type GenOutcome = 'any' | 'hit' | 'miss' | 'invalid';
const OUTCOMES: readonly string[] = ['any', 'hit', 'miss', 'invalid'];

/** The Generations page: the sets of the dataset's runs with the start form (prefilled with a run), or one set's rows. */
export type GenerationsRoute =
  | { page: 'generations'; datasetId: number; view: 'list'; runId: number | null }
  | { page: 'generations'; datasetId: number; view: 'set'; setId: number; outcome: GenOutcome };

/** generations, generations/run/7 (the form prefilled with run 7), generations/12, generations/12/miss. */
function parseGenerations(datasetId: number, parts: string[], hash: string): Route {
  const [, , , a, b] = parts;
  if (a === undefined) return { page: 'generations', datasetId, view: 'list', runId: null };
  if (a === 'run' && parts.length === 5 && positiveInt(b) !== null)
    return { page: 'generations', datasetId, view: 'list', runId: positiveInt(b) };
  const setId = positiveInt(a);
  if (setId !== null && parts.length === 4) return { page: 'generations', datasetId, view: 'set', setId, outcome: 'any' };
  if (setId !== null && parts.length === 5 && b !== undefined && OUTCOMES.includes(b))
    return { page: 'generations', datasetId, view: 'set', setId, outcome: b as GenOutcome };
  return { page: 'notfound', hash };
}

/** The Evaluation page: one run's report on a split beside the dataset's baselines (no run: the newest is picked). */
export type EvaluationRoute = { page: 'evaluation'; datasetId: number; runId: number | null; split: ExampleSplit };
const SPLITS: readonly string[] = ['train', 'valid', 'test'];

/** evaluation, evaluation/7 (on test), evaluation/7/valid. */
function parseEvaluation(datasetId: number, parts: string[], hash: string): Route {
  const [, , , a, b] = parts;
  if (a === undefined) return { page: 'evaluation', datasetId, runId: null, split: 'test' };
  const runId = positiveInt(a);
  if (runId !== null && parts.length === 4) return { page: 'evaluation', datasetId, runId, split: 'test' };
  if (runId !== null && parts.length === 5 && b !== undefined && SPLITS.includes(b))
    return { page: 'evaluation', datasetId, runId, split: b as ExampleSplit };
  return { page: 'notfound', hash };
}

/** The Reviews page: the list with the create form, one review as a reviewer sees it, or its results. */
export type ReviewsRoute =
  | { page: 'reviews'; datasetId: number; view: 'list' }
  | { page: 'reviews'; datasetId: number; view: 'review' | 'results'; reviewId: number };

/** reviews, reviews/4 (review it), reviews/4/results. */
function parseReviews(datasetId: number, parts: string[], hash: string): Route {
  const [, , , a, b] = parts;
  if (a === undefined) return { page: 'reviews', datasetId, view: 'list' };
  const reviewId = positiveInt(a);
  if (reviewId !== null && parts.length === 4) return { page: 'reviews', datasetId, view: 'review', reviewId };
  if (reviewId !== null && parts.length === 5 && b === 'results') return { page: 'reviews', datasetId, view: 'results', reviewId };
  return { page: 'notfound', hash };
}

/** The Item IDs page of a dataset: its identifier sets, one of them open (none: the newest is shown). */
export type ItemIdsRoute = { page: 'itemids'; datasetId: number; setId: number | null };

/** itemids, itemids/5. */
function parseItemIds(datasetId: number, parts: string[], hash: string): Route {
  const [, , , a] = parts;
  if (a === undefined) return { page: 'itemids', datasetId, setId: null };
  const setId = positiveInt(a);
  if (setId !== null && parts.length === 4) return { page: 'itemids', datasetId, setId };
  return { page: 'notfound', hash };
}

/** The Entities page's views: annotate (record list + span editor), the textualization profile, agreement and adjudication. */
export type EntitiesView = 'annotate' | 'profile' | 'agreement';

const decodeSegment = (s: string): string | null => {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};

const positiveInt = (s: string | undefined): number | null => (s && /^[1-9]\d*$/.test(s) ? Number(s) : null);

/** entities, entities/user/u1 (a record by its user), entities/profile, entities/agreement[/user/u1]; entities/42 and agreement/42 (row ids) still open. */
function parseEntities(datasetId: number, parts: string[], hash: string): Route {
  const agreement = parts[3] === 'agreement';
  const view: EntitiesView = agreement ? 'agreement' : 'annotate';
  const rest = parts.slice(agreement ? 4 : 3);
  if (rest.length === 0) return { page: 'entities', datasetId, view, recordId: null };
  if (!agreement && rest[0] === 'profile' && rest.length === 1) return { page: 'entities', datasetId, view: 'profile', recordId: null };
  if (rest[0] === 'user' && rest.length === 2) {
    const user = decodeSegment(rest[1]!);
    if (user !== null) return { page: 'entities', datasetId, view, recordId: null, user };
  }
  const recordId = positiveInt(rest[0]);
  if (recordId !== null && rest.length === 1) return { page: 'entities', datasetId, view, recordId };
  return { page: 'notfound', hash };
}

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').replace(/\/+$/, '');
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'datasets')) return { page: 'datasets' };
  if (parts[0] === 'templates') return parseTemplates(parts, hash);
  if (parts[0] !== 'datasets') return { page: 'notfound', hash };
  const datasetId = positiveInt(parts[1]);
  if (datasetId === null) return { page: 'notfound', hash };
  const section = parts[2] ?? 'users';
  if ((BROWSE_TABS as readonly string[]).includes(section) && parts.length <= 3)
    return { page: 'browse', datasetId, tab: section as BrowseTab };
  if (section === 'timeline' && parts[3] === 'user' && parts.length === 5) {
    const ext = decodeSegment(parts[4]!);
    if (ext !== null) return { page: 'timeline', datasetId, userId: null, userExt: ext };
  }
  if (section === 'timeline' && parts.length <= 4 && (parts[3] === undefined || positiveInt(parts[3]) !== null)) {
    return { page: 'timeline', datasetId, userId: parts[3] === undefined ? null : positiveInt(parts[3]) };
  }
  if (section === 'stats' && parts.length === 3) return { page: 'stats', datasetId };
  if (section === 'skipped' && parts.length === 3) return { page: 'skipped', datasetId };
  if (section === 'baselines' && parts.length === 3) return { page: 'baselines', datasetId };
  if (section === 'lum' && (parts.length === 3 || (parts.length === 4 && positiveInt(parts[3]) !== null)))
    return { page: 'lum', datasetId, runId: parts[3] === undefined ? null : positiveInt(parts[3]) };
  if (section === 'runs') return parseRuns(datasetId, parts, hash);
  if (section === 'generations') return parseGenerations(datasetId, parts, hash);
  if (section === 'evaluation') return parseEvaluation(datasetId, parts, hash);
  if (section === 'reviews') return parseReviews(datasetId, parts, hash);
  if (section === 'itemids') return parseItemIds(datasetId, parts, hash);
  if (section === 'entities') return parseEntities(datasetId, parts, hash);
  return { page: 'notfound', hash };
}

export function hrefFor(route: Route): string {
  switch (route.page) {
    case 'datasets':
      return '#/datasets';
    case 'browse':
      return `#/datasets/${route.datasetId}/${route.tab}`;
    case 'timeline':
      if (route.userExt !== undefined) return `#/datasets/${route.datasetId}/timeline/user/${encodeURIComponent(route.userExt)}`;
      return `#/datasets/${route.datasetId}/timeline${route.userId === null ? '' : `/${route.userId}`}`;
    case 'stats':
      return `#/datasets/${route.datasetId}/stats`;
    case 'skipped':
      return `#/datasets/${route.datasetId}/skipped`;
    case 'baselines':
      return `#/datasets/${route.datasetId}/baselines`;
    case 'lum':
      return `#/datasets/${route.datasetId}/lum${route.runId === null ? '' : `/${route.runId}`}`;
    case 'runs': {
      const base = `#/datasets/${route.datasetId}/runs`;
      if (route.view === 'run') return `${base}/${route.runId}`;
      if (route.view === 'compare') return `${base}/compare${route.ids.length ? `/${route.ids.join(',')}` : ''}`;
      return base;
    }
    case 'generations': {
      const base = `#/datasets/${route.datasetId}/generations`;
      if (route.view === 'set') return `${base}/${route.setId}${route.outcome === 'any' ? '' : `/${route.outcome}`}`;
      return route.runId === null ? base : `${base}/run/${route.runId}`;
    }
    case 'evaluation': {
      const base = `#/datasets/${route.datasetId}/evaluation`;
      if (route.runId === null) return base;
      return `${base}/${route.runId}${route.split === 'test' ? '' : `/${route.split}`}`;
    }
    case 'reviews': {
      const base = `#/datasets/${route.datasetId}/reviews`;
      if (route.view === 'list') return base;
      return `${base}/${route.reviewId}${route.view === 'results' ? '/results' : ''}`;
    }
    case 'itemids':
      return `#/datasets/${route.datasetId}/itemids${route.setId === null ? '' : `/${route.setId}`}`;
    case 'entities': {
      const base = `#/datasets/${route.datasetId}/entities${route.view === 'agreement' ? '/agreement' : ''}`;
      if (route.view === 'profile') return `${base}/profile`;
      if (route.user !== undefined) return `${base}/user/${encodeURIComponent(route.user)}`;
      return route.recordId === null ? base : `${base}/${route.recordId}`;
    }
    case 'templates':
      if (route.view === 'edit') return route.templateId === null ? '#/templates' : `#/templates/${route.templateId}`;
      if (route.view === 'new') return `#/templates/new/${route.family}`;
      return `#/templates/${route.view}`;
    case 'notfound':
      return route.hash;
  }
}

export function navigate(route: Route): void {
  const href = hrefFor(route);
  if (window.location.hash !== href) window.location.hash = href;
}

export function routeDatasetId(route: Route): number | null {
  return 'datasetId' in route ? route.datasetId : null;
}

/**
 * A page with unsaved work may hold navigations: it is asked on every hash change before the route follows, and
 * returns true to stay (putting the old address back itself). One at a time; null lets everything through.
 */
export type NavigationBlocker = (hash: string) => boolean;
let blocker: NavigationBlocker | null = null;
export function setNavigationBlocker(b: NavigationBlocker | null): void {
  blocker = b;
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => {
      if (blocker?.(window.location.hash)) return;
      setRoute(parseHash(window.location.hash));
    };
    window.addEventListener('hashchange', onChange);
    onChange();
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
