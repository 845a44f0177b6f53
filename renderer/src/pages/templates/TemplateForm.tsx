/**
 * The centre column: a template's fields (name, seen/unseen, answer choices, notes) and its input and target in
 * code editors, with the back end's problems shown at their line and column, and the family's vocabulary beside.
 */
import { useMemo, useRef, type ReactNode, type RefObject } from 'react';
import type { Template, TemplateProblem } from '../../../../preload/api-templates';
import { CodeEditor, type CodeEditorHandle, type EditorProblem } from '../../components/CodeEditor';
import { templateCompletions, type Vocabulary } from './completion';
import { problemsOf, type Draft, type SaveRefusal } from './model';
import { FieldRefusal, ProblemList, TemplateFormHead, TemplateMetaFields } from './TemplateFormParts';
import { VocabularyPanel } from './VocabularyPanel';

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

interface CodeFieldProps {
  field: 'input' | 'target';
  label: ReactNode;
  labelId?: string;
  editorLabel: string;
  placeholder: string;
  editor: RefObject<CodeEditorHandle | null>;
  draft: Draft;
  onDraft: (d: Draft) => void;
  problems: readonly TemplateProblem[];
  refusal: SaveRefusal | null;
  completions: ReturnType<typeof templateCompletions>;
  onSave: () => void;
  onFocus: () => void;
}

/** The input or the target in a code editor, its problems at their line and column under it. */
function CodeField(p: CodeFieldProps) {
  const mine = useMemo(() => problemsOf(p.problems, p.field), [p.problems, p.field]);
  const editorProblems = useMemo(() => toEditorProblems(mine), [mine]);
  return (
    <div className="field">
      <span className="field-label" id={p.labelId}>
        {p.label}
      </span>
      <CodeEditor
        ref={p.editor}
        value={p.draft[p.field]}
        onChange={(text) => p.onDraft({ ...p.draft, [p.field]: text })}
        completions={p.completions}
        problems={editorProblems}
        onSave={p.onSave}
        onFocus={p.onFocus}
        label={p.editorLabel}
        placeholder={p.placeholder}
        testid={`tpl-${p.field}`}
      />
      <ProblemList problems={mine} field={p.field} />
      <FieldRefusal refusal={p.refusal} field={p.field} />
    </div>
  );
}

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
  const code = { draft, onDraft, problems, refusal, completions, onSave };
  return (
    <div className="tpl-form" data-testid="tpl-form">
      <TemplateFormHead template={template} draft={draft} dirty={dirty} saving={saving} onSave={onSave} onDelete={onDelete} />
      {refusal && refusal.field === null && (
        <p className="error-box" role="alert" data-testid="tpl-save-error">
          Not saved: {refusal.message}
        </p>
      )}
      <TemplateMetaFields draft={draft} onDraft={onDraft} problems={problems} refusal={refusal} />
      <CodeField
        {...code}
        field="input"
        labelId="tpl-input-label"
        label={
          <>
            Input <span className="hint">— the prompt the model reads</span>
          </>
        }
        editor={inputEditor}
        editorLabel="Input template"
        placeholder="e.g. What will user {{ user_id }} buy after {{ history | join(', ') }}?"
        onFocus={() => (lastFocused.current = 'input')}
      />
      <CodeField
        {...code}
        field="target"
        label={
          <>
            Target <span className="hint">— what the model should answer</span>
          </>
        }
        editor={targetEditor}
        editorLabel="Target template"
        placeholder="e.g. {{ item_title }}"
        onFocus={() => (lastFocused.current = 'target')}
      />
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
