/** Non-item examples of a generation set: yes/no templates choose among their answers, the rest decode freely. */
import type { GenerationRow } from '../../preload/api-generation';
import type { TokenSequence } from '../model/blank-infilling';
import { SPECIAL } from '../model/types';
import type { TemplateSpec } from '../templates/examples';
import { beamSearch, greedy, sample, type Hypothesis } from './decode';
import { ItemTrie, rankItems } from './item-trie';
import type { GenerationContext } from './job';
import { glmScorer } from './scorer';

const kindOfRating = (spec: TemplateSpec): boolean => spec.targetVars.has('rating') && spec.targetVars.size === 1;

/** The answer among the template's choices (yes/no by default) the model scores highest. */
export function decodeChoice(ctx: GenerationContext, spec: TemplateSpec, input: TokenSequence, row: GenerationRow): void {
  const choices = spec.answerChoices ?? ['yes', 'no'];
  const cat = ItemTrie.fromTexts(
    choices.map((text, id) => ({ id, text })),
    ctx.tokenizer,
  );
  const scorer = glmScorer(ctx.model, input, ctx.trie, { maxTokens: cat.maxTokens, mode: ctx.job.mode });
  const ranked = rankItems(scorer, cat, { k: 1, width: Math.min(20, choices.length) });
  row.output = ranked[0] ? choices[ranked[0].item]! : '';
  row.score = ranked[0]?.score ?? 0;
}

/** Free text (a rating is cut to 6 tokens) by the set's method: greedy, beam or sampling (seeded per example). */
export function decodeText(ctx: GenerationContext, spec: TemplateSpec, input: TokenSequence, row: GenerationRow): void {
  const d = ctx.job.decoding;
  const maxTokens = kindOfRating(spec) ? Math.min(d.maxTokens, 6) : d.maxTokens;
  const scorer = glmScorer(ctx.model, input, ctx.trie, { maxTokens, mode: ctx.job.mode });
  const opts = { maxTokens, eop: SPECIAL.eop };
  let h: Hypothesis;
  if (d.method === 'beam') h = beamSearch(scorer, { ...opts, width: Math.min(d.width, 8) })[0]!;
  else if (d.method === 'sample')
    h = sample(scorer, { ...opts, temperature: d.temperature, topK: d.topK, topP: d.topP, seed: d.seed + row.index });
  else h = greedy(scorer, opts);
  row.output = ctx.tokenizer.decode(h.tokens).trim();
  row.score = h.score;
}
