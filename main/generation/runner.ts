/**
 * Batch generation over a split, in the worker that owns the tensors. Item families rank the catalog with a
 * constrained beam (the user's history excluded) and the 100 sampled candidates with a second beam; yes/no
 * templates choose among their answers; rating and text templates decode freely (greedy, beam or sampling).
 * Rows are written as they come, so a set stopped or cut off resumes where it was.
 */
import { readFileSync } from 'node:fs';
import type { Db } from '../db/connection';
import type { Decoding, GenerationRow } from '../../preload/api-generation';
import type { ExampleSplit, Family } from '../../preload/api-templates';
import { initBackend } from '../model/backend';
import { loadCheckpoint, readCheckpointHeader } from '../model/checkpoint';
import { createGlm, type Glm } from '../model/glm';
import { addLora } from '../model/lora';
import { Tokenizer } from '../model/tokenizer';
import { SPECIAL } from '../model/types';
import { compileSpec, examplesOf, renderExample, type ExampleRef, type TemplateSpec } from '../templates/examples';
import type { TokenSequence } from '../model/blank-infilling';
import { ItemIdStore } from '../itemids/sql';
import { rankItemsBatch } from './batch-beam';
import { loadExampleData } from '../templates/load';
import { TemplateStore } from '../templates/sql';
import { encodeRich, entityTrie } from '../training/corpus';
import { beamSearch, greedy, sample, type Hypothesis } from './decode';
import { ItemTrie, rankItems } from './item-trie';
import { kindOf } from './kinds';
import { generationPartA, glmScorer } from './scorer';

export interface GenerateJob {
  setId: number;
  datasetId: number;
  datasetName: string;
  checkpoint: string;
  tokenizer: string;
  seed: number;
  mode: 'recsysllm' | 'glm';
  family: Family;
  split: ExampleSplit;
  limit: number | null;
  decoding: Decoding;
  excludeHistory: boolean;
  /** Only these templates (null: all of the family's). */
  templates: string[] | null;
  /** Examples already generated (a resumed set). */
  done: number[];
  backend: string;
  /** The identifier set the run trained with (items are generated as its identifiers); null: titles. */
  itemIdSet: { id: number; scheme: string } | null;
}

export type GenerateMessage =
  | { type: 'phase'; phase: string }
  | { type: 'ready'; total: number; backend: string }
  | { type: 'rows'; rows: GenerationRow[] }
  /** Time spent in the catalog beam per item example, for the set's record (the figure issue #10 asks for). */
  | { type: 'timing'; catalogMs: number; examples: number }
  | { type: 'done'; stopped: boolean };

const rankOf = (items: readonly number[], target: number | null): number | null => {
  const i = target === null ? -1 : items.indexOf(target);
  return i < 0 ? null : i + 1;
};

async function loadModel(job: GenerateJob): Promise<{ model: Glm; tokenizer: Tokenizer }> {
  const header = await readCheckpointHeader(job.checkpoint);
  const model = createGlm({ ...header.config, dropout: 0 }, 0);
  if (header.lora) addLora(model, header.lora, 0);
  await loadCheckpoint(job.checkpoint, model, null);
  return { model, tokenizer: Tokenizer.fromJSON(JSON.parse(readFileSync(job.tokenizer, 'utf8'))) };
}

export async function runGeneration(
  db: Db,
  job: GenerateJob,
  send: (m: GenerateMessage) => void,
  shouldStop: () => boolean,
): Promise<void> {
  send({ type: 'phase', phase: 'starting the compute back end' });
  const choice = await initBackend(job.backend === 'auto' ? {} : { prefer: job.backend });
  send({ type: 'phase', phase: 'loading the model and the data' });
  const { model, tokenizer } = await loadModel(job);
  const data = loadExampleData(db, job.datasetId, job.datasetName);
  const codes = job.itemIdSet ? new ItemIdStore(db).codes(job.itemIdSet.id) : [];
  if (job.itemIdSet) data.identifiers = new Map(codes.map((c) => [c.itemId, c.identifier]));
  // Items in no training sequence: the beam places them only by their code prefix (cold-backoff.ts).
  const coldItems = codes.filter((c) => c.cold).map((c) => c.itemId);
  const only = job.templates ? new Set(job.templates) : null;
  const specs = new TemplateStore(db)
    .list()
    .filter((t) => !only || t.family !== job.family || only.has(t.id))
    .map((t) => compileSpec(t));
  const records = [...data.profiles.values()].map((r) => encodeRich(tokenizer, r));
  const trie = job.mode === 'recsysllm' ? entityTrie(tokenizer, data, records) : null;
  const refs = [...examplesOf(data, specs, job.family, job.split, job.seed)];
  const wanted = job.limit === null ? refs : refs.slice(0, job.limit);
  send({ type: 'ready', total: wanted.length, backend: choice.backend });

  const catalogs = new Map<'title' | 'id', ItemTrie>();
  // With identifiers, the item's id and its title both render as its identifier: one catalog serves both.
  const textOf = (it: { id: number; extId: string; title: string | null }, by: 'title' | 'id'): string =>
    data.identifiers?.get(it.id) ?? (by === 'id' ? it.extId : (it.title ?? it.extId));
  const catalog = (by: 'title' | 'id'): ItemTrie => {
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
  const done = new Set(job.done);
  const d = job.decoding;
  let pending: GenerationRow[] = [];
  let flushed = performance.now();
  const flush = (): void => {
    if (pending.length) send({ type: 'rows', rows: pending });
    pending = [];
    flushed = performance.now();
  };
  let catalogMs = 0;
  let itemExamples = 0;
  // Item examples wait here until a batch is full (or the split ends), then decode together.
  let waiting: { ref: ExampleRef; row: GenerationRow; input: TokenSequence; target: number | null; candidates: number[] | null }[] = [];
  const decodeItems = (): void => {
    if (waiting.length === 0) return;
    const batch = waiting;
    waiting = [];
    const width = Math.max(10, Math.min(20, d.width));
    const t0 = performance.now();
    const byCatalog = batch.map((w) => catalog(w.ref.template.targetVars.has('item_id') ? 'id' : 'title'));
    const ranked = rankItemsBatch(
      model,
      batch.map((w, k) => {
        const seq = data.sequences.get(w.ref.datum.user.id)!;
        const history = job.excludeHistory
          ? seq
              .slice(0, w.ref.datum.index)
              .map((x) => x.itemId)
              .filter((h) => h !== w.target)
          : [];
        return {
          partA: generationPartA(w.input, { maxTokens: byCatalog[k]!.maxTokens, maxLength: model.config.maxLength, trie, mode: job.mode }),
          catalog: byCatalog[k]!,
          exclude: history,
        };
      }),
      { k: width, width, trie: job.mode === 'recsysllm' ? trie : null, cold: { items: coldItems, share: d.coldShare } },
    );
    catalogMs += performance.now() - t0;
    itemExamples += batch.length;
    // The prompt's 100 candidates: a beam as wide as the list ranks every candidate exactly.
    const sampled = batch.map((w, k) => {
      const cands = w.candidates;
      if (!cands) return null;
      const cat = byCatalog[k]!;
      return {
        target: w.target,
        catalog: ItemTrie.fromSequences(
          cands.map((id) => ({ id, tokens: cat.tokensOf(id) ?? tokenizer.encode(textOf(data.items.get(id)!, 'title')) })),
        ),
        size: cands.length,
      };
    });
    const withCands = batch.flatMap((w, k) => (sampled[k] ? [k] : []));
    const sampledRanks = new Map<number, number | null>();
    if (withCands.length > 0) {
      const widest = Math.max(...withCands.map((k) => sampled[k]!.size));
      const lists = rankItemsBatch(
        model,
        withCands.map((k) => ({
          partA: generationPartA(batch[k]!.input, {
            maxTokens: sampled[k]!.catalog.maxTokens,
            maxLength: model.config.maxLength,
            trie,
            mode: job.mode,
          }),
          catalog: sampled[k]!.catalog,
          exclude: [],
        })),
        { k: 10, width: widest, trie: job.mode === 'recsysllm' ? trie : null },
      );
      withCands.forEach((k, i) =>
        sampledRanks.set(
          k,
          rankOf(
            lists[i]!.map((r) => r.item),
            sampled[k]!.target,
          ),
        ),
      );
    }
    batch.forEach((w, k) => {
      const list = ranked[k]!;
      const items = list.map((r) => r.item);
      const spec = w.ref.template;
      w.row.items = items;
      w.row.target = w.target;
      w.row.rank = rankOf(items, w.target);
      w.row.valid = list.length > 0;
      w.row.score = list[0]?.score ?? 0;
      const top = list[0] && data.items.get(list[0].item);
      w.row.output = top ? (data.identifiers?.get(top.id) ?? (spec.targetVars.has('item_id') ? top.extId : (top.title ?? top.extId))) : '';
      w.row.sampledRank = sampledRanks.get(k) ?? null;
      pending.push(w.row);
    });
    flush();
  };
  for (let index = 0; index < wanted.length; index++) {
    if (done.has(index)) continue;
    if (shouldStop()) {
      decodeItems();
      flush();
      send({ type: 'done', stopped: true });
      return;
    }
    const ref = wanted[index]!;
    const ex = renderExample(data, ref, job.seed);
    const input = encodeRich(tokenizer, ex.input);
    const spec = ref.template;
    const kind = kindOf(spec);
    const row: GenerationRow = {
      index,
      template: spec.id,
      seen: spec.seen,
      userId: ref.datum.user.id,
      userExt: ref.datum.user.extId,
      input: ex.input.text,
      output: '',
      reference: ex.target.text,
      score: 0,
      rank: null,
      sampledRank: null,
      valid: null,
      items: null,
      target: null,
    };
    if (kind === 'item') {
      waiting.push({ ref, row, input, target: ex.meta.positiveItemId, candidates: ex.meta.candidateIds });
      if (waiting.length >= d.batch) decodeItems();
      continue;
    } else if (kind === 'choice') {
      const choices = spec.answerChoices ?? ['yes', 'no'];
      const cat = ItemTrie.fromTexts(
        choices.map((text, id) => ({ id, text })),
        tokenizer,
      );
      const scorer = glmScorer(model, input, trie, { maxTokens: cat.maxTokens, mode: job.mode });
      const ranked = rankItems(scorer, cat, { k: 1, width: Math.min(20, choices.length) });
      row.output = ranked[0] ? choices[ranked[0].item]! : '';
      row.score = ranked[0]?.score ?? 0;
    } else {
      const maxTokens = kindOfRating(spec) ? Math.min(d.maxTokens, 6) : d.maxTokens;
      const scorer = glmScorer(model, input, trie, { maxTokens, mode: job.mode });
      const opts = { maxTokens, eop: SPECIAL.eop };
      let h: Hypothesis;
      if (d.method === 'beam') h = beamSearch(scorer, { ...opts, width: Math.min(d.width, 8) })[0]!;
      else if (d.method === 'sample')
        h = sample(scorer, { ...opts, temperature: d.temperature, topK: d.topK, topP: d.topP, seed: d.seed + index });
      else h = greedy(scorer, opts);
      row.output = tokenizer.decode(h.tokens).trim();
      row.score = h.score;
    }
    pending.push(row);
    // Rows reach the workspace in small batches, at least twice a second, so a cut-off set loses little.
    if (pending.length >= 10 || performance.now() - flushed > 500) flush();
  }
  decodeItems();
  if (itemExamples > 0) send({ type: 'timing', catalogMs, examples: itemExamples });
  flush();
  send({ type: 'done', stopped: false });
}

const kindOfRating = (spec: TemplateSpec): boolean => spec.targetVars.has('rating') && spec.targetVars.size === 1;
