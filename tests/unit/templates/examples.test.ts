import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildContext, NEGATIVES } from '../../../main/templates/context';
import { dataPoints, heldOutItems } from '../../../main/templates/data';
import { compileSpec, countExamples, examplesOf, renderExample } from '../../../main/templates/examples';
import type { Rich } from '../../../main/templates/lang/index';
import { tinyData } from './fixture';

const spec = (
  id: string,
  family: 'rating' | 'sequential' | 'explanation' | 'review' | 'direct',
  input: string,
  target: string,
  seen = true,
  answerChoices: string[] | null = null,
) => compileSpec({ id, family, input, target, seen, answerChoices });

const SPECS = [
  spec('2-1', 'sequential', 'History {{ history | join(", ") }} → next?', '{{ item_title }}'),
  spec('2-2', 'sequential', 'Pick from {{ candidates | join(", ") }}', '{{ item_title }}'),
  spec('2-3', 'sequential', 'Is {{ item_title }} next after {{ history | join(", ") }}?', '{{ answer }}', true, ['yes', 'no']),
  spec('2-4', 'sequential', 'Unseen: {{ history | join(" -> ") }}', '{{ item_title }}', false),
  spec('1-1', 'rating', 'Rate {{ item_title }} for {{ user_id }}', '{{ rating }}'),
  spec('1-2', 'rating', 'Held-out {{ item_title }}', '{{ rating }}', false),
  spec('4-1', 'review', 'Summarize {{ review }}', '{{ summary }}'),
];

const textOf = (r: Rich, s: { start: number; end: number }): string => Array.from(r.text).slice(s.start, s.end).join('');

test('leave-one-out: test targets are the last item, valid the second to last, no train target is either', () => {
  const d = tinyData();
  for (const family of ['sequential', 'direct'] as const) {
    const test_ = dataPoints(d, family, 'test', 1);
    const valid = dataPoints(d, family, 'valid', 1);
    const train = dataPoints(d, family, 'train', 1);
    assert.equal(test_.length, 6);
    assert.ok(test_.every((p) => p.index === d.sequences.get(p.user.id)!.length - 1));
    assert.ok(valid.every((p) => p.index === d.sequences.get(p.user.id)!.length - 2));
    assert.ok(train.every((p) => p.index <= d.sequences.get(p.user.id)!.length - 3));
    assert.equal(train.length, family === 'sequential' ? 6 * 2 : 6 * 3, 'sequential train targets need a history item before them');
  }
  // Sequences are time-ordered even though the fixture stored them reversed.
  assert.deepEqual(
    d.sequences.get(1)!.map((x) => x.seq),
    [0, 1, 2, 3, 4],
  );
});

test('candidates hold the positive once and 99 items the user never touched, shuffled by the seed', () => {
  const d = tinyData();
  const positions = new Set<number>();
  for (const datum of dataPoints(d, 'sequential', 'test', 1)) {
    const { meta } = buildContext(d, 'sequential', datum, 1, false);
    const cands = meta.candidateIds!;
    assert.equal(cands.length, NEGATIVES + 1);
    assert.equal(new Set(cands).size, cands.length);
    const touched = new Set(d.sequences.get(datum.user.id)!.map((x) => x.itemId));
    assert.deepEqual(
      cands.filter((c) => touched.has(c)),
      [meta.positiveItemId],
    );
    positions.add(meta.positivePosition!);
    assert.deepEqual(buildContext(d, 'sequential', datum, 1, false).meta.candidateIds, cands, 'same seed, same candidates');
    assert.notDeepEqual(buildContext(d, 'sequential', datum, 2, false).meta.candidateIds, cands, 'another seed, another draw');
  }
  assert.ok(positions.size > 1, 'the positive moves around');
});

test('train uses seen templates only, one per data point; valid and test use every template; yes/no is 1:1', () => {
  const d = tinyData();
  const train = [...examplesOf(d, SPECS, 'sequential', 'train', 1)];
  assert.ok(train.every((e) => e.template.seen));
  const positives = train.filter((e) => !e.negative);
  assert.equal(positives.length, dataPoints(d, 'sequential', 'train', 1).length);
  const yesNo = train.filter((e) => e.template.id === '2-3');
  assert.equal(yesNo.filter((e) => e.negative).length, yesNo.filter((e) => !e.negative).length);
  const test_ = [...examplesOf(d, SPECS, 'sequential', 'test', 1)];
  assert.equal(test_.filter((e) => !e.negative).length, 6 * 4, 'every template, seen or not, on every test user');
  const rendered = test_.filter((e) => e.template.id === '2-3').map((e) => renderExample(d, e, 1));
  assert.deepEqual(rendered.map((r) => r.target.text).sort(), [...Array(6).fill('no'), ...Array(6).fill('yes')]);
  for (const r of rendered.filter((x) => x.meta.negative)) assert.notEqual(r.meta.itemId, r.meta.positiveItemId);
});

test('counts per family, template and split add up and are reproducible for a seed', () => {
  const d = tinyData();
  const a = countExamples(d, SPECS, ['sequential', 'rating', 'review'], 7);
  assert.deepEqual(countExamples(d, SPECS, ['sequential', 'rating', 'review'], 7), a);
  const get = (t: string, s: string): number => a.counts.find((c) => c.template === t && c.split === s)!.count;
  assert.equal(get('2-4', 'train'), 0);
  assert.equal(get('1-2', 'train'), 0);
  const ratingData = a.data.filter((x) => x.family === 'rating');
  assert.equal(
    ratingData.reduce((n, x) => n + x.count, 0),
    30,
    'every rated interaction lands in exactly one split',
  );
  assert.equal(get('1-1', 'train'), ratingData.find((x) => x.split === 'train')!.count);
  // Review summaries exist on odd positions only: the template only takes data points whose summary is there.
  const reviews = [...examplesOf(d, SPECS, 'review', 'test', 7)].map((e) => renderExample(d, e, 7));
  assert.ok(reviews.every((r) => r.target.text.startsWith('Summary')));
  const other = countExamples(d, SPECS, ['sequential'], 8);
  assert.notDeepEqual(
    other.counts.filter((c) => c.split === 'train'),
    a.counts.filter((c) => c.family === 'sequential' && c.split === 'train'),
    'the seed decides which template each train data point gets',
  );
});

test('rendered examples carry every entity: the spans hold exactly the titles and ids they name', () => {
  const d = tinyData();
  for (const ref of examplesOf(d, SPECS, 'sequential', 'test', 1)) {
    const r = renderExample(d, ref, 1);
    for (const s of [...r.input.spans, ...r.target.spans]) {
      const text = textOf(s.end <= r.input.length && r.input.spans.includes(s) ? r.input : r.target, s);
      if (s.label === 'ITEM') assert.match(text, /^Item number \d+$/);
      if (s.label === 'USER') assert.match(text, /^u\d$|^Ada$/);
    }
    if (ref.template.id === '2-1') assert.equal(r.input.spans.length, r.meta.historyIds.length);
  }
  const profile = buildContext(
    d,
    'rating',
    dataPoints(d, 'rating', 'train', 1).find((p) => p.user.id === 1)!,
    1,
    false,
  ).context.user_profile as Rich;
  assert.equal(textOf(profile, profile.spans[0]!), '34');
});

test('held-out items are the last two of a sequence', () => {
  const d = tinyData();
  assert.deepEqual(heldOutItems(d.sequences.get(2)!), [24, 23]);
});

test('with an identifier set, every variable naming an item renders its identifier as one entity; titles stay reachable', () => {
  const d = tinyData();
  d.identifiers = new Map([...d.items.keys()].map((id) => [id, `<a${id % 7}><b${id}>`]));
  const t = spec(
    '2-9',
    'sequential',
    'H: {{ history | join(" , ") }} | ids {{ history_ids | join(" ") }} | titles {{ history_titles | join("; ") }} | {{ item.title }}',
    '{{ item_title }}',
  );
  const ref = examplesOf(d, [t], 'sequential', 'test', 1).next().value!;
  const ex = renderExample(d, ref, 1);
  const seq = d.sequences.get(ref.datum.user.id)!;
  const history = seq.slice(0, ref.datum.index);
  const target = seq[ref.datum.index]!;
  assert.equal(ex.target.text, d.identifiers.get(target.itemId));
  for (const h of history) {
    const ident = d.identifiers.get(h.itemId)!;
    assert.ok(ex.input.text.includes(ident), `history item ${h.itemId} as ${ident}`);
    assert.ok(ex.input.text.includes(d.items.get(h.itemId)!.title!), 'history_titles keeps the title');
  }
  assert.ok(ex.input.text.endsWith(`| ${d.items.get(target.itemId)!.title}`), 'item.title is the title');
  // Each identifier is one whole entity span, so masking keeps an item's code sequence whole.
  const idSpans = ex.input.spans.filter((s) => ex.input.text.slice(s.start, s.end).startsWith('<a'));
  assert.equal(idSpans.length, 2 * history.length);
  for (const s of idSpans) assert.match(ex.input.text.slice(s.start, s.end), /^<a\d+><b\d+>$/);
});
