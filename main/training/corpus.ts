/**
 * What a run trains on (pure): the tokenizer trained on the workspace's text, the entity pool as a trie, the
 * textualized records for blank-infilling pretraining, and the training examples of each family. Batches are
 * drawn from (seed, step) alone, so a resumed run sees exactly the batches it would have seen.
 */
import type { ExampleData } from '../templates/data';
import { examplesOf, renderExample, type ExampleRef, type TemplateSpec } from '../templates/examples';
import type { Rich } from '../templates/lang/index';
import { keyedRng } from '../random';
import { buildFinetuneExample, buildPretrainExample, type Objective } from '../model/blank-infilling';
import { trainTokenizer, Tokenizer } from '../model/tokenizer';
import { TokenTrie } from '../model/trie';
import { collate, type Batch, type PackedExample } from '../model/types';
import { vocabularyOf } from '../itemids/identifiers';

export type FamilyName = 'rating' | 'sequential' | 'explanation' | 'review' | 'direct';

export interface Encoded {
  ids: number[];
  entity: number[];
}

export interface Corpus {
  tokenizer: Tokenizer;
  trie: TokenTrie;
  records: Encoded[];
  refs: Map<FamilyName, ExampleRef[]>;
  /** Validation examples of each family (valid split, seen templates), a fixed even sample: the validation curve. */
  valid: Map<FamilyName, ExampleRef[]>;
  data: ExampleData;
  /** The split seed: which examples exist, their templates and candidates (shared by every run that compares). */
  seed: number;
  /** The run's own seed: the order of batches. */
  batchSeed: number;
}

const TOKENIZER_SAMPLE = 2000;

export function encodeRich(tokenizer: Tokenizer, r: Rich): Encoded {
  const { ids, entity } = tokenizer.encodeWithSpans(
    r.text,
    r.spans.map((s) => ({ start: s.start, end: s.end })),
  );
  return { ids, entity };
}

/** Training examples of each family (train split: seen templates only). */
export function trainRefs(
  data: ExampleData,
  specs: readonly TemplateSpec[],
  families: readonly FamilyName[],
  seed: number,
): Map<FamilyName, ExampleRef[]> {
  return new Map(families.map((f) => [f, [...examplesOf(data, specs, f, 'train', seed)]]));
}

/** Validation examples a family contributes to the validation curve: enough for a steady mean, cheap to score. */
export const VALID_PER_FAMILY = 32;

/**
 * Validation examples of each family: the valid split through the seen templates (the task the run trains, on
 * data it never sees), at most `perFamily`, spread evenly over the split so no one user or template dominates.
 */
export function validRefs(
  data: ExampleData,
  specs: readonly TemplateSpec[],
  families: readonly FamilyName[],
  seed: number,
  perFamily = VALID_PER_FAMILY,
): Map<FamilyName, ExampleRef[]> {
  return new Map(
    families.map((f) => {
      const all = [...examplesOf(data, specs, f, 'valid', seed)].filter((r) => r.template.seen);
      const every = Math.max(1, all.length / perFamily);
      const picked: ExampleRef[] = [];
      for (let i = 0; i < perFamily && Math.floor(i * every) < all.length; i++) picked.push(all[Math.floor(i * every)]!);
      return [f, picked];
    }),
  );
}

// Identifier tokens are added to the vocabulary whole; BPE never learns merges from their characters.
const IDENTIFIER_TOKENS = /<[a-z]\d{1,7}>/g;

/** Texts the tokenizer learns from: records, every title and id, and an even sample of rendered examples. */
function* tokenizerTexts(
  data: ExampleData,
  refs: Map<FamilyName, ExampleRef[]>,
  seed: number,
  records: readonly Rich[],
): Generator<string> {
  const plain = (t: string): string => (data.identifiers ? t.replace(IDENTIFIER_TOKENS, ' ') : t);
  for (const r of records) yield plain(r.text);
  for (const item of data.items.values()) yield `${item.title ?? ''} ${item.extId}`;
  for (const u of data.users) yield `${u.name ?? ''} ${u.extId}`;
  for (const list of refs.values()) {
    const step = Math.max(1, Math.floor(list.length / TOKENIZER_SAMPLE));
    for (let i = 0; i < list.length; i += step) {
      const e = renderExample(data, list[i]!, seed);
      yield plain(e.input.text);
      yield plain(e.target.text);
    }
  }
}

/** Every entity's tokens, as it reads after a space and at the start of a piece: the pool Part B intra ids follow. */
export function entityTrie(tokenizer: Tokenizer, data: ExampleData, records: readonly Encoded[]): TokenTrie {
  const trie = new TokenTrie();
  const add = (text: string): void => {
    if (!text) return;
    const n = Array.from(text).length;
    for (const [t, start] of [
      [text, 0],
      [` ${text}`, 1],
    ] as const) {
      const e = tokenizer.encodeWithSpans(t, [{ start, end: start + n }]);
      const ids = e.ids.filter((_, k) => e.entity[k] === 1);
      if (ids.length) trie.insert(ids);
    }
  };
  for (const item of data.items.values()) {
    add(item.title ?? item.extId);
    add(item.extId);
    const ident = data.identifiers?.get(item.id);
    if (ident) add(ident);
  }
  for (const u of data.users) {
    add(u.extId);
    add(u.name ?? `user_${u.extId}`);
  }
  for (const r of records) {
    let run: number[] = [];
    let current = 0;
    const flush = (): void => {
      if (run.length) trie.insert(run);
      run = [];
    };
    r.ids.forEach((id, k) => {
      const e = r.entity[k]!;
      if (e !== current) flush();
      current = e;
      if (e > 0) run.push(id);
    });
    flush();
  }
  return trie;
}

/**
 * Everything a run trains on. `records` are the pretraining texts (default: the textualized records); with
 * identifiers (`data.identifiers`) the tokenizer gets every identifier token as an added token.
 */
export function buildCorpus(
  data: ExampleData,
  specs: readonly TemplateSpec[],
  families: readonly FamilyName[],
  seed: number,
  vocabSize: number,
  tokenizer?: Tokenizer,
  batchSeed = seed,
  texts: readonly Rich[] = [...data.profiles.values()],
): Corpus {
  const refs = trainRefs(data, specs, families, seed);
  let tok = tokenizer ?? trainTokenizer(tokenizerTexts(data, refs, seed, texts), { vocabSize });
  if (data.identifiers) tok = tok.withAdded(vocabularyOf(data.identifiers.values()));
  const records = texts.map((r) => encodeRich(tok, r)).filter((r) => r.ids.length > 0);
  const valid = validRefs(data, specs, families, seed);
  return { tokenizer: tok, trie: entityTrie(tok, data, records), records, refs, valid, data, seed, batchSeed };
}

/** Draws by weight; `keys` with weight 0 or nothing to draw from never come up. */
function drawWeighted<K extends string>(weights: ReadonlyMap<K, number>, rng: () => number): K {
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  let u = rng() * total;
  for (const [k, w] of weights) {
    if ((u -= w) < 0) return k;
  }
  return [...weights.keys()].at(-1)!;
}

/** Keeps the first `n` tokens without cutting an entity (its tokens are all dropped instead). */
function cut(e: Encoded, n: number): Encoded {
  if (e.ids.length <= n) return e;
  let end = n;
  const at = e.entity[end];
  if (at !== undefined && at > 0) while (end > 0 && e.entity[end - 1] === at) end--;
  // One entity longer than the room: keep its head as plain tokens rather than lose the whole target.
  if (end === 0) return { ids: e.ids.slice(0, n), entity: new Array<number>(n).fill(0) };
  return { ids: e.ids.slice(0, end), entity: e.entity.slice(0, end) };
}

export interface BatchPlan {
  phase: 'pretrain' | 'finetune';
  maxLength: number;
  batchSize: number;
  mode: 'recsysllm' | 'glm';
  objectives: Record<Objective, number>;
  familyWeights: Record<string, number>;
}

export interface DrawnBatch {
  batch: Batch;
  /** Per row: the family (fine-tuning) or the objective (pretraining). */
  labels: string[];
  /** Input tokens dropped to fit the context, summed over the batch. */
  dropped: number;
}

// Rendering a template and encoding it costs more than a tiny model's step on it; an example renders the same
// every time (its randomness is keyed by the split seed), so each is encoded once per corpus.
const encodedCache = new WeakMap<Corpus, Map<ExampleRef, { input: Encoded; target: Encoded }>>();

function encodedExample(corpus: Corpus, ref: ExampleRef): { input: Encoded; target: Encoded } {
  let cache = encodedCache.get(corpus);
  if (!cache) encodedCache.set(corpus, (cache = new Map()));
  let hit = cache.get(ref);
  if (!hit) {
    const ex = renderExample(corpus.data, ref, corpus.seed);
    hit = { input: encodeRich(corpus.tokenizer, ex.input), target: encodeRich(corpus.tokenizer, ex.target) };
    cache.set(ref, hit);
  }
  return hit;
}

/** One fine-tuning row, as training builds it (validation builds its rows the same way). */
function finetuneRow(corpus: Corpus, plan: BatchPlan, family: FamilyName, ref: ExampleRef): ReturnType<typeof buildFinetuneExample> {
  const enc = encodedExample(corpus, ref);
  const target = cut(enc.target, Math.floor(plan.maxLength / 2) - 3);
  return buildFinetuneExample(enc.input, target, family, {
    maxLength: plan.maxLength,
    trie: plan.mode === 'recsysllm' ? corpus.trie : null,
    mode: plan.mode,
  });
}

const collateRows = (rows: PackedExample[], maxLength: number): Batch =>
  collate(rows, Math.min(maxLength, Math.ceil(Math.max(...rows.map((e) => e.tokens.length)) / 8) * 8));

/**
 * The validation examples as batches of `plan.batchSize` rows, built as fine-tuning rows are, families in order
 * (`labels`: each row's family). Rows without a target position are left out: they carry no loss.
 */
export function validationBatches(corpus: Corpus, plan: BatchPlan): Omit<DrawnBatch, 'dropped'>[] {
  const rows: { example: PackedExample; family: FamilyName }[] = [];
  for (const [family, refs] of corpus.valid)
    for (const ref of refs) {
      const { example } = finetuneRow(corpus, plan, family, ref);
      if (example.lossMask.some((m) => m !== 0)) rows.push({ example, family });
    }
  const out: Omit<DrawnBatch, 'dropped'>[] = [];
  for (let i = 0; i < rows.length; i += plan.batchSize) {
    const chunk = rows.slice(i, i + plan.batchSize);
    out.push({
      batch: collateRows(
        chunk.map((r) => r.example),
        plan.maxLength,
      ),
      labels: chunk.map((r) => r.family),
    });
  }
  return out;
}

/** The batch of step `step`: a function of (seed, step) only. Rows are padded to the longest, rounded up to 8. */
export function drawBatch(corpus: Corpus, plan: BatchPlan, step: number): DrawnBatch {
  const rng = keyedRng(corpus.batchSeed, `batch:${plan.phase}:${step}`);
  const rows: PackedExample[] = [];
  const labels: string[] = [];
  let dropped = 0;
  if (plan.phase === 'pretrain') {
    if (corpus.records.length === 0)
      throw new Error('pretraining needs textualized records: textualize the dataset on the Entities page first');
    const weights = new Map(Object.entries(plan.objectives).filter(([, w]) => w > 0) as [Objective, number][]);
    for (let r = 0; r < plan.batchSize; r++) {
      const objective = drawWeighted(weights, rng);
      const rec = corpus.records[Math.floor(rng() * corpus.records.length)]!;
      const { example } = buildPretrainExample(rec.ids, rec.entity, {
        objective,
        rng,
        mode: plan.mode,
        maxLength: plan.maxLength,
        trie: plan.mode === 'recsysllm' ? corpus.trie : null,
        endsSentence: corpus.tokenizer.endsSentence,
      });
      rows.push(example);
      labels.push(objective);
    }
  } else {
    const weights = new Map(
      [...corpus.refs]
        .filter(([f, list]) => list.length > 0 && (plan.familyWeights[f] ?? 0) > 0)
        .map(([f]) => [f, plan.familyWeights[f]!] as const),
    );
    if (weights.size === 0) throw new Error('no training examples for the chosen families on this dataset');
    for (let r = 0; r < plan.batchSize; r++) {
      const family = drawWeighted(weights, rng);
      const list = corpus.refs.get(family)!;
      const built = finetuneRow(corpus, plan, family, list[Math.floor(rng() * list.length)]!);
      rows.push(built.example);
      labels.push(family);
      dropped += built.dropped;
    }
  }
  return { batch: collateRows(rows, plan.maxLength), labels, dropped };
}
