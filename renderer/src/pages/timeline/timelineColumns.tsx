/** The timeline table's columns: step, time, item, rating, summary and review, split. */
import type { InteractionRow } from '../../../../preload/api';
import { SplitBadge, Stars } from '../../components/bits';
import type { Column } from '../../components/VirtualTable';
import { fmtTimestamp } from '../../format';

/** `step(i)`: the number shown in the Step column for row `i` ('' while filtered). */
export function timelineColumns(step: (i: number) => number | ''): Column<InteractionRow>[] {
  return [
    {
      key: 'seq',
      label: 'Step',
      width: '64px',
      align: 'right',
      render: (_r, i) => <span className="muted">{step(i)}</span>,
    },
    {
      key: 'timestamp',
      label: 'When (UTC)',
      width: '120px',
      sortKey: 'timestamp',
      render: (r) => {
        const [day, time] = fmtTimestamp(r.timestamp).split(' ');
        return (
          <span className="when">
            <span>{day}</span>
            <span className="muted small">{time}</span>
          </span>
        );
      },
    },
    {
      key: 'item',
      label: 'Item',
      width: 'minmax(200px, 2fr)',
      render: (r) => (
        <span className="two-line">
          <strong>{r.itemTitle ?? r.itemExt}</strong>
          <span className="muted small">{r.itemExt}</span>
        </span>
      ),
      cellTitle: (r) => r.itemTitle ?? r.itemExt,
    },
    { key: 'rating', label: 'Rating', width: '120px', render: (r) => <Stars rating={r.rating} /> },
    {
      key: 'review',
      label: 'Summary and review',
      width: 'minmax(260px, 4fr)',
      render: (r) =>
        r.summary || r.review ? (
          <span className="two-line clamp">
            {r.summary && <strong>{r.summary}</strong>}
            {r.review && <span>{r.review}</span>}
          </span>
        ) : (
          <span className="muted">—</span>
        ),
      cellTitle: (r) => [r.summary, r.review].filter(Boolean).join('\n\n') || undefined,
    },
    { key: 'split', label: 'Split', width: '70px', render: (r) => <SplitBadge split={r.split} /> },
  ];
}
