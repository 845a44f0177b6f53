/**
 * A template's version history (newest first): pick a version to see a line diff of it against the editor's
 * current text, and restore it as a new version. No anchor diffs prompt versions in the app (product-anchors §2).
 */
import { useMemo, useState } from 'react';
import type { TemplateVersion } from '../../../../preload/api-templates';
import { fmtCreated } from '../../format';
import { diffCounts, lineDiff, type DiffLine } from './diff';
import { formatChoices, type Draft } from './model';

interface VersionsPanelProps {
  versions: readonly TemplateVersion[];
  current: Draft;
  currentVersion: number;
  dirty: boolean;
  restoring: boolean;
  onRestore: (version: number) => void;
}

export function VersionsPanel({ versions, current, currentVersion, dirty, restoring, onRestore }: VersionsPanelProps) {
  const [picked, setPicked] = useState<number | null>(null);
  // By default compare with the version before the current one: what the last save changed.
  const fallback = versions.find((v) => v.version !== currentVersion)?.version ?? null;
  const chosen = versions.find((v) => v.version === (picked ?? fallback)) ?? null;

  return (
    <section className="card tpl-versions" aria-label="Versions" data-testid="tpl-versions">
      <h3 className="card-title">
        Versions <span className="tab-count">{versions.length}</span>
      </h3>
      <ol className="tpl-version-list" data-testid="tpl-version-list">
        {versions.map((v) => (
          <li key={v.version}>
            <button
              type="button"
              className={`tpl-version-row${chosen?.version === v.version ? ' current' : ''}`}
              onClick={() => setPicked(v.version)}
              aria-pressed={chosen?.version === v.version}
              data-testid="tpl-version-row"
              data-version={v.version}
            >
              <span className="tpl-version-num">v{v.version}</span>
              <span className="tpl-version-when">{fmtCreated(v.createdAt)}</span>
              <span className="tpl-version-who">{v.author}</span>
              {v.version === currentVersion && <span className="badge">current</span>}
            </button>
          </li>
        ))}
      </ol>
      {chosen && (
        <VersionDiff
          version={chosen}
          current={current}
          label={dirty ? 'the editor (unsaved)' : `v${currentVersion}`}
          restoring={restoring}
          onRestore={chosen.version === currentVersion && !dirty ? null : () => onRestore(chosen.version)}
        />
      )}
      {versions.length <= 1 && <p className="hint">Each save makes a new version; they are listed here to compare and restore.</p>}
    </section>
  );
}

function VersionDiff({
  version,
  current,
  label,
  restoring,
  onRestore,
}: {
  version: TemplateVersion;
  current: Draft;
  label: string;
  restoring: boolean;
  onRestore: (() => void) | null;
}) {
  const parts = useMemo(() => {
    const meta = (d: Draft | TemplateVersion) =>
      [
        `name: ${d.name}`,
        `seen: ${d.seen ? 'yes' : 'no (unseen)'}`,
        `answer choices: ${formatChoices(d.answerChoices) || '—'}`,
        `notes: ${d.notes}`,
      ].join('\n');
    return [
      { title: 'Input', lines: lineDiff(version.input, current.input) },
      { title: 'Target', lines: lineDiff(version.target, current.target) },
      { title: 'Fields', lines: lineDiff(meta(version), meta(current)) },
    ];
  }, [version, current]);
  const changed = parts.some((p) => p.lines.some((l) => l.kind !== 'same'));
  return (
    <div className="tpl-diff" data-testid="tpl-diff">
      <div className="tpl-diff-head">
        <span>
          <strong>v{version.version}</strong> → {label}
          {!changed && <span className="muted"> · identical</span>}
        </span>
        {onRestore && (
          <button type="button" className="button small" onClick={onRestore} disabled={restoring} data-testid="tpl-restore-version">
            {restoring ? 'Restoring…' : `Restore v${version.version}`}
          </button>
        )}
      </div>
      {parts.map((p) => {
        const c = diffCounts(p.lines);
        if (c.added === 0 && c.removed === 0) return null;
        return (
          <div key={p.title} className="tpl-diff-part">
            <div className="tpl-diff-title">
              {p.title}{' '}
              <span className="tpl-diff-counts">
                <span className="tpl-diff-add">+{c.added}</span> <span className="tpl-diff-del">−{c.removed}</span>
              </span>
            </div>
            <DiffLines lines={p.lines} />
          </div>
        );
      })}
    </div>
  );
}

function DiffLines({ lines }: { lines: readonly DiffLine[] }) {
  return (
    <pre className="tpl-diff-lines">
      {lines.map((l, i) => (
        <div key={i} className={`tpl-diff-line tpl-diff-${l.kind}`} data-kind={l.kind}>
          <span className="tpl-diff-no">{l.oldLine ?? ''}</span>
          <span className="tpl-diff-no">{l.newLine ?? ''}</span>
          <span className="tpl-diff-mark">{l.kind === 'add' ? '+' : l.kind === 'del' ? '−' : ' '}</span>
          <span className="tpl-diff-text">{l.text || ' '}</span>
        </div>
      ))}
    </pre>
  );
}
