/**
 * Generation latency per user of a width-20 trie-constrained beam over an ml-100k-sized catalog (issue #6), for
 * the tiny and small presets with random weights. Titles come from ../shared/datasets/ml-100k when present
 * ("Toy Story (1995)"), else 1,682 made-up ones of the same shape.
 * Run: node --import tsx bench/generate.ts [--preset tiny|small|both] [--users N] [--backend RUNG] [--width W]
 * Prints per preset: `<preset> <backend> <median> ms/user (mean <m>, p90 <p>) steps/user <s> rows/step <r> model <share>%`
 * (the share of the time spent in the model's forward passes).
 * Each user's prompt is a 10-item history with its titles marked as entities; the history is excluded (filtered).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { ItemTrie, rankItems, type CatalogItem } from '../main/generation/item-trie';
import { glmScorer, type Scorer } from '../main/generation/scorer';
import { initBackend } from '../main/model/backend';
import { createGlm } from '../main/model/glm';
import { trainTokenizer, type Tokenizer } from '../main/model/tokenizer';
import { TokenTrie } from '../main/model/trie';
import { PRESETS } from '../main/model/types';
import { mulberry32, randomInt, type Rng } from '../main/random';

const CATALOG_SIZE = 1682;
const HISTORY = 10;
const WARMUP_USERS = 2;

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'both' },
    users: { type: 'string', default: '20' },
    backend: { type: 'string' },
    width: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
  },
});
const presets = values.preset === 'both' ? (['tiny', 'small'] as const) : [values.preset];
const users = Number(values.users);
const width = Number(values.width);
const seed = Number(values.seed);

function ml100kTitles(): string[] | null {
  const file = fileURLToPath(new URL('../../shared/datasets/ml-100k/ml-100k.item', import.meta.url));
  if (!existsSync(file)) return null;
  const rows = readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean);
  return rows.map((r) => {
    const [, title, year] = r.split('\t');
    return year ? `${title} (${year})` : (title ?? '');
  });
}

function madeUpTitles(rng: Rng): string[] {
  const words = 'the of a night day man love city war return star dark king last blue little big house story life'.split(' ');
  const cap = (w: string): string => w[0]!.toUpperCase() + w.slice(1);
  return Array.from({ length: CATALOG_SIZE }, () => {
    const n = 1 + randomInt(rng, 4);
    return `${Array.from({ length: n }, () => cap(words[randomInt(rng, words.length)]!)).join(' ')} (${1930 + randomInt(rng, 70)})`;
  });
}

/** As corpus.entityTrie does for items: each title's tokens at the start of a text and after a space. */
function titlePool(tokenizer: Tokenizer, titles: readonly string[]): TokenTrie {
  const trie = new TokenTrie();
  for (const title of titles) {
    const n = Array.from(title).length;
    for (const [text, start] of [
      [title, 0],
      [` ${title}`, 1],
    ] as const) {
      const e = tokenizer.encodeWithSpans(text, [{ start, end: start + n }]);
      const ids = e.ids.filter((_, k) => e.entity[k] === 1);
      if (ids.length) trie.insert(ids);
    }
  }
  return trie;
}

/** A sequential-recommendation prompt over `history` (item indices), with each title marked as an entity. */
function prompt(
  user: number,
  history: readonly number[],
  titles: readonly string[],
): { text: string; spans: { start: number; end: number }[] } {
  let text = `user_${user} watched`;
  const spans: { start: number; end: number }[] = [];
  history.forEach((h, i) => {
    text += i === 0 ? ' ' : ' , ';
    const start = Array.from(text).length;
    text += titles[h]!;
    spans.push({ start, end: Array.from(text).length });
  });
  text += ' . What will the user watch next ?';
  return { text, spans };
}

interface Tally {
  steps: number;
  rows: number;
  /** Time inside the model's forward passes; the rest is the beam and the trie. */
  scorerMs: number;
}

const counting = (inner: Scorer, tally: Tally): Scorer => ({
  next(prefixes) {
    tally.steps++;
    tally.rows += prefixes.length;
    const start = performance.now();
    const rows = inner.next(prefixes);
    tally.scorerMs += performance.now() - start;
    return rows;
  },
});

const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

const choice = await initBackend(values.backend ? { prefer: values.backend } : {});
const rng = mulberry32(seed);
const real = ml100kTitles();
const titles = real ?? madeUpTitles(rng);
console.error(`catalog: ${titles.length} ${real ? 'ml-100k' : 'made-up'} titles; back end ${choice.backend}`);

for (const preset of presets) {
  if (preset !== 'tiny' && preset !== 'small') throw new Error(`--preset must be tiny, small or both, got ${preset}`);
  const shape = PRESETS[preset];
  const promptTexts = Array.from({ length: 200 }, (_, u) => prompt(u, [0, 1, 2], titles).text);
  const tokenizer = trainTokenizer([...titles, ...promptTexts], { vocabSize: shape.vocabSize });
  const items: CatalogItem[] = titles.map((text, i) => ({ id: i + 1, text }));
  const catalog = ItemTrie.fromTexts(items, tokenizer);
  const pool = titlePool(tokenizer, titles);
  const model = createGlm({ ...shape, vocabSize: tokenizer.vocabSize, dropout: 0 }, seed);
  console.error(
    `${preset}: vocab ${tokenizer.vocabSize}, ${catalog.sequences} distinct item sequences, longest ${catalog.maxTokens} tokens with [eop]`,
  );

  const times: number[] = [];
  const tally: Tally = { steps: 0, rows: 0, scorerMs: 0 };
  for (let u = 0; u < WARMUP_USERS + users; u++) {
    const history = Array.from({ length: HISTORY }, () => randomInt(rng, titles.length));
    const p = prompt(u, history, titles);
    const input = tokenizer.encodeWithSpans(p.text, p.spans);
    const timed = u >= WARMUP_USERS;
    const userTally: Tally = { steps: 0, rows: 0, scorerMs: 0 };
    const start = performance.now();
    const scorer = counting(glmScorer(model, input, pool, { maxTokens: catalog.maxTokens }), userTally);
    const ranked = rankItems(scorer, catalog, { k: width, width, exclude: history.map((h) => h + 1) });
    const ms = performance.now() - start;
    if (ranked.length !== width) throw new Error(`user ${u}: ${ranked.length} items, expected ${width}`);
    if (timed) {
      times.push(ms);
      tally.steps += userTally.steps;
      tally.rows += userTally.rows;
      tally.scorerMs += userTally.scorerMs;
    }
  }
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(
    `${preset} ${choice.backend} ${quantile(times, 0.5).toFixed(0)} ms/user (mean ${mean.toFixed(0)}, p90 ${quantile(times, 0.9).toFixed(0)}) ` +
      `steps/user ${(tally.steps / users).toFixed(1)} rows/step ${(tally.rows / tally.steps).toFixed(1)} ` +
      `model ${((100 * tally.scorerMs) / times.reduce((a, b) => a + b, 0)).toFixed(0)}%`,
  );
  console.error(`${preset}: ${tf.memory().numTensors} tensors live`);
  model.dispose();
}
