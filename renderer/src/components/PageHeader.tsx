/** A page's title, the line under it that says what the page is for, and its actions on the right. */
import type { ReactNode } from 'react';

export function PageHeader({ title, sub, children }: { title: ReactNode; sub?: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {sub !== undefined && <p className="page-sub">{sub}</p>}
      </div>
      {children}
    </header>
  );
}
