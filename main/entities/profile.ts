/** A dataset's textualization profile: the one saved on the Entities page, else a default made from its columns. */
import { TextProfile } from '../../preload/api-entities';
import type { EntityStore } from './sql';
import { defaultProfile } from './textualize';

const DEFAULT_PROFILE = TextProfile.parse({});

export function effectiveProfile(
  store: EntityStore,
  datasetId: number,
): { profile: TextProfile; saved: boolean; fields: { user: string[]; item: string[] } } {
  const fields = store.fields(datasetId);
  const saved = store.profile(datasetId);
  if (saved !== undefined) {
    const parsed = TextProfile.safeParse(saved);
    if (parsed.success) return { profile: parsed.data, saved: true, fields };
  }
  return { profile: defaultProfile(fields.user, DEFAULT_PROFILE), saved: false, fields };
}
