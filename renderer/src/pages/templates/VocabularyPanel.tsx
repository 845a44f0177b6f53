/** The side panel documenting what a family's templates may read: its variables (with type and entity label) and the filters. */
import type { Family } from '../../../../preload/api-templates';
import { Spinner } from '../../components/bits';
import type { Vocabulary } from './completion';
import { FAMILY_TITLE } from './model';

interface VocabularyPanelProps {
  family: Family;
  vocabulary: Vocabulary | null;
  /** Inserts a snippet into the editor last focused. */
  onInsert: (snippet: string) => void;
}

export function VocabularyPanel({ family, vocabulary, onInsert }: VocabularyPanelProps) {
  return (
    <aside className="tpl-vocab card" aria-label="Variables and filters" data-testid="tpl-vocab">
      <h3 className="card-title">Variables of {FAMILY_TITLE[family].toLowerCase()}</h3>
      <p className="hint">
        Click a name to insert it where the cursor was. In the editors, type inside <code>{'{{ }}'}</code> for variables, after{' '}
        <code>|</code> for filters (Ctrl+Space lists them).
      </p>
      {vocabulary === null ? (
        <Spinner label="Loading variables…" />
      ) : (
        <>
          <dl className="tpl-vocab-list" data-testid="tpl-vocab-variables">
            {vocabulary.variables.map((v) => (
              <div key={v.name} className="tpl-vocab-row">
                <dt>
                  <button
                    type="button"
                    className="link-button tpl-vocab-name"
                    onClick={() => onInsert(`{{ ${v.name} }}`)}
                    title={`Insert {{ ${v.name} }}`}
                  >
                    {v.name}
                  </button>{' '}
                  <span className="tpl-vocab-type">{v.type}</span>
                  {v.label && (
                    <span className="tpl-vocab-label" title="Entity label its spans carry">
                      {v.label}
                    </span>
                  )}
                </dt>
                <dd>{v.doc}</dd>
              </div>
            ))}
          </dl>
          <h3 className="card-title tpl-vocab-filters-title">Filters</h3>
          <dl className="tpl-vocab-list" data-testid="tpl-vocab-filters">
            {vocabulary.filters.map((f) => (
              <div key={f.name} className="tpl-vocab-row">
                <dt>
                  <button
                    type="button"
                    className="link-button tpl-vocab-name"
                    onClick={() => onInsert(` | ${f.name}`)}
                    title={`Insert | ${f.name}`}
                  >
                    | {f.name}
                  </button>
                </dt>
                <dd>{f.doc}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </aside>
  );
}
