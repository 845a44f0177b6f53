/**
 * The variables a template sees for one data point (pure). Every id, name and title is an entity, so its span
 * travels through rendering; candidates are the positive plus 99 items the user never touched, shuffled
 * (P5, docs/algorithms.md §2.2); yes/no variants pair each positive with one negative.
 */
import type { Family } from '../../preload/api-templates';
import { keyedRng } from '../random';
import { HISTORY_MAX, type Datum, type DItem, type ExampleData } from './data';
import { Rich, type Value } from './lang/index';

export const NEGATIVES = 99;

export interface ExampleMeta {
  userId: number;
  /** The item the target is about (the positive, or the sampled negative of a "no" example). */
  itemId: number | null;
  positiveItemId: number | null;
  historyIds: number[];
  candidateIds: number[] | null;
  /** Where the positive sits among the candidates (0-based), when there are candidates. */
  positivePosition: number | null;
  negative: boolean;
}

export interface BuiltContext {
  context: Record<string, Value>;
  meta: ExampleMeta;
}

const STOP = new Set(
  'about above after again against also because been before being below between both cannot could does doing down during each from further have having here into itself just more most much only other over same should some such than that their them then there these they this those through under until very were what when where which while with would your yours the and but for not you are was its it his her she him our out off own too can will'.split(
    ' ',
  ),
);

/** The review's longest word that isn't a stop word (first on ties): a stand-in for P5's extracted feature words. */
export function featureWord(review: string): string {
  let best = '';
  for (const w of review.toLowerCase().match(/\p{L}[\p{L}'-]*/gu) ?? []) {
    if (!STOP.has(w) && w.length > best.length) best = w;
  }
  return best;
}

/**
 * An item as the template variables name it. With an identifier set (issue #10) every variable that names an
 * item — its id and its title alike — renders its identifier, the tokens the model learns to generate; the
 * title stays reachable as `item.title`, `history_titles` and `candidate_titles`.
 */
const itemEntities = (
  item: DItem,
  identifiers: ExampleData['identifiers'],
): { id: Rich; title: Rich; plainTitle: Rich; object: Record<string, Value> } => {
  const title = item.title ?? item.extId;
  const ident = identifiers?.get(item.id);
  const attrs: Record<string, Value> = {};
  for (const [k, v] of Object.entries(item.attrs))
    attrs[k] = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);
  const plainTitle = Rich.entity(title, 'ITEM', { kind: 'item', id: item.id, field: 'title' });
  return {
    id: Rich.entity(ident ?? item.extId, 'ITEM_ID', { kind: 'item', id: item.id, field: 'id' }),
    title: ident === undefined ? plainTitle : Rich.entity(ident, 'ITEM', { kind: 'item', id: item.id, field: 'title' }),
    plainTitle,
    object: { ...attrs, id: item.extId, title, ...(ident === undefined ? {} : { identifier: ident }) },
  };
};

/** `count` distinct items outside `exclude`, drawn uniformly (rejection sampling; falls back to a scan when the catalog is nearly exhausted). */
export function sampleNegatives(itemIds: readonly number[], exclude: ReadonlySet<number>, count: number, rng: () => number): number[] {
  const out: number[] = [];
  const taken = new Set<number>();
  const room = itemIds.length - exclude.size;
  const want = Math.max(0, Math.min(count, room));
  let tries = 0;
  while (out.length < want && tries < want * 20) {
    tries++;
    const id = itemIds[Math.floor(rng() * itemIds.length)]!;
    if (!exclude.has(id) && !taken.has(id)) {
      taken.add(id);
      out.push(id);
    }
  }
  if (out.length < want) {
    for (const id of itemIds) {
      if (out.length >= want) break;
      if (!exclude.has(id) && !taken.has(id)) {
        taken.add(id);
        out.push(id);
      }
    }
  }
  return out;
}

function shuffle<T>(list: T[], rng: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/**
 * The context of one data point. `negative` builds the "no" side of a yes/no pair: another item (sequential,
 * direct) or another star rating (rating). Randomness is keyed by (seed, family, user, index), so a data point
 * renders the same way every time.
 */
export function buildContext(d: ExampleData, family: Family, datum: Datum, seed: number, negative: boolean): BuiltContext {
  const seq = d.sequences.get(datum.user.id)!;
  const x = seq[datum.index]!;
  const rng = keyedRng(seed, `${family}:${datum.user.id}:${datum.index}`);
  const u = datum.user;
  const ctx: Record<string, Value> = {
    dataset: d.datasetName,
    user_id: Rich.entity(u.extId, 'USER', { kind: 'user', id: u.id, field: 'id' }),
    user_name: Rich.entity(u.name ?? `user_${u.extId}`, 'USER', { kind: 'user', id: u.id, field: u.name ? 'name' : 'id' }),
    user_profile: d.profiles.get(u.id) ?? '',
  };
  const meta: ExampleMeta = {
    userId: u.id,
    itemId: x.itemId,
    positiveItemId: x.itemId,
    historyIds: [],
    candidateIds: null,
    positivePosition: null,
    negative,
  };
  const setItem = (itemId: number): void => {
    const item = d.items.get(itemId)!;
    const e = itemEntities(item, d.identifiers);
    ctx.item_id = e.id;
    ctx.item_title = e.title;
    ctx.item = e.object;
    meta.itemId = itemId;
  };
  setItem(x.itemId);

  if (family === 'sequential' || family === 'direct') {
    const history = seq.slice(Math.max(0, datum.index - HISTORY_MAX), datum.index);
    meta.historyIds = history.map((h) => h.itemId);
    const entities = history.map((h) => itemEntities(d.items.get(h.itemId)!, d.identifiers));
    ctx.history = entities.map((e) => e.title);
    ctx.history_ids = entities.map((e) => e.id);
    ctx.history_titles = entities.map((e) => e.plainTitle);
    const touched = new Set(seq.map((s) => s.itemId));
    const negatives = sampleNegatives(d.itemIds, touched, NEGATIVES, rng);
    const candidates = shuffle([x.itemId, ...negatives], rng);
    meta.candidateIds = candidates;
    meta.positivePosition = candidates.indexOf(x.itemId);
    const cands = candidates.map((id) => itemEntities(d.items.get(id)!, d.identifiers));
    ctx.candidates = cands.map((e) => e.title);
    ctx.candidate_ids = cands.map((e) => e.id);
    ctx.candidate_titles = cands.map((e) => e.plainTitle);
    ctx.answer = negative ? 'no' : 'yes';
    if (negative && negatives.length > 0) setItem(negatives[Math.floor(rng() * negatives.length)]!);
    return { context: ctx, meta };
  }

  ctx.rating = x.rating;
  if (family === 'rating') {
    const stars = x.rating === null ? 0 : Math.round(x.rating);
    const others = [1, 2, 3, 4, 5].filter((s) => s !== stars);
    ctx.star = negative ? others[Math.floor(rng() * others.length)]! : stars;
    ctx.answer = negative ? 'no' : 'yes';
    return { context: ctx, meta };
  }
  ctx.review = x.review ?? '';
  ctx.summary = x.summary ?? '';
  if (family === 'explanation') ctx.feature_word = featureWord(x.review ?? '');
  return { context: ctx, meta };
}
