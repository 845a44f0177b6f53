/** Moving between templates: #/templates opens the first one; Alt+↑/↓ go to the previous/next in the list as filtered. */
import { useEffect, useRef } from 'react';
import type { Template } from '../../../../preload/api-templates';
import { hrefFor, navigate, type TemplatesRoute } from '../../route';
import { visibleIds } from './TemplateList';

export function useTemplateNavigation(route: TemplatesRoute, templates: Template[] | null, filter: string): void {
  const currentId = route.view === 'edit' ? route.templateId : null;
  // #/templates with nothing chosen opens the first template, without a history entry of its own.
  useEffect(() => {
    if (route.view !== 'edit' || route.templateId !== null || !templates || templates.length === 0) return;
    const first = visibleIds(templates, '')[0];
    if (first) window.location.replace(hrefFor({ page: 'templates', view: 'edit', templateId: first }));
  }, [route, templates]);

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
}
