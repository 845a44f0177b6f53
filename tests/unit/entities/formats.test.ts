import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../../../main/random';
import { InputError, StudioError } from '../../../main/errors';
import { SpanFormat, type Span } from '../../../preload/api-entities';
import { emojiDataset, workspace } from './helpers';

const key = (s: Span): string => `${s.start}:${s.end}:${s.label}:${s.text}`;
const FORMATS = SpanFormat.options;

test('every format round-trips the machine spans exactly, emoji and non-BMP characters included', async () => {
  const { studio } = await workspace();
  try {
    for (const datasetId of [studio.datasets.resolve('sample').id, await emojiDataset(studio)]) {
      const records = studio.entities.store.records(datasetId);
      assert.ok(records.length > 0);
      for (const format of FORMATS) {
        const out = studio.entities.export(datasetId, format, 'machine');
        const res = studio.entities.importText(datasetId, format, out.text, `x.${format}`, `rt-${format}`, false);
        assert.equal(res.records, records.length, format);
        for (const r of records) {
          const byA = studio.entities.store.spansOfRecord(r.id);
          const want = (byA.get('@auto') ?? []).map(key).sort();
          const got = (byA.get(`rt-${format}`) ?? []).map(key).sort();
          assert.deepEqual(got, want, `${format} record ${r.id}`);
          if (format === 'labelstudio' || format === 'prodigy') {
            assert.deepEqual(
              (byA.get(`rt-${format}`) ?? []).map((s) => s.source).sort(),
              (byA.get('@auto') ?? []).map((s) => s.source).sort(),
            );
          }
        }
      }
    }
  } finally {
    await studio.close();
  }
});

test('property: random human spans (edges on non-space characters, astral ones too) round-trip through every format', async () => {
  const { studio } = await workspace();
  try {
    const datasetId = await emojiDataset(studio);
    const labels = studio.entities.labels(datasetId)[0]!;
    studio.entities.saveLabels(
      datasetId,
      labels.name,
      [...labels.labels, { name: 'X', colour: '#123456', hotkey: null, description: '' }],
      { mode: 'any', rules: [] },
    );
    const rng = mulberry32(3);
    for (let round = 0; round < 15; round++) {
      const expected = new Map<number, string[]>();
      for (const r of studio.entities.store.records(datasetId)) {
        const cps = Array.from(r.text);
        const edges = cps.map((c, i) => (/\s/u.test(c) ? -1 : i)).filter((i) => i >= 0);
        const spans: { start: number; end: number; label: string }[] = [];
        let at = 0;
        while (spans.length < 4) {
          const choices = edges.filter((i) => i >= at);
          if (choices.length < 2) break;
          const a = choices[Math.floor(rng() * Math.min(choices.length - 1, 6))]!;
          const ends = choices.filter((i) => i >= a && i < a + 12);
          const b = ends[Math.floor(rng() * ends.length)]!;
          spans.push({ start: a, end: b + 1, label: rng() < 0.5 ? 'X' : 'ITEM' });
          at = b + 2;
        }
        const saved = studio.entities.saveSpans(r.id, 'h', spans);
        expected.set(
          r.id,
          saved.annotations
            .find((a) => a.annotator === 'h')!
            .spans.map(key)
            .sort(),
        );
      }
      for (const format of FORMATS) {
        const out = studio.entities.export(datasetId, format, 'annotator', 'h');
        studio.entities.importText(datasetId, format, out.text, `x.${format}`, 'h2', false);
        for (const [id, want] of expected) {
          assert.deepEqual(
            (studio.entities.store.spansOfRecord(id).get('h2') ?? []).map(key).sort(),
            want,
            `${format} record ${id} round ${round}`,
          );
        }
      }
    }
  } finally {
    await studio.close();
  }
});

test('nested spans round-trip through the span formats; BIO formats keep the outermost', async () => {
  const { studio, sampleId } = await workspace();
  try {
    const set = studio.entities.labels(sampleId)[0]!;
    studio.entities.saveLabels(sampleId, set.name, [...set.labels, { name: 'GEAR', colour: '#00ff00', hotkey: null, description: '' }], {
      mode: 'rules',
      rules: [{ outer: 'ITEM', inner: 'GEAR' }],
    });
    const rec = studio.entities.get(studio.entities.store.recordIds(sampleId)[0]!);
    const item = rec.annotations.find((a) => a.annotator === '@auto')!.spans.find((s) => s.label === 'ITEM')!;
    const spans = [
      { start: item.start, end: item.end, label: 'ITEM' },
      { start: item.start, end: item.start + 1, label: 'GEAR' },
    ];
    studio.entities.saveSpans(rec.id, 'n', spans);
    for (const format of FORMATS) {
      const out = studio.entities.export(sampleId, format, 'annotator', 'n');
      studio.entities.importText(sampleId, format, out.text, 'x', 'n2', false);
      const got = studio.entities.store
        .spansOfRecord(rec.id)
        .get('n2')!
        .map((s) => s.label);
      assert.deepEqual(got, format === 'conll' || format === 'hf' ? ['ITEM'] : ['ITEM', 'GEAR'], format);
    }
  } finally {
    await studio.close();
  }
});

test('Label Studio offsets are UTF-16 units on the way out and in', async () => {
  const { studio } = await workspace();
  try {
    const datasetId = await emojiDataset(studio);
    const out = JSON.parse(studio.entities.export(datasetId, 'labelstudio', 'machine').text) as {
      data: { text: string };
      annotations: { result: { value: { start: number; end: number; text: string } }[] }[];
    }[];
    for (const task of out) {
      for (const r of task.annotations[0]!.result) assert.equal(task.data.text.slice(r.value.start, r.value.end), r.value.text);
    }
    // An offset inside a surrogate pair is refused, naming the task and result.
    const first = out.find((t) => t.data.text.includes('😀'))!;
    const emojiAt = first.data.text.indexOf('😀');
    first.annotations[0]!.result[0]!.value.start = emojiAt + 1;
    assert.throws(
      () => studio.entities.importText(datasetId, 'labelstudio', JSON.stringify([first]), 'ls.json', 'x', false),
      (err: unknown) =>
        err instanceof InputError &&
        err.line === 1 &&
        err.field === 'annotations[0].result[0].value' &&
        /inside a character/.test(err.message),
    );
  } finally {
    await studio.close();
  }
});

test('bad input names the line, record and span, and nothing is half-imported', async () => {
  const { studio, sampleId } = await workspace();
  try {
    const good = studio.entities.export(sampleId, 'prodigy', 'machine').text.split('\n').filter(Boolean);
    const line2 = JSON.parse(good[1]!) as { meta: { record_id: number }; spans: { text: string; label: string }[] };
    const rid = line2.meta.record_id;
    const user = studio.entities.get(rid).userExtId;
    // Span text that does not match the record.
    line2.spans[0]!.text = 'nonsense';
    const mismatched = [good[0], JSON.stringify(line2), ...good.slice(2)].join('\n');
    assert.throws(
      () => studio.entities.importText(sampleId, 'prodigy', mismatched, 'spans.jsonl', 'ann', false),
      (err: unknown) =>
        err instanceof InputError &&
        err.file === 'spans.jsonl' &&
        err.line === 2 &&
        err.field === 'spans[0]' &&
        err.message.includes(`record ${rid} (user ${user})`) &&
        /does not match the record/.test(err.message),
    );
    // Unknown label, unless addLabels.
    const line1 = JSON.parse(good[0]!) as { spans: { label: string }[] };
    line1.spans[0]!.label = 'NEWLABEL';
    const unknown = [JSON.stringify(line1), ...good.slice(1)].join('\n');
    assert.throws(
      () => studio.entities.importText(sampleId, 'prodigy', unknown, 'spans.jsonl', 'ann', false),
      /line 1|spans\.jsonl:1.*unknown label "NEWLABEL"/,
    );
    // Malformed line 3.
    assert.throws(
      () => studio.entities.importText(sampleId, 'doccano', `${good[0]}\n${good[1]}\n{"text": oops}\n`, 'd.jsonl', 'ann', false),
      (err: unknown) => err instanceof InputError && err.line === 3 && /not JSON/.test(err.message),
    );
    // CoNLL with a bad tag.
    assert.throws(
      () => studio.entities.importText(sampleId, 'conll', '-DOCSTART- -X- -X- O\n\nA -X- _ Q-X\n', 'c.conll', 'ann', false),
      /c\.conll:3.*tag "Q-X"/,
    );
    // Text that matches no record.
    assert.throws(
      () => studio.entities.importText(sampleId, 'doccano', '{"text":"no such record","label":[]}\n', 'd.jsonl', 'ann', false),
      /no record of this dataset has this text/,
    );
    assert.equal(
      studio.entities.store.annotatorCounts(sampleId).find((a) => a.annotator === 'ann'),
      undefined,
      'nothing written',
    );
    const added = studio.entities.importText(sampleId, 'prodigy', unknown, 'spans.jsonl', 'ann', true);
    assert.deepEqual(added.labelsAdded, ['NEWLABEL']);
    assert.ok(studio.entities.labels(sampleId)[0]!.labels.some((l) => l.name === 'NEWLABEL'));
  } finally {
    await studio.close();
  }
});

test('saving spans refuses partial overlaps as bad_input naming the record and both spans', async () => {
  const { studio, sampleId } = await workspace();
  try {
    const id = studio.entities.store.recordIds(sampleId)[0]!;
    assert.throws(
      () =>
        studio.entities.saveSpans(id, 'ann', [
          { start: 0, end: 5, label: 'ITEM' },
          { start: 3, end: 8, label: 'CITY' },
        ]),
      (err: unknown) =>
        err instanceof StudioError &&
        err.code === 'bad_input' &&
        /record \d+ \(user u1\): span 2: \[3,8\) CITY .* partially overlaps span 1 \[0,5\) ITEM/.test(err.message),
    );
  } finally {
    await studio.close();
  }
});
