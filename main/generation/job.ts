/** What a generation worker is asked to do, what it reports back, and what its decoders share once loaded. */
import type { Decoding, GenerationRow } from '../../preload/api-generation';
import type { ExampleSplit, Family } from '../../preload/api-templates';
import type { Glm } from '../model/glm';
import type { Tokenizer } from '../model/tokenizer';
import type { TokenTrie } from '../model/trie';
import type { ExampleData } from '../templates/data';
import type { ItemTrie } from './item-trie';

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

export type CatalogKey = 'title' | 'id';

/** The loaded model, tokenizer and data every decoder of one set reads. */
export interface GenerationContext {
  job: GenerateJob;
  model: Glm;
  tokenizer: Tokenizer;
  data: ExampleData;
  /** The entity pool for Part B intra ids (recsysllm mode), null for GLM's counter. */
  trie: TokenTrie | null;
  /** Items in no training sequence: the beam places them only by their code prefix (cold-backoff.ts). */
  coldItems: number[];
  /** The whole catalog as a token trie, built once per key on first use. */
  catalog(by: CatalogKey): ItemTrie;
  /** How an item reads in the output: its identifier when the run trained with them, else its id or title. */
  textOf(item: { id: number; extId: string; title: string | null }, by: CatalogKey): string;
}
