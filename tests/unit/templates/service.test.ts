import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudioError } from '../../../main/errors';
import { Studio } from '../../../main/studio';
import { textualizeDataset } from '../../../main/entities/run';

async function open(): Promise<{ studio: Studio; sampleId: number }> {
  const studio = await Studio.open({ dataDir: mkdtempSync(join(tmpdir(), 'studio-templates-')), mode: 'serve' });
  return { studio, sampleId: studio.datasets.resolve('sample').id };
}

const refusal = (fn: () => unknown): StudioError => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof StudioError);
    return err;
  }
  assert.fail('expected a refusal');
};

test('a new workspace holds the built-in set: P5 family sizes, the last of each family unseen', async () => {
  const { studio } = await open();
  const list = studio.templates.list();
  const sizes = Object.fromEntries(
    ['rating', 'sequential', 'explanation', 'review', 'direct'].map((f) => [f, list.filter((t) => t.family === f).length]),
  );
  assert.deepEqual(sizes, { rating: 10, sequential: 13, explanation: 12, review: 4, direct: 8 });
  assert.deepEqual(
    list.filter((t) => !t.seen).map((t) => t.id),
    ['1-10', '2-13', '3-12', '4-4', '5-8'],
  );
  assert.ok(list.every((t) => t.builtin && t.version === 1));
  // Every slot P5 uses appears somewhere in the set.
  const text = list.map((t) => t.input + t.target).join(' ');
  for (const v of [
    'user_id',
    'user_name',
    'history',
    'candidates',
    'item_id',
    'item_title',
    'rating',
    'star',
    'feature_word',
    'review',
    'summary',
  ])
    assert.ok(text.includes(v), v);
  await studio.close();
});

test('saving makes versions; unchanged saves make none; revert restores an old text as a new version', async () => {
  const { studio } = await open();
  const t = studio.templates.get('2-3').template;
  const fields = {
    family: t.family,
    name: t.name,
    input: t.input,
    target: t.target,
    answerChoices: t.answerChoices,
    seen: t.seen,
    notes: t.notes,
  };
  const v2 = studio.templates.save('2-3', { ...fields, input: `${t.input} Be brief.` }, 'ana');
  assert.equal(v2.version, 2);
  assert.equal(v2.builtin, false);
  assert.equal(studio.templates.save('2-3', { ...fields, input: `${t.input} Be brief.` }, 'ana').version, 2);
  const v3 = studio.templates.revert('2-3', 1);
  assert.equal(v3.version, 3);
  assert.equal(v3.input, t.input);
  assert.equal(v3.builtin, true);
  assert.deepEqual(
    studio.templates.get('2-3').versions.map((v) => [v.version, v.author]),
    [
      [3, 'revert to v1'],
      [2, 'ana'],
      [1, 'built-in'],
    ],
  );
  const added = studio.templates.save(undefined, { ...fields, name: 'Mine' }, 'ana');
  assert.equal(added.id, '2-14');
  await studio.close();
});

test('a save is refused with field, line and column for syntax errors, unknown variables and constant targets', async () => {
  const { studio } = await open();
  const base = {
    family: 'rating' as const,
    name: 'x',
    input: 'Rate {{ item_title }}',
    target: '{{ rating }}',
    answerChoices: null,
    seen: true,
    notes: '',
  };
  const e1 = refusal(() => studio.templates.save(undefined, { ...base, input: 'Rate\n  {% if rating %}' }, 'a'));
  assert.match(e1.message, /input, line 2, column 3: .*endif/);
  const e2 = refusal(() => studio.templates.save(undefined, { ...base, input: 'Rate {{ item_title }} for {{ candidates }}' }, 'a'));
  assert.match(e2.message, /input, line 1, column 30: unknown variable "candidates" for the rating family/);
  const e3 = refusal(() => studio.templates.save(undefined, { ...base, target: '4' }, 'a'));
  assert.match(e3.message, /target.*uses no variable/);
  assert.equal(studio.templates.list('rating').length, 10, 'nothing was written');
  await studio.close();
});

test('YAML export → import round-trips; a bad file names line and field and writes nothing', async () => {
  const { studio } = await open();
  const { yaml } = studio.templates.export();
  assert.deepEqual(studio.templates.import(yaml, 'merge', 'me'), { added: 0, updated: 0, unchanged: 47, deleted: 0 });
  const edited = yaml
    .replace('Star rating by ids', 'Stars by id')
    .concat('  - id: "2-20"\n    family: sequential\n    name: New\n    input: "{{ history | join }}"\n    target: "{{ item_title }}"\n');
  assert.deepEqual(studio.templates.import(edited, 'merge', 'me'), { added: 1, updated: 1, unchanged: 46, deleted: 0 });
  const bad = edited.replace('target: "{{ item_title }}"\n', 'target: "{{ item_title }}"\n    colour: red\n');
  const e = refusal(() => studio.templates.import(bad, 'merge', 'me', 'set.yaml'));
  assert.match(e.message, /set\.yaml, line \d+, templates\[11\]: unknown key\(s\): colour/);
  const badVar = yaml.replace('{{ user_id }} give to item', '{{ nobody }} give to item');
  const e2 = refusal(() => studio.templates.import(badVar, 'replace', 'me'));
  assert.match(e2.message, /template 1-1: input, line 1, column \d+: unknown variable "nobody"/);
  assert.equal(studio.templates.list().length, 48, 'the refused replace deleted nothing');
  const only = yaml.split(/\n  - id: "?1-3"?\n/)[0]! + '\n';
  assert.deepEqual(studio.templates.import(only, 'replace', 'me'), { added: 0, updated: 1, unchanged: 1, deleted: 46 });
  assert.deepEqual(studio.templates.restoreBuiltin(), { added: 45, updated: 0, unchanged: 2, deleted: 0 });
  await studio.close();
});

test('preview renders real records with spans, pages through them, and carries textualized spans into the prompt', async () => {
  const { studio, sampleId } = await open();
  const p0 = studio.templates.preview(sampleId, { id: '2-3' }, 'train', 0, 1);
  const p1 = studio.templates.preview(sampleId, { id: '2-3' }, 'train', 1, 1);
  assert.ok(p0.total > 100);
  assert.notEqual(p0.input.text, p1.input.text);
  const items = p0.input.spans.filter((s) => s.label === 'ITEM');
  assert.ok(items.length >= 1);
  for (const s of items) assert.equal(s.ref?.kind, 'item');
  assert.ok(p0.input.tokens > 5 && p0.target.tokens > 0);
  const unsaved = studio.templates.preview(
    sampleId,
    {
      fields: {
        family: 'sequential',
        name: 'x',
        input: 'Hello {{ nope }}',
        target: '{{ item_title }}',
        answerChoices: null,
        seen: true,
        notes: '',
      },
    },
    'train',
    0,
    1,
  );
  assert.match(unsaved.problems[0]!.message, /unknown variable "nope"/);

  const profileTemplate = {
    family: 'rating' as const,
    name: 'p',
    input: '{{ user_profile }} Rate {{ item_title }}.',
    target: '{{ rating }}',
    answerChoices: null,
    seen: true,
    notes: '',
  };
  const before = studio.templates.preview(sampleId, { fields: profileTemplate }, 'train', 0, 1);
  assert.ok(before.warnings.some((w) => w.kind === 'empty_variable'));
  textualizeDataset(studio.db, sampleId, studio.entities.profile(sampleId).profile);
  studio.events.emit('entities.changed', { datasetId: sampleId });
  const after = studio.templates.preview(sampleId, { fields: profileTemplate }, 'train', 0, 1);
  const record = [...studio.entities.trainingRecords(sampleId).values()].find((r) => after.input.text.startsWith(r.text))!;
  assert.ok(record, 'the profile text opens the prompt');
  assert.deepEqual(
    after.input.spans.slice(0, record.spans.length).map((s) => [s.start, s.end, s.label]),
    record.spans.map((s) => [s.start, s.end, s.label]),
    'the record spans sit where they landed',
  );
  await studio.close();
});

test('matrix renders one record through all 47 templates; counts cover every family', async () => {
  const { studio, sampleId } = await open();
  const m = studio.templates.matrix(sampleId, 3, 1);
  assert.equal(m.cells.length, 47);
  assert.deepEqual(
    m.cells.filter((c) => c.error),
    [],
  );
  assert.ok(m.cells.every((c) => c.input!.text.length > 0));
  const c = studio.templates.counts(sampleId, undefined, 1);
  for (const f of ['rating', 'sequential', 'explanation', 'review', 'direct'])
    assert.ok(
      c.counts.some((x) => x.family === f && x.split === 'train' && x.count > 0),
      f,
    );
  assert.deepEqual(studio.templates.counts(sampleId, undefined, 1), c);
  await studio.close();
});
