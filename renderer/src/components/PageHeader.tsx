/** A page's title and the sentence or two under it that say what the page is for. */
import type { ReactNode } from 'react';

export function PageHeader({ title, children }: { title: string; children: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        <p className="page-sub">{children}</p>
      </div>
    </header>
  );
}
