/** Cells the pages' lists share: a thing's name with its number and age, a progress count, an error note. */
import type { ReactNode } from 'react';
import { fmtCreated, fmtInt } from '../format';

/** The name, linking to the thing, over "#12 · 3 min ago". */
export function NameCell(p: { href: string; testid: string; title: string; id: number; createdAt: string; children: ReactNode }) {
  return (
    <>
      <a href={p.href} data-testid={p.testid} title={p.title}>
        {p.children}
      </a>
      <span className="run-sub">
        #{p.id} · {fmtCreated(p.createdAt)}
      </span>
    </>
  );
}

/** "1,200 / 5,000" (or "/ ?" while the total is unknown), with the count done in `data-done` for tests. */
export function DoneCount({ done, total, testid }: { done: number; total: number | null; testid: string }) {
  return (
    <span className="run-steps" data-testid={testid} data-done={done}>
      {fmtInt(done)} / {total === null ? '?' : fmtInt(total)}
    </span>
  );
}

/** A failed job's message under its status, whole in the tooltip. */
export function ErrorNote({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <span className="run-sub gen-error" title={error}>
      {error}
    </span>
  );
}
