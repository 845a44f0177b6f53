import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHandlers } from '../../../main/handlers';
import { tokenize } from '../../../main/entities/tokens';
import { StudioError } from '../../../main/errors';
import type { JobFinished } from '../../../preload/api';
import { fixture, workspace } from './helpers';

test('textualizing the sample runs as a job in a worker: one record per user, every span’s text at its offsets', async () => {
  const { studio, sampleId } = await workspace(false);
  try {
    const h = buildHandlers(studio);
    const info = await h['entities.profiles.get']({ datasetId: sampleId });
    assert.equal(info.saved, false);
    assert.ok(info.fields.user.includes('occupation'));
    const finished = new Promise<JobFinished>((resolve) =>
      studio.events.on('job.finished', (payload) => resolve(payload)),
    );
    const { jobId } = await h['entities.textualize']({ datasetId: sampleId, force: false });
    const done = await finished;
    assert.equal(done.jobId, jobId);
    assert.ok(done.ok, done.error);
    const result = done.result as { records: number; spans: number };
    assert.equal(result.records, 48);
    const page = await h['entities.records.list']({ datasetId: sampleId, offset: 0, limit: 1000, filter: { status: 'any' } });
    assert.equal(page.total, 48);
    for (const row of page.rows) {
      const rec = await h['entities.records.get']({ recordId: row.id });
      const cps = Array.from(rec.text);
      assert.equal(rec.length, cps.length);
      for (const a of rec.annotations) for (const s of a.spans) assert.equal(cps.slice(s.start, s.end).join(''), s.text);
      assert.match(rec.text, /^A \d+-year-old /);
    }
    const labels = (await h['entities.labels.list']({ datasetId: sampleId }))[0]!;
    assert.deepEqual(
      labels.labels.map((l) => [l.name, l.hotkey]),
      [['AGE', 1], ['OCCUPATION', 2], ['CITY', 3], ['GENDER', 4], ['ITEM', 5]],
    );
    // A preview renders real users without writing anything.
    const preview = await h['entities.profiles.preview']({ datasetId: sampleId, profile: { ...info.profile, user: '{occupation} in {city}' }, limit: 2 });
    assert.equal(preview.records.length, 2);
    assert.match(preview.records[0]!.text, /^technician in Oslo/);
    await assert.rejects(async () => h['entities.profiles.save']({ datasetId: sampleId, profile: { ...info.profile, user: '{shoe_size}' } }), /\{shoe_size\}/);
  } finally {
    await studio.close();
  }
});

test('two annotators: disputes, agreement, reviews, adjudication, filters and stats', async () => {
  const { studio, sampleId } = await workspace();
  try {
    const h = buildHandlers(studio);
    const [r1, r2] = studio.entities.store.recordIds(sampleId) as [number, number];
    const auto1 = (await h['entities.records.get']({ recordId: r1 })).annotations.find((a) => a.annotator === '@auto')!.spans;
    const mine = auto1.map(({ start, end, label }) => ({ start, end, label, source: 'human' as const }));
    await h['entities.spans.save']({ recordId: r1, annotator: 'ann', spans: mine });
    const bob = await h['entities.spans.save']({ recordId: r1, annotator: 'bob', spans: mine.slice(1) });
    assert.equal(bob.status, 'disputed');
    await h['entities.spans.save']({ recordId: r2, annotator: 'ann', spans: [] });
    await h['entities.spans.save']({ recordId: r2, annotator: 'bob', spans: [] });
    const accepted = await h['entities.records.review']({ recordId: r2, annotator: 'ann', decision: 'accepted' });
    assert.equal(accepted.status, 'accepted');

    const disputed = await h['entities.records.list']({ datasetId: sampleId, offset: 0, limit: 10, filter: { status: 'disputed' } });
    assert.deepEqual(disputed.rows.map((r) => r.id), [r1]);
    assert.deepEqual(disputed.rows[0]!.annotators, ['@auto', 'ann', 'bob']);
    const byBob = await h['entities.records.list']({ datasetId: sampleId, offset: 0, limit: 10, filter: { status: 'any', annotator: 'bob' } });
    assert.equal(byBob.total, 2);
    const byText = await h['entities.records.list']({ datasetId: sampleId, offset: 0, limit: 10, filter: { status: 'any', text: 'Oslo' } });
    assert.ok(byText.total >= 1 && byText.rows.every((r) => r.snippet.includes('Oslo')));
    // Addresses name a record by its user's own id: the filter finds exactly that record, and nothing for a prefix.
    const u2 = (await h['entities.records.get']({ recordId: r2 })).userExtId;
    const byUser = await h['entities.records.list']({ datasetId: sampleId, offset: 0, limit: 10, filter: { status: 'any', user: u2 } });
    assert.deepEqual(byUser.rows.map((r) => [r.id, r.userExtId]), [[r2, u2]]);
    assert.equal(byUser.total, 1);
    const none = await h['entities.records.list']({ datasetId: sampleId, offset: 0, limit: 10, filter: { status: 'any', user: 'u' } });
    assert.equal(none.total, 0);

    const agr = await h['entities.agreement']({ datasetId: sampleId });
    assert.deepEqual(agr.annotators, ['ann', 'bob']);
    const n = mine.length;
    assert.ok(Math.abs(agr.pairs[0]!.f1! - (2 * (n - 1)) / (2 * n - 1)) < 1e-12);
    assert.deepEqual(agr.disputed, [r1]);
    assert.deepEqual(agr.disputedUsers, [(await h['entities.records.get']({ recordId: r1 })).userExtId]);

    const adj = await h['entities.adjudicate']({ recordId: r1, adjudicator: 'lead', spans: mine });
    assert.equal(adj.status, 'accepted');
    assert.equal(adj.final!.length, n);
    assert.deepEqual((await h['entities.agreement']({ datasetId: sampleId })).disputed, []);
    const stats = await h['entities.stats']({ datasetId: sampleId });
    assert.equal(stats.adjudicated, 1);
    assert.equal(stats.byStatus.accepted, 2);
    assert.equal(stats.perLabel.find((l) => l.label === 'ITEM')!.human, mine.filter((s) => s.label === 'ITEM').length * 2 - (mine[0]!.label === 'ITEM' ? 1 : 0));
    assert.deepEqual(stats.annotators.map((a) => a.annotator), ['@auto', 'ann', 'bob']);

    // Unknown labels are bad input; a label in use cannot be deleted without its spans.
    await assert.rejects(async () => h['entities.spans.save']({ recordId: r1, annotator: 'ann', spans: [{ start: 0, end: 1, label: 'NOPE', source: 'human' }] }), /unknown label "NOPE"/);
    await assert.rejects(async () => h['entities.labels.delete']({ datasetId: sampleId, label: 'CITY', deleteSpans: false }), (e: unknown) => e instanceof StudioError && e.code === 'conflict');
    const after = await h['entities.labels.delete']({ datasetId: sampleId, label: 'CITY', deleteSpans: true });
    assert.ok(!after.labels.some((l) => l.name === 'CITY'));
    assert.equal(after.usage.CITY, undefined);
    await assert.rejects(
      async () => h['entities.labels.save']({ datasetId: sampleId, name: 'x', labels: after.labels.map((l) => ({ ...l, hotkey: 1 })), nesting: { mode: 'none', rules: [] } }),
      /hotkey 1 is given to both/,
    );
    // Textualizing again would drop human work: refused unless forced.
    await assert.rejects(async () => h['entities.textualize']({ datasetId: sampleId, force: false }), (e: unknown) => e instanceof StudioError && e.code === 'conflict');
  } finally {
    await studio.close();
  }
});

test('pre-annotation with Prodigy patterns and the catalog marks each span’s source', async () => {
  const { studio, sampleId } = await workspace();
  try {
    const h = buildHandlers(studio);
    const set = (await h['entities.labels.list']({ datasetId: sampleId }))[0]!;
    await h['entities.labels.save']({
      datasetId: sampleId,
      name: set.name,
      labels: [...set.labels, { name: 'GEAR', colour: '#00aa00', hotkey: 9, description: 'a kind of gear' }],
      nesting: { mode: 'rules', rules: [{ outer: 'ITEM', inner: 'GEAR' }] },
    });
    const file = studio.staging.addPicked(fixture('patterns.jsonl'));
    const res = await h['entities.preannotate']({ datasetId: sampleId, patterns: file.id, catalog: true });
    assert.ok(res.pattern > 0, JSON.stringify(res));
    const rec = studio.entities.get(studio.entities.store.recordIds(sampleId)[0]!);
    const gear = rec.annotations.find((a) => a.annotator === '@auto')!.spans.filter((s) => s.label === 'GEAR');
    assert.ok(gear.length > 0 && gear.every((s) => s.source === 'pattern' && ['Trail', 'Headlamp', 'Board Game'].includes(s.text)), JSON.stringify(gear));
    // Running it again adds nothing (duplicates are skipped).
    const again = studio.entities.preannotate(sampleId, studio.staging.addPicked(fixture('patterns.jsonl')).id, true);
    assert.equal(again.pattern + again.catalog, 0);
    // A pattern with a label the set lacks is bad input naming the file and line.
    const bad = studio.staging.addPicked(fixture('emoji.csv'));
    assert.throws(() => studio.entities.preannotate(sampleId, bad.id, false), /emoji\.csv:1.*not JSON/);
  } finally {
    await studio.close();
  }
});

test('mask preview: entities are whole mask groups, and the draw covers the ratio, seeded', async () => {
  const { studio, sampleId } = await workspace();
  try {
    const id = studio.entities.store.recordIds(sampleId)[0]!;
    const m = studio.entities.maskPreview(id, undefined, 1, 0.15);
    assert.ok(m.tokens.length > tokenize(studio.entities.get(id).text).length - 1);
    for (const e of m.entities) {
      const g = m.groups.find((x) => x.entity === m.entities.indexOf(e))!;
      assert.deepEqual([g.tokenStart, g.tokenEnd], [e.tokenStart, e.tokenEnd]);
      assert.equal(m.tokens.slice(e.tokenStart, e.tokenEnd).every((t) => t.start >= e.start && t.end <= e.end), true);
    }
    const covered = m.masked.reduce((n, g) => n + m.groups[g]!.tokenEnd - m.groups[g]!.tokenStart, 0);
    assert.ok(covered >= Math.ceil(0.15 * m.tokens.length));
    assert.deepEqual(studio.entities.maskPreview(id, undefined, 1, 0.15).masked, m.masked);
  } finally {
    await studio.close();
  }
});
