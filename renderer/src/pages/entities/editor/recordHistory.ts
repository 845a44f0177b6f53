/** Undo histories per record and annotator while the studio stays open (the newest 200 records). */
import { History, type EditSpan } from '../../../components/entities/spanModel';

const HISTORIES = new Map<string, History<EditSpan[]>>();

/** The kept history of a record if it still ends where the back end is, else a new one from `start`. */
export function keptHistory(key: string, start: EditSpan[]): History<EditSpan[]> {
  const kept = HISTORIES.get(key);
  HISTORIES.delete(key);
  const sig = (spans: readonly EditSpan[]): string => spans.map((x) => `${x.start}:${x.end}:${x.label}:${x.source}`).join(',');
  const h = kept && sig(kept.current) === sig(start) ? kept : new History(start, 200);
  HISTORIES.set(key, h);
  if (HISTORIES.size > 200) HISTORIES.delete(HISTORIES.keys().next().value!);
  return h;
}
