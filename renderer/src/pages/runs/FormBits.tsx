/** Labelled inputs of the new-run form that show the schema's complaint about their own key. */
import type { ReactNode } from 'react';

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
