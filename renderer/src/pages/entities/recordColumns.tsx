/** The record list's columns: the user (the open one marked), the text, the spans, the status, the annotators. */
import type { RecordSummary } from '../../../../preload/api-entities';
import type { Column } from '../../components/VirtualTable';

/** `overrides`: what the editor changed since the rows were fetched. */
export function recordColumns(overrides: ReadonlyMap<number, Partial<RecordSummary>>, currentId: number | null): Column<RecordSummary>[] {
  const merged = (r: RecordSummary): RecordSummary => ({ ...r, ...overrides.get(r.id) });
  return [
    {
      key: 'user',
      label: 'User',
      width: '64px',
      render: (r) => <span className={r.id === currentId ? 'ent-current' : undefined}>{r.userExtId}</span>,
      cellTitle: (r) => `user ${r.userExtId}`,
    },
    {
      key: 'text',
      label: 'Text',
      width: 'minmax(120px, 1fr)',
      render: (r) => r.snippet,
      cellTitle: (r) => `user ${r.userExtId}: ${r.snippet}`,
    },
    { key: 'spans', label: 'Spans', width: '50px', align: 'right', render: (r) => merged(r).spans },
    {
      key: 'status',
      label: 'Status',
      width: '90px',
      render: (r) => {
        const s = merged(r).status;
        return <span className={`ent-status ent-status-${s}`}>{s}</span>;
      },
    },
    {
      key: 'who',
      label: 'Annotators',
      width: '96px',
      render: (r) =>
        merged(r)
          .annotators.filter((a) => !a.startsWith('@'))
          .join(', ') || <span className="muted">—</span>,
      cellTitle: (r) => merged(r).annotators.join(', '),
    },
  ];
}
