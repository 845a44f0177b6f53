import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heldOutItems, type ExampleData } from '../../../main/templates/data';
import { compileSpec, examplesOf, renderExample, type TemplateSpec } from '../../../main/templates/examples';
import { templateWarnings, type CheckedExample } from '../../../main/templates/warnings';
import { tinyData } from './fixture';

type F = 'rating' | 'sequential' | 'explanation' | 'review' | 'direct';
const spec = (family: F, input: string, target: string, answerChoices: string[] | null = null): TemplateSpec =>
  compileSpec({ id: '9-1', family, input, target, seen: true, answerChoices });

/** The examples of a split rendered as the service checks them; `users` limits which users take part. */
function checked(d: ExampleData, s: TemplateSpec, split: 'train' | 'test', users?: number[]): CheckedExample[] {
  const out: CheckedExample[] = [];
  let index = 0;
  for (const ref of examplesOf(d, [s], s.family, split, 1)) {
    if (users && !users.includes(ref.datum.user.id)) continue;
    const r = renderExample(d, ref, 1);
    out.push({
      index: index++,
      split,
      input: r.input,
      target: r.target,
      meta: r.meta,
      context: r.context,
      heldOut: heldOutItems(d.sequences.get(ref.datum.user.id)!),
    });
  }
  return out;
}

const kinds = (s: TemplateSpec, ex: CheckedExample[]): string[] => templateWarnings(s, ex).map((w) => w.kind);
const CLEAN_USERS = [1, 2, 3, 4, 5];

test('clean templates raise no warning', () => {
  const d = tinyData();
  const cases: [TemplateSpec, 'train' | 'test'][] = [
    [spec('sequential', 'After {{ history | join(", ") }} comes?', '{{ item_title }}'), 'train'],
    [spec('sequential', 'Choose from {{ candidates | join(", ") }} for {{ user_id }}', '{{ item_title }}'), 'test'],
    [spec('direct', 'Recommend {{ item_title }} to {{ user_id }}?', '{{ answer }}', ['yes', 'no']), 'test'],
    [spec('rating', 'Rate {{ item_title }}', '{{ rating }}'), 'train'],
    [spec('review', 'Summarize: {{ review }}', '{{ summary }}'), 'train'],
  ];
  for (const [s, split] of cases) assert.deepEqual(kinds(s, checked(d, s, split, CLEAN_USERS)), [], s.input.source);
});

test('target_leak: the input reads the target variable, or renders the target text', () => {
  const d = tinyData();
  const stat = spec('sequential', 'Next after {{ history | join(", ") }} is {{ item_title }}?', '{{ item_title }}');
  const w = templateWarnings(stat, checked(d, stat, 'test', CLEAN_USERS));
  assert.equal(w[0]!.kind, 'target_leak');
  assert.match(w[0]!.message, /"item_title"/);
  const dyn = spec('rating', 'About {{ item.title }}: score?', '{{ item_title }}');
  const ex = checked(d, dyn, 'train', CLEAN_USERS);
  const leak = templateWarnings(dyn, ex).find((x) => x.kind === 'target_leak')!;
  assert.equal(leak.count, ex.length);
  // With candidates the answer is expected once in the list, and only a second copy leaks.
  const twice = spec('direct', 'Candidates: {{ candidates | join(", ") }}. Hint: {{ item.title }}', '{{ item_title }}');
  assert.ok(kinds(twice, checked(d, twice, 'test', CLEAN_USERS)).includes('target_leak'));
});

test('test_in_history: a training history holds an item the user holds out', () => {
  const d = tinyData();
  const s = spec('sequential', 'After {{ history | join(", ") }} comes?', '{{ item_title }}');
  // User 6 watched its test item early on too: its training histories contain it.
  const w = templateWarnings(s, checked(d, s, 'train')).find((x) => x.kind === 'test_in_history')!;
  assert.ok(w.count >= 1);
  assert.deepEqual(kinds(s, checked(d, s, 'train', CLEAN_USERS)), []);
});

test('fixed_position: the ground truth always at the same place among the candidates', () => {
  const d = tinyData();
  const s = spec('sequential', 'Choose from {{ candidates | join(", ") }}', '{{ item_title }}');
  const ex = checked(d, s, 'test');
  assert.ok(!kinds(s, ex).includes('fixed_position'), 'the builder shuffles');
  const broken = ex.map((e) => ({ ...e, meta: { ...e.meta, positivePosition: 0 } }));
  const w = templateWarnings(s, broken).find((x) => x.kind === 'fixed_position')!;
  assert.match(w.message, /candidate number 1/);
});

test('empty_render and empty_variable: a template that renders nothing for some records', () => {
  const d = tinyData();
  const s = spec('rating', '{{ user_profile }}', '{{ rating }}');
  const ex = checked(d, s, 'train');
  const w = templateWarnings(s, ex);
  const empty = w.find((x) => x.kind === 'empty_render')!;
  const variable = w.find((x) => x.kind === 'empty_variable')!;
  assert.equal(empty.count, ex.filter((e) => e.meta.userId !== 1).length, 'only user 1 is textualized');
  assert.match(variable.message, /user_profile.*textualize/);
  assert.ok(empty.example !== null && ex[empty.example]!.meta.userId !== 1);
});

test('answer_choice: a target outside the declared choices', () => {
  const d = tinyData();
  const s = spec('direct', 'Recommend {{ item_title }}?', '{{ answer }}', ['true', 'false']);
  const ex = checked(d, s, 'test');
  const w = templateWarnings(s, ex).find((x) => x.kind === 'answer_choice')!;
  assert.equal(w.count, ex.length);
});
