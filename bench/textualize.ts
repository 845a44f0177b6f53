/**
 * Textualizing speed: `node --import tsx bench/textualize.ts [dataset dir] [--runs N] [--max-behaviours K]`.
 * Imports the dataset (default /work/shared/datasets/ml-100k, RecBole atomic files) into a temp workspace, then
 * textualizes every user N times with the derived profile (ratings and dates on) and prints records/s,
 * interaction rows/s and spans/s of the best run. Rendering and writing records + spans (one transaction) are
 * both timed; the render-only figure isolates the pure textualizer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { closeDb, openDb } from '../main/db/connection';
import { runImport } from '../main/datasets/import/index';
import { textualizeDataset } from '../main/entities/run';
import { EntityService } from '../main/entities/service';
import { EntityStore } from '../main/entities/sql';
import { compileProfile, textualizeUser } from '../main/entities/textualize';
import { StudioEvents } from '../main/events';
import { JobManager } from '../main/jobs/manager';
import { TextProfile } from '../preload/api-entities';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '3' }, 'max-behaviours': { type: 'string', default: '50' } },
});
const dir = resolve(positionals[0] ?? '/work/shared/datasets/ml-100k');
const runs = Math.max(1, Number(values.runs));
const work = mkdtempSync(join(tmpdir(), 'studio-bench-textualize-'));
const db = openDb(join(work, 'workspace.sqlite'));
try {
  const imported = await runImport(db, { files: [dir], format: 'recbole', name: 'bench' });
  const events = new StudioEvents();
  const service = new EntityService({
    db,
    dbFile: '',
    jobs: new JobManager(events),
    events,
    dataset: () => ({ id: imported.datasetId, name: 'bench' }),
    staged: () => [],
  });
  const derived = service.profile(imported.datasetId).profile;
  const profile = TextProfile.parse({
    ...derived,
    behaviour: { ...derived.behaviour, rating: true, date: true, maxBehaviours: Number(values['max-behaviours']) },
  });
  let best = { seconds: Infinity, records: 0, spans: 0, interactions: 0 };
  for (let i = 0; i < runs; i++) {
    const r = textualizeDataset(db, imported.datasetId, profile, { force: true });
    if (r.seconds < best.seconds) best = r;
  }
  // Render only (no SQLite writes): the pure textualizer over rows already in memory.
  const store = new EntityStore(db);
  const users = store.users(imported.datasetId);
  const items = store.items(imported.datasetId);
  const behaviours = users.map((u) => store.behaviours(u.id));
  const compiled = compileProfile(profile);
  let renderBest = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    users.forEach((u, k) => textualizeUser(compiled, u, behaviours[k]!, items));
    renderBest = Math.min(renderBest, (performance.now() - t0) / 1000);
  }
  const rows = best.interactions;
  console.log(
    `dataset ${dir}: ${imported.users} users, ${imported.items} items, ${imported.interactions} interactions; max ${profile.behaviour.maxBehaviours} behaviours per record`,
  );
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, node ${process.version}; best of ${runs}`);
  console.log(
    `textualize + write: ${best.seconds.toFixed(3)} s → ${Math.round(best.records / best.seconds)} records/s, ${Math.round(rows / best.seconds)} interaction rows/s, ${Math.round(best.spans / best.seconds)} spans/s (${best.spans} spans)`,
  );
  console.log(
    `render only:        ${renderBest.toFixed(3)} s → ${Math.round(users.length / renderBest)} records/s, ${Math.round(rows / renderBest)} interaction rows/s`,
  );
} finally {
  closeDb(db);
  rmSync(work, { recursive: true, force: true });
}
