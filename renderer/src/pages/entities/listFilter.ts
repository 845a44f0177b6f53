import type { RecordStatus } from '../../../../preload/api-entities';

/** What the record list shows: a status, a label, an annotator, a text (empty: any). Kept per dataset while the studio is open. */
export type StatusFilter = RecordStatus | 'any';
export interface ListFilter {
  status: StatusFilter;
  label: string;
  annotator: string;
  text: string;
}
export const NO_FILTER: ListFilter = { status: 'any', label: '', annotator: '', text: '' };
