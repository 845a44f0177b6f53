/**
 * A page's table of the things it lists (generation sets, reviews, LUM runs, identifier sets): a row each, the open
 * one marked, the row's actions last, and a delete that asks first. What differs lives in the columns and callbacks.
 */
import { useState, type ReactNode } from 'react';
import { ConfirmDialog, type ConfirmDialogProps } from './Dialog';

export interface ItemColumn<T> {
  header: ReactNode;
  /** Class of the header cell and of each cell (`num` right-aligns). */
  className?: string;
  /** Class of each cell only (`run-name-cell`, …). */
  cellClassName?: string;
  cell: (row: T) => ReactNode;
  /** A test id on each cell. */
  testid?: string;
  title?: (row: T) => string;
}

/** The delete question for one row: the dialog's words, what it says, and what confirming does. */
export type DeleteQuestion = Omit<ConfirmDialogProps, 'onCancel' | 'children'> & { body: ReactNode };

interface ItemTableProps<T extends { id: number }> {
  rows: readonly T[];
  columns: readonly ItemColumn<T>[];
  className: string;
  testid: string;
  rowTestid: string;
  /** Data attributes of a row (`data-status`, …), for styles and tests. */
  rowData?: (row: T) => Record<`data-${string}`, string | number>;
  /** The row shown open beside or below the table, marked `selected`. */
  openId?: number | null;
  /** The actions column's header: words, or none (then the column is only labelled for screen readers). */
  actionsHeader?: string | null;
  /** The row's buttons; `askDelete` opens the delete question. */
  actions: (row: T, askDelete: () => void) => ReactNode;
  deleteQuestion?: (row: T) => DeleteQuestion;
}

export function ItemTable<T extends { id: number }>(p: ItemTableProps<T>) {
  const [deleting, setDeleting] = useState<T | null>(null);
  const question = deleting && p.deleteQuestion ? p.deleteQuestion(deleting) : null;
  return (
    <div className="card table-card">
      <table className={`table ${p.className}`} data-testid={p.testid}>
        <thead>
          <tr>
            {p.columns.map((c, i) => (
              <th key={i} className={c.className}>
                {c.header}
              </th>
            ))}
            {p.actionsHeader === null ? (
              <th className="actions-col" aria-label="Actions" />
            ) : (
              <th className="actions-col">{p.actionsHeader ?? 'Actions'}</th>
            )}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((row) => (
            <tr
              key={row.id}
              className={p.openId !== undefined && row.id === p.openId ? 'selected' : undefined}
              data-testid={p.rowTestid}
              {...p.rowData?.(row)}
            >
              {p.columns.map((c, i) => (
                <td
                  key={i}
                  className={[c.className, c.cellClassName].filter(Boolean).join(' ') || undefined}
                  data-testid={c.testid}
                  title={c.title?.(row)}
                >
                  {c.cell(row)}
                </td>
              ))}
              <td className="actions-col">{p.actions(row, () => setDeleting(row))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {question && (
        <ConfirmDialog
          {...question}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            setDeleting(null);
            question.onConfirm();
          }}
        >
          {question.body}
        </ConfirmDialog>
      )}
    </div>
  );
}
