/**
 * How the back end decodes each template, and so which decoding settings a set's templates use. This mirrors
 * main/generation/kinds.ts and runner.ts from the template text (the contract does not carry the kind):
 * - item: sequential or direct templates whose target names an item (item_title / item_id) rank the catalog with
 *   a beam constrained to real items, width clamped to 10–20, whatever method is chosen;
 * - choice: templates with answer choices (or an `answer` variable) score each answer; no setting applies;
 * - free: everything else decodes with the chosen method; beam width is capped at 8, rating targets at 6 tokens.
 */
import type { Decoding } from '../../../../preload/api-generation';
import type { Template } from '../../../../preload/api-templates';

export type DecodeKind = 'item' | 'choice' | 'free';

export const ITEM_WIDTH = { min: 10, max: 20 } as const;
export const FREE_BEAM_MAX = 8;

/** The identifiers used inside `{{ … }}` and `{% … %}` tags. */
function tagIdentifiers(text: string): Set<string> {
  const out = new Set<string>();
  for (const tag of text.matchAll(/\{[{%]([\s\S]*?)[}%]\}/g)) {
    const body = (tag[1] ?? '').replace(/(["'])(?:\\.|(?!\1).)*\1/g, ' '); // string literals are not variables
    for (const id of body.matchAll(/[A-Za-z_]\w*/g)) out.add(id[0]);
  }
  return out;
}

export function decodeKind(t: Pick<Template, 'family' | 'input' | 'target' | 'answerChoices'>): DecodeKind {
  const target = tagIdentifiers(t.target);
  if (t.answerChoices || target.has('answer') || tagIdentifiers(t.input).has('answer')) return 'choice';
  if ((t.family === 'sequential' || t.family === 'direct') && (target.has('item_title') || target.has('item_id'))) return 'item';
  return 'free';
}

export type DecodingField = keyof Decoding;

/** Which decoding settings matter for templates of these kinds under this method. */
export function usedSettings(kinds: ReadonlySet<DecodeKind>, method: Decoding['method']): Set<DecodingField> {
  const used = new Set<DecodingField>();
  if (kinds.has('item')) {
    used.add('width');
    used.add('coldShare');
  }
  if (kinds.has('free')) {
    used.add('method');
    used.add('maxTokens');
    if (method === 'beam') used.add('width');
    if (method === 'sample') for (const k of ['temperature', 'topK', 'topP', 'seed'] as const) used.add(k);
  }
  return used;
}

/** One line per kind present, saying how it decodes under these settings. */
export function decodingSummary(kinds: ReadonlySet<DecodeKind>, d: Pick<Decoding, 'method' | 'width'>): string[] {
  const lines: string[] = [];
  if (kinds.has('item')) {
    const w = Math.max(ITEM_WIDTH.min, Math.min(ITEM_WIDTH.max, d.width));
    lines.push(`item templates: constrained beam over the catalog, ${w} distinct items returned (width is held to 10–20)`);
  }
  if (kinds.has('choice')) lines.push('answer-choice templates: each answer is scored and the best taken (no setting applies)');
  if (kinds.has('free')) {
    const how =
      d.method === 'beam'
        ? `beam search, width ${Math.min(d.width, FREE_BEAM_MAX)} (at most ${FREE_BEAM_MAX})`
        : d.method === 'sample'
          ? 'sampling'
          : 'greedy';
    lines.push(`free-text templates: ${how}; rating targets stop after 6 tokens`);
  }
  return lines;
}
