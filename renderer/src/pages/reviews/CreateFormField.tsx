import type { ReactNode } from 'react';
import type { Issues } from './createForm';

/** A field of the new-review form, with the problem at its path (shown once the reviewer tried to create). */
export function Field({
  label,
  path,
  issues,
  hint,
  children,
}: {
  label: string;
  path: string;
  issues: Issues;
  hint?: ReactNode;
  children: ReactNode;
}) {
  const issue = issues.get(path);
  return (
    <label className="field run-field" data-field={path}>
      <span className="field-label">{label}</span>
      {children}
      {issue && (
        <span className="field-error" data-testid={`rev-field-error-${path}`}>
          {issue}
        </span>
      )}
      {hint && <span className="hint">{hint}</span>}
    </label>
  );
}
