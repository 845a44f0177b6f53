/**
 * The five task families of P5 / RecSysLLM (docs/algorithms.md §2.1) and the variables each offers to its
 * templates. This list is the documentation shown in the editor and the check applied at save time.
 */
import { FAMILIES, type Family } from '../../preload/families';

export { FAMILIES, type Family };

/** P5's family numbers, used in template ids such as "2-13". */
export const FAMILY_NUMBER: Record<Family, number> = { rating: 1, sequential: 2, explanation: 3, review: 4, direct: 5 };

export const FAMILY_TITLE: Record<Family, string> = {
  rating: 'Rating prediction',
  sequential: 'Sequential recommendation',
  explanation: 'Explanation generation',
  review: 'Review summarization and rating',
  direct: 'Direct recommendation',
};

export type VariableType = 'text' | 'entity' | 'number' | 'list' | 'object';
export interface VariableDoc {
  name: string;
  type: VariableType;
  doc: string;
  /** Entity label its spans carry, when it is an entity. */
  label?: string;
}

const COMMON: VariableDoc[] = [
  { name: 'user_id', type: 'entity', label: 'USER', doc: "the user's id in the dataset" },
  { name: 'user_name', type: 'entity', label: 'USER', doc: 'the user\'s name feature when the dataset has one, else "user_<id>"' },
  { name: 'user_profile', type: 'entity', doc: "the user's textualized record (Entities page), its entity spans carried into the prompt" },
  { name: 'dataset', type: 'text', doc: "the dataset's name" },
];
// With an identifier set (Item IDs page), every variable naming an item renders its identifier instead.
const ITEM: VariableDoc[] = [
  {
    name: 'item_id',
    type: 'entity',
    label: 'ITEM_ID',
    doc: "the item's id in the dataset (its identifier in a run with an identifier set)",
  },
  {
    name: 'item_title',
    type: 'entity',
    label: 'ITEM',
    doc: "the item's title (its id when it has none; its identifier in a run with an identifier set)",
  },
  {
    name: 'item',
    type: 'object',
    doc: 'the item: item.id, item.title (always the title), item.identifier (with an identifier set) and its attributes, e.g. item.genre',
  },
];
const HISTORY: VariableDoc[] = [
  {
    name: 'history',
    type: 'list',
    label: 'ITEM',
    doc: 'titles of the items before the target, oldest first (at most 20): history | join(" , "); identifiers with an identifier set',
  },
  { name: 'history_ids', type: 'list', label: 'ITEM_ID', doc: 'ids of the same items' },
  { name: 'history_titles', type: 'list', label: 'ITEM', doc: 'titles of the same items, also in a run with an identifier set' },
];
const CANDIDATES: VariableDoc[] = [
  {
    name: 'candidates',
    type: 'list',
    label: 'ITEM',
    doc: 'titles of 100 candidates: the positive and 99 items the user never interacted with, shuffled',
  },
  { name: 'candidate_ids', type: 'list', label: 'ITEM_ID', doc: 'ids of the same candidates, same order' },
  { name: 'candidate_titles', type: 'list', label: 'ITEM', doc: 'titles of the same candidates, also with an identifier set' },
];
const ANSWER: VariableDoc = {
  name: 'answer',
  type: 'text',
  doc: 'for yes/no templates: "yes" for the positive example, "no" for its negative (1:1)',
};
const RATING: VariableDoc = { name: 'rating', type: 'number', doc: 'the star rating the user gave (1–5)' };
const REVIEW: VariableDoc = { name: 'review', type: 'text', doc: "the user's review text" };

export const FAMILY_VARIABLES: Record<Family, VariableDoc[]> = {
  rating: [
    ...COMMON,
    ...ITEM,
    RATING,
    { name: 'star', type: 'number', doc: 'for yes/no templates: the star rating asked about — the true one for "yes", another for "no"' },
    ANSWER,
  ],
  sequential: [...COMMON, ...ITEM, ...HISTORY, ...CANDIDATES, ANSWER],
  explanation: [
    ...COMMON,
    ...ITEM,
    RATING,
    REVIEW,
    { name: 'feature_word', type: 'text', doc: "a salient word of the review (its longest word that isn't a stop word)" },
  ],
  review: [...COMMON, ...ITEM, RATING, REVIEW, { name: 'summary', type: 'text', doc: "the review's summary line" }],
  direct: [...COMMON, ...ITEM, ...HISTORY, ...CANDIDATES, ANSWER],
};

export const isFamily = (s: string): s is Family => (FAMILIES as readonly string[]).includes(s);

/** Variables every context offers besides the family's (the loop variable `loop` is bound by the language). */
export const familyVariableNames = (f: Family): Set<string> => new Set(FAMILY_VARIABLES[f].map((v) => v.name));
