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
import { compileSpec, examplesOf, renderExample, type TemplateSpec } from '../templates/examples';
import { loadExampleData } from '../templates/load';
import { TemplateStore } from '../templates/sql';
import { encodeRich, entityTrie } from '../training/corpus';
import { beamSearch, greedy, sample, type Hypothesis } from './decode';
import { ItemTrie, rankItems } from './item-trie';
import { kindOf } from './kinds';
import { glmScorer } from './scorer';

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
}

export type GenerateMessage =
  | { type: 'phase'; phase: string }
  | { type: 'ready'; total: number; backend: string }
  | { type: 'rows'; rows: GenerationRow[] }
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
  const catalog = (by: 'title' | 'id'): ItemTrie => {
    let c = catalogs.get(by);
    if (!c) {
      c = ItemTrie.fromTexts(
        [...data.items.values()].map((it) => ({ id: it.id, text: by === 'id' ? it.extId : (it.title ?? it.extId) })),
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
  for (let index = 0; index < wanted.length; index++) {
    if (done.has(index)) continue;
    if (shouldStop()) {
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
      input: ex.input.text,
      output: '',
      reference: ex.target.text,
      score: 0,
      rank: null,
      sampledRank: null,
      valid: null,
      items: null,
    };
    if (kind === 'item') {
      const cat = catalog(spec.targetVars.has('item_id') ? 'id' : 'title');
      const seq = data.sequences.get(ref.datum.user.id)!;
      const history = job.excludeHistory ? seq.slice(0, ref.datum.index).map((x) => x.itemId) : [];
      const target = ex.meta.positiveItemId;
      const scorer = glmScorer(model, input, trie, { maxTokens: cat.maxTokens, mode: job.mode });
      const width = Math.max(10, Math.min(20, d.width));
      const ranked = rankItems(scorer, cat, { k: width, width, exclude: history.filter((h) => h !== target) });
      const items = ranked.map((r) => r.item);
      row.items = items;
      row.rank = rankOf(items, target);
      row.valid = ranked.length > 0;
      row.score = ranked[0]?.score ?? 0;
      const top = ranked[0] && data.items.get(ranked[0].item);
      row.output = top ? (spec.targetVars.has('item_id') ? top.extId : (top.title ?? top.extId)) : '';
      const cands = ex.meta.candidateIds;
      if (cands) {
        const sampled = ItemTrie.fromSequences(
          cands.map((id) => ({ id, tokens: cat.tokensOf(id) ?? tokenizer.encode(data.items.get(id)!.title ?? '') })),
        );
        const sScorer = glmScorer(model, input, trie, { maxTokens: sampled.maxTokens, mode: job.mode });
        row.sampledRank = rankOf(
          rankItems(sScorer, sampled, { k: 10, width: 10 }).map((r) => r.item),
          target,
        );
      }
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
  flush();
  send({ type: 'done', stopped: false });
}

const kindOfRating = (spec: TemplateSpec): boolean => spec.targetVars.has('rating') && spec.targetVars.size === 1;
