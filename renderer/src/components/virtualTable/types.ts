/** The virtual table's columns and page requests (shared by its parts and by the pages that use it). */
import type { ReactNode } from 'react';

export type SortDir = 'asc' | 'desc';

export interface Column<R> {
  key: string;
  label: string;
  /** A CSS grid track: '90px', 'minmax(180px, 2fr)', … */
  width: string;
  /** When set, the header is a button that sorts by this key. */
  sortKey?: string;
  align?: 'left' | 'right' | 'center';
  render: (row: R, index: number) => ReactNode;
  /** Full text shown on hover, for cells that truncate. */
  cellTitle?: (row: R) => string | undefined;
}

export interface PageQuery {
  offset: number;
  limit: number;
}
