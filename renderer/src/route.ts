/** Hash routing written by hand: `#/datasets`, `#/datasets/3/users`, `#/datasets/3/timeline/42`, … */
import { useEffect, useState } from 'react';

export type BrowseTab = 'users' | 'items' | 'interactions';
export const BROWSE_TABS: readonly BrowseTab[] = ['users', 'items', 'interactions'];

export type Route =
  | { page: 'datasets' }
  | { page: 'browse'; datasetId: number; tab: BrowseTab }
  | { page: 'timeline'; datasetId: number; userId: number | null }
  | { page: 'stats'; datasetId: number }
  | { page: 'skipped'; datasetId: number }
  | { page: 'baselines'; datasetId: number }
  | { page: 'entities'; datasetId: number; view: EntitiesView; recordId: number | null }
  | { page: 'notfound'; hash: string };

/** The Entities page's views: annotate (record list + span editor), the textualization profile, agreement and adjudication. */
export type EntitiesView = 'annotate' | 'profile' | 'agreement';

const positiveInt = (s: string | undefined): number | null => (s && /^[1-9]\d*$/.test(s) ? Number(s) : null);

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').replace(/\/+$/, '');
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'datasets')) return { page: 'datasets' };
  if (parts[0] !== 'datasets') return { page: 'notfound', hash };
  const datasetId = positiveInt(parts[1]);
  if (datasetId === null) return { page: 'notfound', hash };
  const section = parts[2] ?? 'users';
  if ((BROWSE_TABS as readonly string[]).includes(section) && parts.length <= 3) return { page: 'browse', datasetId, tab: section as BrowseTab };
  if (section === 'timeline' && parts.length <= 4) {
    return { page: 'timeline', datasetId, userId: parts[3] === undefined ? null : positiveInt(parts[3]) };
  }
  if (section === 'stats' && parts.length === 3) return { page: 'stats', datasetId };
  if (section === 'skipped' && parts.length === 3) return { page: 'skipped', datasetId };
  if (section === 'baselines' && parts.length === 3) return { page: 'baselines', datasetId };
  if (section === 'entities' && parts.length <= 5) {
    // entities, entities/42 (a record), entities/profile, entities/agreement, entities/agreement/42
    const sub = parts[3];
    if (sub === undefined) return { page: 'entities', datasetId, view: 'annotate', recordId: null };
    if (sub === 'profile' && parts.length === 4) return { page: 'entities', datasetId, view: 'profile', recordId: null };
    if (sub === 'agreement') {
      const rid = parts[4] === undefined ? null : positiveInt(parts[4]);
      if (parts[4] === undefined || rid !== null) return { page: 'entities', datasetId, view: 'agreement', recordId: rid };
    }
    const rid = positiveInt(sub);
    if (rid !== null && parts.length === 4) return { page: 'entities', datasetId, view: 'annotate', recordId: rid };
  }
  return { page: 'notfound', hash };
}

export function hrefFor(route: Route): string {
  switch (route.page) {
    case 'datasets':
      return '#/datasets';
    case 'browse':
      return `#/datasets/${route.datasetId}/${route.tab}`;
    case 'timeline':
      return `#/datasets/${route.datasetId}/timeline${route.userId === null ? '' : `/${route.userId}`}`;
    case 'stats':
      return `#/datasets/${route.datasetId}/stats`;
    case 'skipped':
      return `#/datasets/${route.datasetId}/skipped`;
    case 'baselines':
      return `#/datasets/${route.datasetId}/baselines`;
    case 'entities': {
      const base = `#/datasets/${route.datasetId}/entities`;
      if (route.view === 'profile') return `${base}/profile`;
      if (route.view === 'agreement') return `${base}/agreement${route.recordId === null ? '' : `/${route.recordId}`}`;
      return route.recordId === null ? base : `${base}/${route.recordId}`;
    }
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

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    onChange();
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
