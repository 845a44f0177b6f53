/** Loading a generation set: back end, checkpoint, tokenizer, the dataset's examples and the item catalogs. */
import { readFileSync } from 'node:fs';
import type { Db } from '../db/connection';
import { initBackend } from '../model/backend';
import { loadCheckpoint, readCheckpointHeader } from '../model/checkpoint';
import { createGlm, type Glm } from '../model/glm';
import { addLora } from '../model/lora';
import { Tokenizer } from '../model/tokenizer';
import { ItemIdStore } from '../itemids/sql';
import { compileSpec, examplesOf, type ExampleRef } from '../templates/examples';
import { loadExampleData } from '../templates/load';
import { TemplateStore } from '../templates/sql';
import { encodeRich, entityTrie } from '../training/corpus';
import { ItemTrie } from './item-trie';
import type { CatalogKey, GenerateJob, GenerateMessage, GenerationContext } from './job';

export interface PreparedGeneration {
  ctx: GenerationContext;
  /** The split's examples this set covers, in order (the limit applied). */
  wanted: ExampleRef[];
  backend: string;
}

async function loadModel(job: GenerateJob): Promise<{ model: Glm; tokenizer: Tokenizer }> {
  const header = await readCheckpointHeader(job.checkpoint);
  const model = createGlm({ ...header.config, dropout: 0 }, 0);
  if (header.lora) addLora(model, header.lora, 0);
  await loadCheckpoint(job.checkpoint, model, null);
  return { model, tokenizer: Tokenizer.fromJSON(JSON.parse(readFileSync(job.tokenizer, 'utf8'))) };
}

export async function prepareGeneration(db: Db, job: GenerateJob, send: (m: GenerateMessage) => void): Promise<PreparedGeneration> {
  send({ type: 'phase', phase: 'starting the compute back end' });
  const choice = await initBackend(job.backend === 'auto' ? {} : { prefer: job.backend });
  send({ type: 'phase', phase: 'loading the model and the data' });
  const { model, tokenizer } = await loadModel(job);
  const data = loadExampleData(db, job.datasetId, job.datasetName);
  const codes = job.itemIdSet ? new ItemIdStore(db).codes(job.itemIdSet.id) : [];
  if (job.itemIdSet) data.identifiers = new Map(codes.map((c) => [c.itemId, c.identifier]));
  const only = job.templates ? new Set(job.templates) : null;
  const specs = new TemplateStore(db)
    .list()
    .filter((t) => !only || t.family !== job.family || only.has(t.id))
    .map((t) => compileSpec(t));
  const records = [...data.profiles.values()].map((r) => encodeRich(tokenizer, r));
  const trie = job.mode === 'recsysllm' ? entityTrie(tokenizer, data, records) : null;
  const refs = [...examplesOf(data, specs, job.family, job.split, job.seed)];
  const wanted = job.limit === null ? refs : refs.slice(0, job.limit);

  const catalogs = new Map<CatalogKey, ItemTrie>();
  // With identifiers, the item's id and its title both render as its identifier: one catalog serves both.
  const textOf: GenerationContext['textOf'] = (it, by) => data.identifiers?.get(it.id) ?? (by === 'id' ? it.extId : (it.title ?? it.extId));
  const catalog = (by: CatalogKey): ItemTrie => {
    let c = catalogs.get(by);
    if (!c) {
      c = ItemTrie.fromTexts(
        [...data.items.values()].map((it) => ({ id: it.id, text: textOf(it, by) })),
        tokenizer,
      );
      catalogs.set(by, c);
    }
    return c;
  };
  const coldItems = codes.filter((c) => c.cold).map((c) => c.itemId);
  return { ctx: { job, model, tokenizer, data, trie, coldItems, catalog, textOf }, wanted, backend: choice.backend };
}
