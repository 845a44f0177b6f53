/** Textualizing a whole dataset: read its rows, render every user, and write records and machine spans in one transaction. */
import type { LabelDef, Nesting, TextProfile, TextualizeResult } from '../../preload/api-entities';
import { MACHINE_ANNOTATOR } from '../../preload/api-entities';
import type { Db } from '../db/connection';
import { CancelledError, StudioError } from '../errors';
import { codePointLength } from './spans';
import { EntityStore } from './sql';
import { compileProfile, profileLabels, textualizeUser, TemplateError } from './textualize';

export interface TextualizeProgress {
  done: number;
  total: number;
  phase: string;
}

/** A colour per label, in order: distinguishable, readable on white and dark. */
export const PALETTE = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#42d4f4',
  '#f032e6',
  '#9a6324',
  '#469990',
  '#808000',
  '#000075',
  '#bfef45',
];

/** Makes sure the dataset's label set holds `labels` (new ones get the next colour and a free hotkey). Returns the names added. */
export function ensureLabels(store: EntityStore, datasetId: number, labels: readonly string[]): string[] {
  const current = store.labelSet(datasetId);
  const defs: LabelDef[] = current ? [...current.labels] : [];
  const nesting: Nesting = current?.nesting ?? { mode: 'rules', rules: [] };
  const have = new Set(defs.map((d) => d.name));
  const used = new Set(defs.map((d) => d.hotkey).filter((h): h is number => h !== null));
  const added: string[] = [];
  for (const name of labels) {
    if (have.has(name)) continue;
    have.add(name);
    let hotkey: number | null = null;
    for (let k = 1; k <= 9; k++) {
      if (!used.has(k)) {
        hotkey = k;
        used.add(k);
        break;
      }
    }
    defs.push({ name, colour: PALETTE[defs.length % PALETTE.length]!, hotkey, description: '' });
    added.push(name);
  }
  if (added.length > 0 || !current) store.saveLabelSet(datasetId, current?.set.name ?? 'labels', defs, nesting);
  return added;
}

export function compileOrThrow(profile: TextProfile): ReturnType<typeof compileProfile> {
  try {
    return compileProfile(profile);
  } catch (err) {
    if (err instanceof TemplateError) throw new StudioError('bad_input', `profile: ${err.message}`);
    throw err;
  }
}

export function textualizeDataset(
  db: Db,
  datasetId: number,
  profile: TextProfile,
  opts: { force?: boolean; cancelled?: () => boolean; onProgress?: (p: TextualizeProgress) => void; now?: Date } = {},
): TextualizeResult {
  const t0 = performance.now();
  const store = new EntityStore(db);
  const compiled = compileOrThrow(profile);
  if (!opts.force && store.humanWork(datasetId) > 0) {
    throw new StudioError('conflict', 'this dataset has human annotations or reviews; textualizing again would replace them (use force)');
  }
  const users = store.users(datasetId);
  const items = store.items(datasetId);
  const now = (opts.now ?? new Date()).toISOString();
  let spans = 0;
  let interactions = 0;
  const total = users.length;
  opts.onProgress?.({ done: 0, total, phase: 'textualizing' });
  db.transaction(() => {
    store.deleteRecords(datasetId);
    ensureLabels(store, datasetId, profileLabels(compiled));
    users.forEach((user, i) => {
      if (i % 64 === 0 && opts.cancelled?.()) throw new CancelledError();
      const behaviours = store.behaviours(user.id);
      interactions += behaviours.length;
      const rec = textualizeUser(compiled, user, behaviours, items);
      const id = store.insertRecord(datasetId, user.id, rec.text, codePointLength(rec.text), now);
      store.replaceSpans(id, MACHINE_ANNOTATOR, rec.spans, now);
      spans += rec.spans.length;
      if ((i + 1) % 500 === 0) opts.onProgress?.({ done: i + 1, total, phase: 'textualizing' });
    });
    store.saveProfile(datasetId, profile, now);
  })();
  opts.onProgress?.({ done: total, total, phase: 'done' });
  return { datasetId, records: users.length, spans, interactions, seconds: (performance.now() - t0) / 1000 };
}
