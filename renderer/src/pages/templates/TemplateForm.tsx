/**
 * The centre column: a template's fields (name, seen/unseen, answer choices, notes) and its input and target in
 * code editors, with the back end's problems shown at their line and column, and the family's vocabulary beside.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Template, TemplateProblem } from '../../../../preload/api-templates';
import { CodeEditor, type CodeEditorHandle, type EditorProblem } from '../../components/CodeEditor';
import { templateCompletions, type Vocabulary } from './completion';
import { formatChoices, parseChoices, problemsOf, type Draft, type ProblemField } from './model';
import { SeenBadge } from './TemplateList';
import { VocabularyPanel } from './VocabularyPanel';

export interface SaveRefusal {
  message: string;
  field: ProblemField | null;
}

interface TemplateFormProps {
  template: Template | null;
  draft: Draft;
  onDraft: (d: Draft) => void;
  dirty: boolean;
  problems: readonly TemplateProblem[];
  saving: boolean;
  refusal: SaveRefusal | null;
  onSave: () => void;
  onDelete: (() => void) | null;
  vocabulary: Vocabulary | null;
}

const toEditorProblems = (ps: readonly TemplateProblem[]): EditorProblem[] =>
  ps.map((p) => ({ line: p.line, column: p.column, message: p.message }));

export function TemplateForm({
  template,
  draft,
  onDraft,
  dirty,
  problems,
  saving,
  refusal,
  onSave,
  onDelete,
  vocabulary,
}: TemplateFormProps) {
  const inputEditor = useRef<CodeEditorHandle>(null);
  const targetEditor = useRef<CodeEditorHandle>(null);
  const lastFocused = useRef<'input' | 'target'>('input');
  const vocabRef = useRef(vocabulary);
  vocabRef.current = vocabulary;
  const completions = useMemo(() => templateCompletions(() => vocabRef.current), []);

  // The choices box keeps what the user types ("yes, " mid-word); it follows the draft when the draft changes elsewhere.
  const [choicesText, setChoicesText] = useState(formatChoices(draft.answerChoices));
  useEffect(() => {
    setChoicesText((text) =>
      formatChoices(parseChoices(text)) === formatChoices(draft.answerChoices) ? text : formatChoices(draft.answerChoices),
    );
  }, [draft.answerChoices]);

  const inputProblems = useMemo(() => toEditorProblems(problemsOf(problems, 'input')), [problems]);
  const targetProblems = useMemo(() => toEditorProblems(problemsOf(problems, 'target')), [problems]);
  const nameEmpty = draft.name.trim() === '';

  const fieldRefusal = (field: ProblemField) =>
    refusal?.field === field ? (
      <p className="field-error tpl-refusal" role="alert" data-testid="tpl-save-error">
        Not saved: {refusal.message}
      </p>
    ) : null;

  return (
    <div className="tpl-form" data-testid="tpl-form">
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
      {refusal && refusal.field === null && (
        <p className="error-box" role="alert" data-testid="tpl-save-error">
          Not saved: {refusal.message}
        </p>
      )}

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
          {fieldRefusal('name')}
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
          {fieldRefusal('answerChoices')}
        </label>
      </div>

      <div className="field">
        <span className="field-label" id="tpl-input-label">
          Input <span className="hint">— the prompt the model reads</span>
        </span>
        <CodeEditor
          ref={inputEditor}
          value={draft.input}
          onChange={(input) => onDraft({ ...draft, input })}
          completions={completions}
          problems={inputProblems}
          onSave={onSave}
          onFocus={() => (lastFocused.current = 'input')}
          label="Input template"
          placeholder="e.g. What will user {{ user_id }} buy after {{ history | join(', ') }}?"
          testid="tpl-input"
        />
        <ProblemList problems={problemsOf(problems, 'input')} field="input" />
        {fieldRefusal('input')}
      </div>
      <div className="field">
        <span className="field-label">
          Target <span className="hint">— what the model should answer</span>
        </span>
        <CodeEditor
          ref={targetEditor}
          value={draft.target}
          onChange={(target) => onDraft({ ...draft, target })}
          completions={completions}
          problems={targetProblems}
          onSave={onSave}
          onFocus={() => (lastFocused.current = 'target')}
          label="Target template"
          placeholder="e.g. {{ item_title }}"
          testid="tpl-target"
        />
        <ProblemList problems={problemsOf(problems, 'target')} field="target" />
        {fieldRefusal('target')}
      </div>
      <label className="field">
        <span className="field-label">Notes</span>
        <textarea
          value={draft.notes}
          rows={2}
          maxLength={5000}
          onChange={(e) => onDraft({ ...draft, notes: e.target.value })}
          data-testid="tpl-notes"
        />
      </label>

      <VocabularyPanel
        family={draft.family}
        vocabulary={vocabulary}
        onInsert={(snippet) => (lastFocused.current === 'target' ? targetEditor : inputEditor).current?.insert(snippet)}
      />
    </div>
  );
}

function ProblemList({ problems, field }: { problems: readonly TemplateProblem[]; field?: string }) {
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
