/**
 * Warnings that catch bad data before training (pure): the target leaks into the input, a held-out item sits
 * in a training history, the ground truth always sits at the same candidate position, a template renders empty
 * (or one of its variables does), a target outside the answer choices. Each counts the examples that show it.
 */
import type { TemplateWarning } from '../../preload/api-templates';
import type { ExampleMeta } from './context';
import type { TemplateSpec } from './examples';
import type { Rich, Value } from './lang/index';

export interface CheckedExample {
  /** The example's index in the list the preview pages through. */
  index: number;
  split: 'train' | 'valid' | 'test';
  input: Rich;
  target: Rich;
  meta: ExampleMeta;
  context: Record<string, Value>;
  /** Items the user's leave-one-out split holds out (valid and test targets). */
  heldOut: readonly number[];
}

const MIN_LEAK_LENGTH = 4;
const normal = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

const WORD = /[\p{L}\p{N}_]/u;

/** Whole-word occurrences, so "item 1" is not found inside "item 12". */
function occurrences(text: string, part: string): number {
  let n = 0;
  for (let i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
    const before = i > 0 ? text[i - 1]! : ' ';
    const after = text[i + part.length] ?? ' ';
    if (!(WORD.test(before) && WORD.test(part[0]!)) && !(WORD.test(after) && WORD.test(part.at(-1)!))) n++;
  }
  return n;
}

const isEmpty = (v: Value): boolean => {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object' && 'text' in v && typeof v.text === 'string') return v.text.trim() === '';
  return false;
};

export function templateWarnings(spec: TemplateSpec, examples: readonly CheckedExample[]): TemplateWarning[] {
  const out: TemplateWarning[] = [];
  const checked = examples.length;
  const add = (kind: TemplateWarning['kind'], message: string, hits: readonly CheckedExample[]): void => {
    if (hits.length > 0) out.push({ kind, message, count: hits.length, checked, example: hits[0]!.index });
  };

  const shared = [...spec.targetVars].filter((v) => spec.inputVars.has(v) && v !== 'answer');
  if (shared.length > 0) {
    out.push({
      kind: 'target_leak',
      message: `the input uses ${shared.map((v) => `"${v}"`).join(', ')}, which the target is made of: the model can copy the answer`,
      count: checked,
      checked,
      example: examples[0]?.index ?? null,
    });
  } else {
    const choices = new Set((spec.answerChoices ?? []).map(normal));
    // A candidate list holds the answer once by design; only a second occurrence gives it away.
    const expected = spec.inputVars.has('candidates') || spec.inputVars.has('candidate_ids') ? 1 : 0;
    add(
      'target_leak',
      expected
        ? 'the rendered target appears in the rendered input besides its place among the candidates'
        : 'the rendered target appears word for word in the rendered input',
      examples.filter((e) => {
        const t = normal(e.target.text);
        return t.length >= MIN_LEAK_LENGTH && !choices.has(t) && occurrences(normal(e.input.text), t) > expected;
      }),
    );
  }

  add(
    'test_in_history',
    "a training example's history contains an item the user's valid or test split holds out",
    examples.filter((e) => e.split === 'train' && e.meta.historyIds.some((id) => e.heldOut.includes(id))),
  );

  const usesCandidates = spec.inputVars.has('candidates') || spec.inputVars.has('candidate_ids');
  const positioned = examples.filter((e) => e.meta.positivePosition !== null && !e.meta.negative);
  if (
    usesCandidates &&
    positioned.length >= 5 &&
    positioned.every((e) => e.meta.positivePosition === positioned[0]!.meta.positivePosition)
  ) {
    add(
      'fixed_position',
      `the ground truth is always candidate number ${positioned[0]!.meta.positivePosition! + 1}: a model can learn the position instead of the item`,
      positioned,
    );
  }

  add(
    'empty_render',
    'the input or the target renders empty',
    examples.filter((e) => e.input.text.trim() === '' || e.target.text.trim() === ''),
  );

  for (const v of [...spec.inputVars, ...spec.targetVars]) {
    if (!(v in (examples[0]?.context ?? {}))) continue;
    const hits = examples.filter((e) => isEmpty(e.context[v]));
    const hint = v === 'user_profile' ? ' (textualize the dataset on the Entities page)' : '';
    add('empty_variable', `"${v}" is empty${hint}`, hits);
  }

  if (spec.answerChoices) {
    const choices = new Set(spec.answerChoices.map(normal));
    add(
      'answer_choice',
      `the target renders outside the answer choices (${spec.answerChoices.join(', ')})`,
      examples.filter((e) => !choices.has(normal(e.target.text))),
    );
  }
  return out;
}
