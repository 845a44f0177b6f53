/** Pure helpers of the Templates page: families in order, drafts of a template's fields, label colours. No React. */
import type { ExampleSplit, Family, Template, TemplateFields, TemplateProblem } from '../../../../preload/api-templates';
import { sameTemplateFields } from '../../../../preload/api-templates';
import { FAMILIES } from '../../../../preload/families';

export { FAMILIES };

export const FAMILY_TITLE: Record<Family, string> = {
  rating: 'Rating prediction',
  sequential: 'Sequential recommendation',
  explanation: 'Explanation generation',
  review: 'Review summarization',
  direct: 'Direct recommendation',
};

/** A template's editable fields, every one present (the contract's defaults applied). */
export type Draft = TemplateFields;

export function fieldsOf(t: Pick<Template, keyof TemplateFields>): Draft {
  return { family: t.family, name: t.name, input: t.input, target: t.target, answerChoices: t.answerChoices, seen: t.seen, notes: t.notes };
}

/** What a new template of a family starts from: a working example the user rewrites. */
export function starterDraft(family: Family): Draft {
  const target: Record<Family, string> = {
    rating: '{{ rating }}',
    sequential: '{{ item_title }}',
    explanation: '{{ review }}',
    review: '{{ summary }}',
    direct: '{{ item_title }}',
  };
  const input: Record<Family, string> = {
    rating: 'What star rating (1 to 5) would user {{ user_id }} give "{{ item_title }}"?',
    sequential: 'User {{ user_id }} interacted with {{ history | join(", ") }}. What comes next?',
    explanation: 'Why would user {{ user_id }} rate "{{ item_title }}" {{ rating }} stars?',
    review: 'Summarize this review of "{{ item_title }}": {{ review }}',
    direct: 'Which of these should user {{ user_id }} see: {{ candidates | join(", ") }}?',
  };
  return {
    family,
    name: `New ${family} template`,
    input: input[family],
    target: target[family],
    answerChoices: null,
    seen: true,
    notes: '',
  };
}

export const sameDraft = (a: Draft, b: Draft): boolean => sameTemplateFields(a, b);

/** Answer choices are typed as "yes, no"; an empty box means none. */
export function parseChoices(text: string): string[] | null {
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length ? list : null;
}

export const formatChoices = (choices: readonly string[] | null): string => (choices ?? []).join(', ');

/**
 * The fields as the back end may receive them: the contract refuses an empty name outright, so previews and
 * checks of a draft whose name is being retyped use a stand-in (the form shows the empty name itself).
 */
export function sendable(d: Draft): Draft {
  return d.name.trim() ? d : { ...d, name: 'untitled' };
}

/** Which example the preview shows: a split and an index in it. */
export interface PreviewPlace {
  split: ExampleSplit;
  index: number;
}

export type ProblemField = TemplateProblem['field'];

/** Why the back end refused a save, and the field it names (null: the template as a whole). */
export interface SaveRefusal {
  message: string;
  field: ProblemField | null;
}

export const problemsOf = (problems: readonly TemplateProblem[], field: ProblemField): TemplateProblem[] =>
  problems.filter((p) => p.field === field);

/** Which field a refused save is about: the error's `where.field`, else the field its message starts with. */
export function refusedField(err: { message: string; where?: { field?: string } }): ProblemField | null {
  const named = err.where?.field ?? /^(input|target|answerChoices|name)\b/.exec(err.message)?.[1];
  return named === 'input' || named === 'target' || named === 'answerChoices' || named === 'name' ? named : null;
}

const PALETTE = ['#2f5fd0', '#c4622d', '#1f7a45', '#8a5cc7', '#b8860b', '#d6336c', '#0c8599', '#5c940d', '#7048e8', '#e8590c'];
const KNOWN: Record<string, string> = { USER: '#2f5fd0', ITEM: '#c4622d', ITEM_ID: '#b8860b', RATING: '#1f7a45' };

/** A stable colour per entity label, so the same label looks the same in the preview and the matrix. */
export function labelColour(label: string): string {
  const known = KNOWN[label];
  if (known) return known;
  let h = 0;
  for (let i = 0; i < label.length; i++) h = (h * 31 + label.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

/** Templates whose id, name or text contain every word of the filter (case-insensitive). */
export function matchesFilter(t: Template, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = `${t.id} ${t.name} ${t.input} ${t.target} ${t.notes} ${t.seen ? 'seen' : 'unseen'}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}
