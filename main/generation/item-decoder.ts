/**
 * Item examples of a generation set: they wait until a batch is full (or the split ends), then one constrained beam
 * ranks the whole catalog (the user's history excluded) and a second ranks the prompt's 100 sampled candidates.
 */
import type { GenerationRow } from '../../preload/api-generation';
import type { TokenSequence } from '../model/blank-infilling';
import type { ExampleRef } from '../templates/examples';
import { rankItemsBatch } from './batch-beam';
import { ItemTrie, type RankedItem } from './item-trie';
import type { GenerationContext } from './job';
import { generationPartA } from './scorer';

export interface WaitingItem {
  ref: ExampleRef;
  row: GenerationRow;
  input: TokenSequence;
  target: number | null;
  candidates: number[] | null;
}

const rankOf = (items: readonly number[], target: number | null): number | null => {
  const i = target === null ? -1 : items.indexOf(target);
  return i < 0 ? null : i + 1;
};

export class ItemDecoder {
  private waiting: WaitingItem[] = [];
  /** Time spent in the catalog beam, and the item examples it ranked, for the set's record. */
  catalogMs = 0;
  examples = 0;

  /** `emit` receives each decoded batch's rows, in the order they were added. */
  constructor(
    private readonly ctx: GenerationContext,
    private readonly emit: (rows: GenerationRow[]) => void,
  ) {}

  add(item: WaitingItem): void {
    this.waiting.push(item);
    if (this.waiting.length >= this.ctx.job.decoding.batch) this.decode();
  }

  /** Decodes whatever waits (nothing when the queue is empty). */
  decode(): void {
    if (this.waiting.length === 0) return;
    const batch = this.waiting;
    this.waiting = [];
    const t0 = performance.now();
    const byCatalog = batch.map((w) => this.ctx.catalog(w.ref.template.targetVars.has('item_id') ? 'id' : 'title'));
    const ranked = this.rankCatalog(batch, byCatalog);
    this.catalogMs += performance.now() - t0;
    this.examples += batch.length;
    const sampledRanks = this.rankSampled(batch, byCatalog);
    batch.forEach((w, k) => this.fillRow(w, ranked[k]!, sampledRanks.get(k) ?? null));
    this.emit(batch.map((w) => w.row));
  }

  private rankCatalog(batch: readonly WaitingItem[], byCatalog: readonly ItemTrie[]): RankedItem[][] {
    const { model, data, job, trie, coldItems } = this.ctx;
    const width = Math.max(10, Math.min(20, job.decoding.width));
    return rankItemsBatch(
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
      { k: width, width, trie: job.mode === 'recsysllm' ? trie : null, cold: { items: coldItems, share: job.decoding.coldShare } },
    );
  }

  /** The prompt's 100 candidates: a beam as wide as the list ranks every candidate exactly. Keyed by batch index. */
  private rankSampled(batch: readonly WaitingItem[], byCatalog: readonly ItemTrie[]): Map<number, number | null> {
    const { model, data, job, trie, tokenizer } = this.ctx;
    const sampled = batch.map((w, k) => {
      const cands = w.candidates;
      if (!cands) return null;
      const cat = byCatalog[k]!;
      return {
        target: w.target,
        catalog: ItemTrie.fromSequences(
          cands.map((id) => ({ id, tokens: cat.tokensOf(id) ?? tokenizer.encode(this.ctx.textOf(data.items.get(id)!, 'title')) })),
        ),
        size: cands.length,
      };
    });
    const withCands = batch.flatMap((_, k) => (sampled[k] ? [k] : []));
    const ranks = new Map<number, number | null>();
    if (withCands.length === 0) return ranks;
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
      ranks.set(
        k,
        rankOf(
          lists[i]!.map((r) => r.item),
          sampled[k]!.target,
        ),
      ),
    );
    return ranks;
  }

  private fillRow(w: WaitingItem, list: readonly RankedItem[], sampledRank: number | null): void {
    const { data } = this.ctx;
    const items = list.map((r) => r.item);
    const spec = w.ref.template;
    w.row.items = items;
    w.row.target = w.target;
    w.row.rank = rankOf(items, w.target);
    w.row.valid = list.length > 0;
    w.row.score = list[0]?.score ?? 0;
    const top = list[0] && data.items.get(list[0].item);
    w.row.output = top ? (data.identifiers?.get(top.id) ?? (spec.targetVars.has('item_id') ? top.extId : (top.title ?? top.extId))) : '';
    w.row.sampledRank = sampledRank;
  }
}
