/**
 * A CodeMirror 6 editor for template text: Jinja highlighting over plain text, completions from the caller,
 * diagnostics pushed by the caller (the back end checks the text, so the editor does not lint on its own), undo,
 * and Mod-S handed to `onSave`. Controlled: `value` in, `onChange` out; an outside change of `value` replaces
 * the text without echoing back.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type CompletionSource } from '@codemirror/autocomplete';
import { history, historyKeymap, standardKeymap } from '@codemirror/commands';
import { jinja } from '@codemirror/lang-jinja';
import { bracketMatching, defaultHighlightStyle, LanguageSupport, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Annotation, EditorState, Text } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers, placeholder as placeholderExt } from '@codemirror/view';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';

/** A problem at a 1-based line and column, as the back end reports it. */
export interface EditorProblem {
  line: number;
  column: number;
  message: string;
  severity?: 'error' | 'warning';
}

export interface CodeEditorHandle {
  /** Inserts text at the cursor (replacing the selection) and focuses the editor. */
  insert(text: string): void;
  focus(): void;
}

interface CodeEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Read on every request, so a new vocabulary applies without rebuilding the editor. */
  completions?: CompletionSource;
  problems?: readonly EditorProblem[];
  onSave?: () => void;
  onFocus?: () => void;
  label: string;
  placeholder?: string;
  testid?: string;
  ref?: Ref<CodeEditorHandle>;
}

const external = Annotation.define<boolean>();

/** Prompts are plain text, not HTML: Jinja tags highlighted, everything between them left alone. */
const plainText = new LanguageSupport(StreamLanguage.define({ name: 'text', token: (stream) => (stream.skipToEnd(), null) }));
const language = jinja({ base: plainText });

const theme = EditorView.theme({
  '&': { fontSize: '13px', border: '1px solid var(--border-strong)', borderRadius: 'var(--radius)', background: 'var(--surface)' },
  '&.cm-focused': { outline: '2px solid var(--accent-2)', borderColor: 'var(--accent)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55', minHeight: '4.8em', maxHeight: '22em' },
  '.cm-gutters': { background: 'var(--surface-2)', borderRight: '1px solid var(--border)', color: 'var(--muted)' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { background: 'var(--accent)' },
  '.cm-completionInfo': { maxWidth: '340px', whiteSpace: 'pre-wrap', fontFamily: 'system-ui, sans-serif', fontSize: '12.5px' },
});

/** Offset of a 1-based line and column in the document, clamped to it. */
export function offsetOf(doc: Text, line: number, column: number): number {
  const l = doc.line(Math.min(Math.max(1, line), doc.lines));
  return Math.min(l.to, l.from + Math.max(0, column - 1));
}

function toDiagnostics(doc: Text, problems: readonly EditorProblem[]): Diagnostic[] {
  return problems.map((p) => {
    const from = offsetOf(doc, p.line, p.column);
    // Underline the word at the position, or one character, so the marker is visible.
    const rest = doc.sliceString(from, Math.min(doc.length, from + 60));
    const word = /^[\w.]+/.exec(rest)?.[0].length ?? 1;
    return {
      from,
      to: Math.min(doc.length, from + word),
      severity: p.severity ?? 'error',
      message: `line ${p.line}, column ${p.column}: ${p.message}`,
    };
  });
}

export function CodeEditor({ value, onChange, completions, problems, onSave, onFocus, label, placeholder, testid, ref }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, completions, onSave, onFocus });
  latest.current = { onChange, completions, onSave, onFocus };

  useImperativeHandle(
    ref,
    () => ({
      insert(text: string) {
        const v = view.current;
        if (!v) return;
        v.dispatch(v.state.replaceSelection(text), { scrollIntoView: true, userEvent: 'input' });
        v.focus();
      },
      focus() {
        view.current?.focus();
      },
    }),
    [],
  );

  // Built once: value, problems and handlers reach it through the effects and refs below.
  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const v = new EditorView({
      parent,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          history(),
          drawSelection(),
          highlightActiveLine(),
          bracketMatching(),
          closeBrackets(),
          EditorView.lineWrapping,
          language,
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          autocompletion({ override: [(cx) => latest.current.completions?.(cx) ?? null], icons: false }),
          lintGutter(),
          // Not defaultKeymap: its Alt-↑/↓ (move line) would take the page's previous/next template keys.
          keymap.of([
            {
              key: 'Mod-s',
              preventDefault: true,
              run: () => {
                latest.current.onSave?.();
                return true;
              },
            },
            ...closeBracketsKeymap,
            ...completionKeymap,
            ...historyKeymap,
            ...lintKeymap,
            ...standardKeymap,
          ]),
          placeholderExt(placeholder ?? ''),
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged && !u.transactions.some((t) => t.annotation(external))) latest.current.onChange(u.state.doc.toString());
            if (u.focusChanged && u.view.hasFocus) latest.current.onFocus?.();
          }),
          theme,
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const current = v.state.doc.toString();
    if (current === value) return;
    const head = Math.min(v.state.selection.main.head, value.length);
    v.dispatch({ changes: { from: 0, to: current.length, insert: value }, selection: { anchor: head }, annotations: external.of(true) });
  }, [value]);

  // Only when new problems arrive: CodeMirror maps the shown ones through edits made meanwhile.
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    v.dispatch(setDiagnostics(v.state, toDiagnostics(v.state.doc, problems ?? [])));
  }, [problems]);

  return <div className="code-editor" ref={host} data-testid={testid} />;
}
