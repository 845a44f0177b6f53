import type { ItemIdSet } from '../../../preload/api-itemids';
import type { Studio } from '../../../main/studio';

/** Builds an identifier set and resolves when its job has ended (done or failed). */
export function built(studio: Studio, req: Parameters<Studio['itemIds']['build']>[0]): Promise<ItemIdSet> {
  return new Promise((resolve) => studio.itemIds.build(req, resolve));
}
