import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { chooseSpans, tallyOrigins } from '../../../main/entities/selection';
import { describeExport, type Span } from '../../../preload/api-entities';
import { workspace } from './helpers';

const span = (start: number, label: string): Span => ({ start, end: start + 1, label, source: 'human', text: 'x', ref: null });

test('chooseSpans: final, else the latest human annotation (an empty one too), else the machine', () => {
  const machine = [span(0, 'M')];
  const spans = new Map([
    ['@auto', machine],
    ['alice', [span(1, 'A')]],
    ['bob', [span(2, 'B')]],
  ]);
  const saved = new Map([
    ['@auto', '2026-01-03T00:00:00.000Z'],
    ['alice', '2026-01-01T00:00:00.000Z'],
    ['bob', '2026-01-02T00:00:00.000Z'],
  ]);
  assert.deepEqual(chooseSpans({ adjudicated: true, finals: [span(5, 'F')], spans, saved }), { spans: [span(5, 'F')], from: 'final' });
  assert.deepEqual(chooseSpans({ adjudicated: false, finals: undefined, spans, saved }), { spans: [span(2, 'B')], from: 'bob' });
  // carol saved an empty list last: that is her answer, not a reason to fall back to the machine.
  const withCarol = new Map([...saved, ['carol', '2026-01-04T00:00:00.000Z']]);
  assert.deepEqual(chooseSpans({ adjudicated: false, finals: undefined, spans, saved: withCarol }), { spans: [], from: 'carol' });
  assert.deepEqual(chooseSpans({ adjudicated: false, finals: undefined, spans, saved: new Map([['@auto', 'x']]) }), {
    spans: machine,
    from: '@auto',
  });
  assert.deepEqual(chooseSpans({ adjudicated: false, finals: undefined, spans: undefined, saved: undefined }), {
    spans: [],
    from: '@auto',
  });
});

test('tallyOrigins and describeExport say how many spans of whom', () => {
  const t = tallyOrigins([
    { spans: [span(0, 'M'), span(1, 'M')], from: '@auto' },
    { spans: [span(0, 'A')], from: 'alice' },
    { spans: [span(0, 'F'), span(1, 'F'), span(2, 'F')], from: 'final' },
    { spans: [span(0, 'M')], from: '@auto' },
  ]);
  assert.deepEqual(t, [
    { from: 'final', records: 1, spans: 3 },
    { from: 'alice', records: 1, spans: 1 },
    { from: '@auto', records: 2, spans: 3 },
  ]);
  assert.equal(
    describeExport({ records: 4, spans: 7, sources: t }),
    '7 spans on 4 records: 3 final (1 record), 1 by alice (1 record), 3 machine (2 records)',
  );
});

test('the default export holds the curator’s spans where nothing is adjudicated; training reads the same', async () => {
  const { studio, sampleId } = await workspace();
  try {
    const [r1, r2, r3] = studio.entities.store.records(sampleId);
    const first = r1!.text.search(/\p{L}/u);
    const word = (text: string, at: number) => ({ start: at, end: at + /^\p{L}+/u.exec(text.slice(at))![0].length });
    studio.entities.saveSpans(r1!.id, 'alice', [{ ...word(r1!.text, first), label: 'CITY' }]);
    await sleep(5);
    studio.entities.saveSpans(r1!.id, 'bob', [{ ...word(r1!.text, first), label: 'OCCUPATION' }]);
    studio.entities.saveSpans(r2!.id, 'alice', []);
    const machine3 = studio.entities.store.spansOfRecord(r3!.id).get('@auto') ?? [];
    studio.entities.adjudicate(r3!.id, 'carol', machine3.slice(0, 1));

    const out = JSON.parse(studio.entities.export(sampleId, 'labelstudio', 'final').text) as {
      id: number;
      annotations: { result: { value: { labels: string[] } }[] }[];
    }[];
    const labelsOf = (id: number) => out.find((d) => d.id === id)?.annotations[0]?.result.map((r) => r.value.labels[0]);
    assert.deepEqual(labelsOf(r1!.id), ['OCCUPATION'], 'the latest curator’s spans, not the machine’s');
    assert.deepEqual(labelsOf(r2!.id) ?? [], [], 'an empty annotation exports empty');
    assert.equal(labelsOf(r3!.id)?.length, 1, 'the adjudicated final spans');

    const plan = studio.entities.exportPlan(sampleId, 'final');
    const records = studio.entities.store.records(sampleId).length;
    assert.equal(plan.records, records);
    assert.deepEqual(
      plan.sources.map((s) => [s.from, s.records]),
      [
        ['final', 1],
        ['bob', 1],
        ['alice', 1],
        ['@auto', records - 3],
      ],
    );
    assert.equal(
      plan.spans,
      studio.entities.export(sampleId, 'prodigy', 'final').sources.reduce((n, s) => n + s.spans, 0),
    );
    assert.deepEqual(
      studio.entities
        .trainingRecords(sampleId)
        .get(r1!.user_id)
        ?.spans.map((s) => s.label),
      ['OCCUPATION'],
    );
    // The records list counts the same spans the export writes: bob's one, alice's none, the final one.
    const listed = new Map(
      studio.entities.store
        .list({ datasetId: sampleId, offset: 0, limit: 1000, filter: { status: 'any' } })
        .rows.map((r) => [r.id, r.spans]),
    );
    assert.deepEqual([listed.get(r1!.id), listed.get(r2!.id), listed.get(r3!.id)], [1, 0, 1]);
  } finally {
    await studio.close();
  }
});
