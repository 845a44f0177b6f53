/** Parts of the template form: its head (title, version, save state, actions) and its plain fields (name, seen, choices). */
import { useEffect, useState } from 'react';
import type { Template, TemplateProblem } from '../../../../preload/api-templates';
import { formatChoices, parseChoices, problemsOf, type Draft, type ProblemField, type SaveRefusal } from './model';
import { SeenBadge } from './TemplateList';

interface HeadProps {
  template: Template | null;
  draft: Draft;
  dirty: boolean;
  saving: boolean;
  onSave: () => void;
  onDelete: (() => void) | null;
}

export function TemplateFormHead({ template, draft, dirty, saving, onSave, onDelete }: HeadProps) {
  return (
    <header className="tpl-form-head">
      <div>
        <h2>
          {template ? (
            <>
              <span className="tpl-item-id">{template.id}</span> {template.name}
            </>
          ) : (
            <>New {draft.family} template</>
          )}
        </h2>
        <div className="tpl-form-meta">
          {template ? (
            <span data-testid="tpl-version" data-version={template.version}>
              version {template.version}
            </span>
          ) : (
            <span className="muted">not saved yet: its id is given on the first save</span>
          )}
          {template && <span className="muted">{template.builtin ? 'as built in' : 'custom: not the built-in text'}</span>}
          <SeenBadge seen={draft.seen} />
          <span className={`tpl-save-state${dirty ? ' unsaved' : ''}`} data-testid="tpl-save-state" data-dirty={dirty ? 'true' : 'false'}>
            {saving ? 'saving…' : dirty ? '● unsaved changes' : template ? 'saved' : 'not saved'}
          </span>
        </div>
      </div>
      <div className="tpl-form-actions">
        {onDelete && (
          <button type="button" className="button small danger" onClick={onDelete} data-testid="tpl-delete">
            Delete…
          </button>
        )}
        <button
          type="button"
          className="button primary"
          onClick={onSave}
          disabled={saving || (!dirty && template !== null)}
          data-testid="tpl-save"
          title="Save a new version (Ctrl/⌘+S)"
        >
          Save <kbd>Ctrl+S</kbd>
        </button>
      </div>
    </header>
  );
}

/** A refusal of the save that names this field, under it. */
export function FieldRefusal({ refusal, field }: { refusal: SaveRefusal | null; field: ProblemField }) {
  if (refusal?.field !== field) return null;
  return (
    <p className="field-error tpl-refusal" role="alert" data-testid="tpl-save-error">
      Not saved: {refusal.message}
    </p>
  );
}

export function ProblemList({ problems, field }: { problems: readonly TemplateProblem[]; field?: string }) {
  if (problems.length === 0) return null;
  return (
    <ul className="tpl-problems" data-testid={field ? `tpl-problems-${field}` : 'tpl-problems'}>
      {problems.map((p, i) => (
        <li key={i} className="field-error">
          {p.field === 'input' || p.field === 'target' ? (
            <>
              line {p.line}, column {p.column}: {p.message}
            </>
          ) : (
            p.message
          )}
        </li>
      ))}
    </ul>
  );
}

interface FieldsProps {
  draft: Draft;
  onDraft: (d: Draft) => void;
  problems: readonly TemplateProblem[];
  refusal: SaveRefusal | null;
}

export function TemplateMetaFields({ draft, onDraft, problems, refusal }: FieldsProps) {
  // The choices box keeps what the user types ("yes, " mid-word); it follows the draft when the draft changes elsewhere.
  const [choicesText, setChoicesText] = useState(formatChoices(draft.answerChoices));
  useEffect(() => {
    setChoicesText((text) =>
      formatChoices(parseChoices(text)) === formatChoices(draft.answerChoices) ? text : formatChoices(draft.answerChoices),
    );
  }, [draft.answerChoices]);
  const nameEmpty = draft.name.trim() === '';
  return (
    <div className="tpl-fields">
      <label className="field tpl-field-name">
        <span className="field-label">Name</span>
        <input
          value={draft.name}
          maxLength={120}
          onChange={(e) => onDraft({ ...draft, name: e.target.value })}
          aria-invalid={nameEmpty || refusal?.field === 'name' ? true : undefined}
          data-testid="tpl-name"
        />
        {nameEmpty && <span className="field-error">Give the template a name.</span>}
        <FieldRefusal refusal={refusal} field="name" />
      </label>
      <label className="checkbox tpl-field-seen" title="Unseen templates are held out of training to measure zero-shot generalization">
        <input
          type="checkbox"
          checked={draft.seen}
          onChange={(e) => onDraft({ ...draft, seen: e.target.checked })}
          data-testid="tpl-seen"
        />
        <span>
          Seen in training
          <span className="hint"> — untick to hold it out (unseen)</span>
        </span>
      </label>
      <label className="field tpl-field-choices">
        <span className="field-label">Answer choices</span>
        <input
          value={choicesText}
          placeholder="none (free text), or e.g. yes, no"
          onChange={(e) => {
            setChoicesText(e.target.value);
            onDraft({ ...draft, answerChoices: parseChoices(e.target.value) });
          }}
          aria-invalid={problemsOf(problems, 'answerChoices').length > 0 ? true : undefined}
          data-testid="tpl-choices"
        />
        <span className="hint">Comma-separated. The target must render to one of them.</span>
        <ProblemList problems={problemsOf(problems, 'answerChoices')} />
        <FieldRefusal refusal={refusal} field="answerChoices" />
      </label>
    </div>
  );
}
