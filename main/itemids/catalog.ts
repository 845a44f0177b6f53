/**
 * A dataset as an identifier build sees it (pure): the catalog in item-id order and each user's training part
 * of the leave-one-out split (all but the last two interactions, time order, ties in source order), so codes
 * never learn from the items held out for validation and test.
 */
import { compareTimeThenSeq } from '../datasets/split';
import { trainingPart, type DInteraction, type DItem } from '../templates/data';
import type { SchemeInput } from './schemes';

export interface CatalogRows {
  users: readonly { id: number }[];
  items: ReadonlyMap<number, DItem>;
  sequences: ReadonlyMap<number, DInteraction[]>;
}

export function schemeInput(rows: CatalogRows): { input: SchemeInput; itemIds: number[] } {
  const itemIds = [...rows.items.keys()].sort((a, b) => a - b);
  const index = new Map(itemIds.map((id, k) => [id, k]));
  const trainSequences = rows.users.map((u) => {
    const seq = [...(rows.sequences.get(u.id) ?? [])].sort(compareTimeThenSeq);
    return trainingPart(seq).map((x) => index.get(x.itemId)!);
  });
  const items = itemIds.map((id) => {
    const it = rows.items.get(id)!;
    return { extId: it.extId, title: it.title, attrs: it.attrs };
  });
  return { input: { items, trainSequences }, itemIds };
}
