/** How an import ended: stopped by bad input (file, line, field shown), or done with its figures and a way in. */
import type { ImportResult } from '../../../../preload/api';
import { useWorkspace } from '../../data';
import { fmtInt } from '../../format';
import { parseWhere } from './formats';

export function ImportFailure({ message, skipInvalid }: { message: string; skipInvalid: boolean }) {
  const where = parseWhere(message);
  return (
    <div className="error-box import-failure" role="alert" data-testid="import-error">
      <strong>The import stopped and nothing was added.</strong>
      {where ? (
        <dl className="kv where" data-testid="import-error-where">
          <dt>File</dt>
          <dd data-testid="import-error-file">{where.file}</dd>
          <dt>Line</dt>
          <dd data-testid="import-error-line">{where.line}</dd>
          {where.field && (
            <>
              <dt>Field</dt>
              <dd data-testid="import-error-field">{where.field}</dd>
            </>
          )}
          <dt>Problem</dt>
          <dd>{where.reason}</dd>
        </dl>
      ) : (
        <p className="error-message">{message}</p>
      )}
      {!skipInvalid && where && (
        <p className="small">Fix that row, or go back and tick “Skip invalid rows” to import the rest and list the bad rows.</p>
      )}
    </div>
  );
}

export function asImportResult(v: unknown): ImportResult | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Partial<ImportResult>;
  return typeof r.datasetId === 'number' ? (r as ImportResult) : null;
}

export function ImportSuccess({
  result,
  fallbackId,
  onOpen,
}: {
  result: ImportResult | null;
  fallbackId: number;
  onOpen: (id: number) => void;
}) {
  const { datasets } = useWorkspace();
  // When the result did not reach us (the event channel dropped), the new dataset is the newest one.
  const newest = (datasets ?? []).filter((d) => d.id > fallbackId).sort((a, b) => b.id - a.id)[0];
  const shown =
    result ??
    (newest
      ? {
          datasetId: newest.id,
          name: newest.name,
          users: newest.users,
          items: newest.items,
          interactions: newest.interactions,
          skipped: newest.skipped,
        }
      : null);
  if (!shown) return <div className="notice">Import finished.</div>;
  return (
    <div className="import-result" data-testid="import-result">
      <p className="ok-line">
        ✓ Imported <strong data-testid="import-result-name">{shown.name}</strong>
      </p>
      <div className="stat-row">
        <Figure label="users" value={shown.users} testid="import-result-users" />
        <Figure label="items" value={shown.items} testid="import-result-items" />
        <Figure label="interactions" value={shown.interactions} testid="import-result-interactions" />
        <Figure label="skipped rows" value={shown.skipped} testid="import-result-skipped" warn={shown.skipped > 0} />
      </div>
      <button type="button" className="button primary" onClick={() => onOpen(shown.datasetId)} data-testid="import-open" data-autofocus>
        Open dataset
      </button>
    </div>
  );
}

function Figure({ label, value, testid, warn }: { label: string; value: number; testid: string; warn?: boolean }) {
  return (
    <div className={`figure${warn ? ' figure-warn' : ''}`}>
      <div className="figure-value" data-testid={testid}>
        {fmtInt(value)}
      </div>
      <div className="figure-label">{label}</div>
    </div>
  );
}
