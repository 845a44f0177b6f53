import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../../../main/datasets/import';
import { textualizeDataset } from '../../../main/entities/run';
import { Studio } from '../../../main/studio';
import { TextProfile } from '../../../preload/api-entities';

export const fixture = (name: string): string => new URL(`../../fixtures/entities/${name}`, import.meta.url).pathname;

/** A new workspace (it holds the `sample` dataset), with `sample` textualized by its derived profile unless told not to. */
export async function workspace(textualize = true): Promise<{ studio: Studio; dir: string; sampleId: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'studio-entities-'));
  const studio = await Studio.open({ dataDir: dir, mode: 'serve' });
  const sampleId = studio.datasets.resolve('sample').id;
  if (textualize) textualizeDataset(studio.db, sampleId, studio.entities.profile(sampleId).profile);
  return { studio, dir, sampleId };
}

/** A tiny dataset whose titles hold emoji, characters outside the BMP and a ZWJ sequence, textualized. */
export async function emojiDataset(studio: Studio): Promise<number> {
  const r = await runImport(studio.db, { files: [fixture('emoji.csv')], format: 'csv', name: 'emoji' });
  const profile = TextProfile.parse({ user: 'User {id} 😀 likes:', item: '{title}', behaviour: { intro: ' ', rating: true } });
  textualizeDataset(studio.db, r.datasetId, profile);
  return r.datasetId;
}
