/**
 * The span editor on a fake dataset of records 1..8 (ids in list order), all with the same text. `filter: 'even'`
 * mounts it as the Entities page does with a filter on: the list (entities.records.list) holds only even ids.
 */
import { useCallback, useState } from 'react';
import type { LabelSet, RecordDetail, SpanInput } from '../../../preload/api-entities';
import { filteredNeighbour } from '../../../renderer/src/pages/entities/neighbours';
import { SpanEditor } from '../../../renderer/src/pages/entities/SpanEditor';
import { answer } from './fake-api';

export const RECORD_TEXT = 'Alice lives in Paris and likes jazz';
const IDS = [1, 2, 3, 4, 5, 6, 7, 8];

const LABELS: LabelSet = {
  id: 1,
  datasetId: 1,
  name: 'fixture',
  labels: [
    { name: 'PERSON', colour: '#cc3333', hotkey: null, description: '' },
    { name: 'CITY', colour: '#3366cc', hotkey: null, description: '' },
  ],
  nesting: { mode: 'rules', rules: [] },
  usage: {},
};
const COLOURS = new Map(LABELS.labels.map((l) => [l.name, l.colour]));

function record(id: number, spans: SpanInput[]): RecordDetail {
  const at = IDS.indexOf(id);
  return {
    id,
    datasetId: 1,
    userId: id,
    userExtId: `u${id}`,
    text: RECORD_TEXT,
    length: RECORD_TEXT.length,
    status: 'unreviewed',
    annotations: spans.length
      ? [
          {
            annotator: 'ann',
            spans: spans.map((s) => ({ ...s, source: s.source ?? 'human', text: s.text ?? RECORD_TEXT.slice(s.start, s.end), ref: null })),
            decision: null,
            updatedAt: '2026-01-01T00:00:00Z',
          },
        ]
      : [],
    final: null,
    adjudicator: null,
    prevId: IDS[at - 1] ?? null,
    nextId: IDS[at + 1] ?? null,
  } as RecordDetail;
}

function SpanEditorFixture({ start, filter }: { start: number; filter: string | undefined }) {
  const [recordId, setRecordId] = useState(start);
  const listed = filter === 'even' ? IDS.filter((id) => id % 2 === 0) : IDS;
  const neighbour = useCallback(
    (from: number, dir: 1 | -1) =>
      filteredNeighbour(
        async (offset, limit) => {
          const r = (await window.studio!.call('entities.records.list', { datasetId: 1, offset, limit, filter: { status: 'any' } })) as {
            ok: true;
            value: { total: number; rows: { id: number }[] };
          };
          return r.value;
        },
        from,
        dir,
      ),
    [],
  );
  answer('entities.records.list', (a) => {
    const offset = Number(a.offset ?? 0);
    const limit = Number(a.limit ?? 100);
    return { total: listed.length, rows: listed.slice(offset, offset + limit).map((id) => ({ id })) };
  });
  return (
    <div data-testid="fixture-record" data-record={recordId}>
      <SpanEditor
        key={recordId}
        recordId={recordId}
        annotator="ann"
        labels={LABELS}
        colours={COLOURS}
        onNavigate={setRecordId}
        onUpdated={() => {}}
        {...(filter ? { neighbour } : {})}
      />
    </div>
  );
}

export const FIXTURE_ENTITIES = {
  'span-editor': (p: Record<string, unknown>) => {
    const saved = new Map<number, SpanInput[]>();
    answer('entities.records.get', (a) => record(Number(a.recordId), saved.get(Number(a.recordId)) ?? []));
    answer('entities.spans.save', (a) => {
      saved.set(Number(a.recordId), a.spans as SpanInput[]);
      return record(Number(a.recordId), a.spans as SpanInput[]);
    });
    answer('entities.records.review', (a) => ({ ...record(Number(a.recordId), saved.get(Number(a.recordId)) ?? []), status: a.decision }));
    answer('entities.maskPreview', (a) => ({
      recordId: Number(a.recordId),
      tokenizer: 'fixture',
      tokens: [],
      entities: [],
      groups: [],
      masked: [],
    }));
    return <SpanEditorFixture start={Number(p.record ?? 2)} filter={typeof p.filter === 'string' ? p.filter : undefined} />;
  },
};
