/**
 * PLUM's continued-pretraining texts (issue #10): each user's textualized record — the dataset's profile for the
 * user's features, then the whole training part of the behaviour sequence in time order — with every item
 * written as its identifier, so blank infilling learns the identifiers in context and `[gMASK]` spans over the
 * sequence teach what follows what. Items held out for validation and test never appear.
 */
import type { TextProfile } from '../../preload/api-entities';
import { compileProfile, textualizeUser, type TItem, type TUser } from '../entities/textualize';
import { trainingPart, type ExampleData } from '../templates/data';
import { Rich } from '../templates/lang/index';

/** Most behaviours a record holds: the profile's own limit is for reading, pretraining wants the sequence whole. */
export const RECORD_BEHAVIOURS = 1000;

export function identifierRecords(profile: TextProfile, users: readonly TUser[], data: ExampleData): Rich[] {
  const identifiers = data.identifiers;
  if (!identifiers) throw new Error('identifier records need an identifier set');
  const compiled = compileProfile({ ...profile, behaviour: { ...profile.behaviour, maxBehaviours: RECORD_BEHAVIOURS } });
  const items = new Map<number, TItem>(
    [...data.items.values()].map((it) => [
      it.id,
      { id: it.id, extId: it.extId, title: identifiers.get(it.id) ?? it.extId, attrs: it.attrs },
    ]),
  );
  return users.map((u) => {
    const seq = trainingPart(data.sequences.get(u.id) ?? []);
    const rec = textualizeUser(
      compiled,
      u,
      seq.map((x) => ({ id: x.id, itemId: x.itemId, rating: x.rating, ts: x.ts })),
      items,
    );
    return new Rich(
      rec.text,
      rec.spans.map((s) => ({ start: s.start, end: s.end, label: s.label, ref: s.ref })),
    );
  });
}
