/** Errors from calls are shown in a dismissible banner, never swallowed. */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { CallFailed } from './client';

export interface ShownError {
  key: number;
  context: string;
  message: string;
  code: string;
  where?: { file?: string; line?: number; field?: string };
}

interface ErrorsApi {
  report(err: unknown, context?: string): void;
  dismiss(key: number): void;
  errors: ShownError[];
}

const ErrorsContext = createContext<ErrorsApi>({ report: (err) => console.error(err), dismiss: () => {}, errors: [] });

export function useReportError(): (err: unknown, context?: string) => void {
  return useContext(ErrorsContext).report;
}

export function describeWhere(where: ShownError['where']): string | null {
  if (!where) return null;
  const parts: string[] = [];
  if (where.file) parts.push(`file ${where.file}`);
  if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.field) parts.push(`field “${where.field}”`);
  return parts.length ? parts.join(', ') : null;
}

export function toShown(err: unknown, context: string, key: number): ShownError {
  if (err instanceof CallFailed) return { key, context, message: err.message, code: err.code, ...(err.where ? { where: err.where } : {}) };
  if (err instanceof Error) return { key, context, message: err.message, code: 'internal' };
  return { key, context, message: String(err), code: 'internal' };
}

let nextKey = 1;

export function ErrorsProvider({ children }: { children: ReactNode }) {
  const [errors, setErrors] = useState<ShownError[]>([]);
  const report = useCallback((err: unknown, context = '') => {
    const shown = toShown(err, context, nextKey++);
    setErrors((list) => {
      // The same failure repeated (a retrying poll, say) is shown once.
      if (list.some((e) => e.message === shown.message && e.context === shown.context)) return list;
      return [...list.slice(-4), shown];
    });
  }, []);
  const dismiss = useCallback((key: number) => setErrors((list) => list.filter((e) => e.key !== key)), []);
  const api = useMemo(() => ({ report, dismiss, errors }), [report, dismiss, errors]);
  return <ErrorsContext.Provider value={api}>{children}</ErrorsContext.Provider>;
}

export function ErrorBanner() {
  const { errors, dismiss } = useContext(ErrorsContext);
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      {errors.map((e) => (
        <div className="error-banner-item" key={e.key} data-testid="error-banner-item">
          <span className="error-code">{e.code.replace('_', ' ')}</span>
          <span className="error-text">
            {e.context && <strong>{e.context}: </strong>}
            {e.message}
            {describeWhere(e.where) && <span className="error-where"> — {describeWhere(e.where)}</span>}
          </span>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss error"
            title="Dismiss"
            data-testid="error-dismiss"
            onClick={() => dismiss(e.key)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
