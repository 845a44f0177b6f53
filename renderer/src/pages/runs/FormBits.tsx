/**
 * Labelled inputs of the new-run form that show the schema's complaint about their own key, and the pieces the
 * studio's start forms (runs, generations, identifier sets) share: the submit row and a template checklist.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { Template } from '../../../../preload/api-templates';

/** Complaints by key path; a field shows the first one at its path or below it (lora → lora.rank). */
export type Issues = ReadonlyMap<string, string>;

export function issueAt(issues: Issues, path: string): string | null {
  for (const [p, message] of issues) if (p === path || p.startsWith(`${path}.`)) return message;
  return null;
}

export function Field({
  label,
  path,
  issues,
  hint,
  children,
  className,
}: {
  label: ReactNode;
  path: string;
  issues: Issues;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const issue = issueAt(issues, path);
  return (
    <label className={`field run-field${className ? ` ${className}` : ''}`} data-field={path}>
      <span className="field-label">{label}</span>
      {children}
      {issue && (
        <span className="field-error" data-testid={`run-field-error-${path}`}>
          {issue}
        </span>
      )}
      {hint && <span className="hint">{hint}</span>}
    </label>
  );
}

/**
 * Numbers are typed as text so a half-written "1e-" stays as typed; the schema names what is wrong with it.
 * Empty means "the default", which the placeholder shows.
 */
export function NumInput({
  value,
  onChange,
  placeholder,
  invalid,
  testid,
  disabled,
  label,
}: {
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  invalid: boolean;
  testid: string;
  disabled?: boolean;
  label?: string;
}) {
  return (
    <input
      type="text"
      inputMode="decimal"
      autoComplete="off"
      spellCheck={false}
      value={value}
      placeholder={placeholder}
      aria-invalid={invalid || undefined}
      aria-label={label}
      disabled={disabled}
      data-testid={testid}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function Section({ title, children, testid }: { title: string; children: ReactNode; testid?: string }) {
  return (
    <fieldset className="run-section" data-testid={testid}>
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

/** The start button with its Ctrl/⌘+Enter hint, and the refusal under it (whatever the back end or the schema said). */
export function SubmitRow({
  label,
  busy,
  disabled,
  testid,
  error,
  errorTestid,
}: {
  label: string;
  busy: boolean;
  disabled?: boolean;
  testid: string;
  error: ReactNode;
  errorTestid: string;
}) {
  return (
    <>
      <div className="run-form-actions">
        <button type="submit" className="button primary" disabled={busy || disabled} data-testid={testid} title={`${label} (Ctrl/⌘+Enter)`}>
          {busy ? 'Starting…' : label}
        </button>
        <span className="hint">
          <kbd>Ctrl</kbd>/<kbd>⌘</kbd>+<kbd>Enter</kbd>
        </span>
      </div>
      {error && (
        <div className="error-box run-start-error" role="alert" data-testid={errorTestid}>
          {error}
        </div>
      )}
    </>
  );
}

/** `list` with `id` in or out. */
export const toggled = (list: readonly string[], id: string, on: boolean): string[] => (on ? [...list, id] : list.filter((x) => x !== id));

/** Templates to tick, one line each: id, name, and what `note` says of it (seen or not, its kind, its family). */
export function TemplateChecklist({
  templates,
  picked,
  onChange,
  testid,
  note,
}: {
  templates: readonly Template[];
  picked: readonly string[];
  onChange: (picked: string[]) => void;
  /** Each checkbox is `${testid}-${template id}`. */
  testid: string;
  note: (t: Template) => ReactNode;
}) {
  return (
    <div className="gen-template-list" role="group">
      {templates.map((t) => (
        <label className="checkbox small gen-template" key={t.id} title={t.input}>
          <input
            type="checkbox"
            checked={picked.includes(t.id)}
            data-testid={`${testid}-${t.id}`}
            onChange={(e) => onChange(toggled(picked, t.id, e.target.checked))}
          />
          <code>{t.id}</code> <span className="gen-template-name">{t.name}</span>
          {note(t)}
        </label>
      ))}
    </div>
  );
}

/**
 * A start form's action: refused with the draft's first issue, else `go` runs, one start at a time. The refusal
 * (or the back end's error) stays until the form changes.
 */
export function useStart(
  issues: Issues,
  form: unknown,
  go: () => Promise<void>,
): { starting: boolean; error: string | null; start: () => void } {
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [form]);
  const start = (): void => {
    if (starting) return;
    const first = [...issues][0];
    if (first) {
      setError(`${first[0]}: ${first[1]}`);
      return;
    }
    setStarting(true);
    go()
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setStarting(false));
  };
  return { starting, error, start };
}
