/** The left column: templates grouped by family with counts, seen/unseen badges, a filter, and "New" per family. */
import type { Family, Template } from '../../../../preload/api-templates';
import { FilterBox, Spinner } from '../../components/bits';
import { hrefFor } from '../../route';
import { FAMILIES, FAMILY_TITLE, matchesFilter } from './model';

interface TemplateListProps {
  templates: Template[] | null;
  currentId: string | null;
  /** The family a new, unsaved template is being written for. */
  newFamily: Family | null;
  filter: string;
  onFilter: (f: string) => void;
}

export function TemplateList({ templates, currentId, newFamily, filter, onFilter }: TemplateListProps) {
  const shown = (templates ?? []).filter((t) => matchesFilter(t, filter));
  return (
    <nav className="tpl-list card" aria-label="Templates" data-testid="tpl-list">
      <div className="tpl-list-head">
        <FilterBox value={filter} onChange={onFilter} placeholder="Filter templates" />
        {templates && (
          <span className="table-total" data-testid="tpl-list-total">
            {filter ? `${shown.length} of ${templates.length}` : `${templates.length} templates`}
          </span>
        )}
      </div>
      {templates === null ? (
        <Spinner label="Loading templates…" />
      ) : templates.length === 0 ? (
        <p className="muted tpl-list-empty" data-testid="tpl-list-empty">
          No templates in this workspace. Start one with “New” below, import a YAML set, or restore the built-in set (toolbar above).
        </p>
      ) : shown.length === 0 ? (
        <p className="muted tpl-list-empty">No template matches “{filter}”.</p>
      ) : null}
      <div className="tpl-list-scroll">
        {FAMILIES.map((family) => {
          const all = (templates ?? []).filter((t) => t.family === family);
          const inFamily = shown.filter((t) => t.family === family);
          if (filter && inFamily.length === 0) return null;
          const unseen = all.filter((t) => !t.seen).length;
          return (
            <section key={family} className="tpl-family" data-testid="tpl-family" data-family={family}>
              <header className="tpl-family-head">
                <h3 title={`${all.length} templates, ${unseen} held out (unseen)`}>
                  {FAMILY_TITLE[family]} <span className="tab-count">{filter ? `${inFamily.length}/${all.length}` : all.length}</span>
                </h3>
                <a
                  className={`button small tpl-new${newFamily === family ? ' current' : ''}`}
                  href={hrefFor({ page: 'templates', view: 'new', family })}
                  title={`New ${family} template`}
                  data-testid={`tpl-new-${family}`}
                >
                  + New
                </a>
              </header>
              <ul className="tpl-items">
                {inFamily.map((t) => (
                  <li key={t.id}>
                    <a
                      href={hrefFor({ page: 'templates', view: 'edit', templateId: t.id })}
                      className={`tpl-item${t.id === currentId ? ' current' : ''}`}
                      aria-current={t.id === currentId ? 'page' : undefined}
                      data-testid="tpl-item"
                      data-id={t.id}
                      title={t.input}
                    >
                      <span className="tpl-item-id">{t.id}</span>
                      <span className="tpl-item-name">{t.name}</span>
                      {!t.builtin && (
                        <span className="tpl-edited" title="Changed from the built-in set">
                          ●
                        </span>
                      )}
                      <SeenBadge seen={t.seen} />
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </nav>
  );
}

export function SeenBadge({ seen }: { seen: boolean }) {
  return (
    <span
      className={`badge tpl-badge-${seen ? 'seen' : 'unseen'}`}
      title={seen ? 'Seen: used in training' : 'Unseen: held out of training to measure zero-shot generalization'}
      data-testid="tpl-seen-badge"
    >
      {seen ? 'seen' : 'unseen'}
    </span>
  );
}

/** The ids in the order the list shows them, for Alt+↑/↓. */
export function visibleIds(templates: readonly Template[] | null, filter: string): string[] {
  const shown = (templates ?? []).filter((t) => matchesFilter(t, filter));
  return FAMILIES.flatMap((f) => shown.filter((t) => t.family === f).map((t) => t.id));
}
