import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PAGE_SIZE, openDb, closeDb } from '../../../main/db/connection';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../../main/db/migrations';
import { StudioError } from '../../../main/errors';

const tempFile = (): string => join(mkdtempSync(join(tmpdir(), 'studio-db-')), 'workspace.sqlite');

test('a new workspace is migrated to the latest schema with WAL and foreign keys on', () => {
  const db = openDb(tempFile());
  assert.equal(schemaVersion(db), LATEST_VERSION);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
  assert.deepEqual(tables, [
    'baseline_evals',
    'baseline_runs',
    'bundle_imports',
    'bundle_launches',
    'bundle_metrics',
    'datasets',
    'entity_annotations',
    'entity_annotators',
    'entity_final_spans',
    'entity_label_sets',
    'entity_labels',
    'entity_profiles',
    'entity_records',
    'entity_reviews',
    'generation_sets',
    'generations',
    'import_skips',
    'interactions',
    'item_codes',
    'item_id_sets',
    'items',
    'job_owners',
    'lum_checkpoints',
    'lum_metrics',
    'lum_rankings',
    'lum_runs',
    'review_judgments',
    'review_pairs',
    'reviews',
    'run_checkpoints',
    'run_metrics',
    'run_validation',
    'runs',
    'template_versions',
    'templates',
    'users',
    'workspace_meta',
  ]);
  closeDb(db);
});

test('migrating twice changes nothing', () => {
  const file = tempFile();
  closeDb(openDb(file));
  const db = openDb(file);
  assert.equal(migrate(db), LATEST_VERSION);
  closeDb(db);
});

test('a workspace from a newer schema is refused with a message', () => {
  const file = tempFile();
  const raw = new Database(file);
  raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
  raw.close();
  assert.throws(
    () => openDb(file),
    (err: unknown) => err instanceof StudioError && /newer than this studio/.test(err.message),
  );
});

test('a failing migration leaves the workspace at its old version, with nothing half-applied', () => {
  const db = new Database(':memory:');
  const broken = [
    { version: 1, name: 'ok', sql: 'CREATE TABLE a (x INTEGER);' },
    { version: 2, name: 'broken', sql: 'CREATE TABLE b (y INTEGER); THIS IS NOT SQL;' },
  ];
  assert.throws(() => migrate(db, broken));
  assert.equal(schemaVersion(db), 0);
  assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('a', 'b')").pluck().get(), 0);
});

test('deleting a dataset cascades to its rows', () => {
  const db = openDb(tempFile());
  const ds = db.prepare("INSERT INTO datasets (name, format, source, created_at) VALUES ('d', 'csv', 'x', 'now')").run().lastInsertRowid;
  const u = db.prepare("INSERT INTO users (dataset_id, ext_id) VALUES (?, 'u1')").run(ds).lastInsertRowid;
  const i = db.prepare("INSERT INTO items (dataset_id, ext_id) VALUES (?, 'i1')").run(ds).lastInsertRowid;
  db.prepare('INSERT INTO interactions (dataset_id, user_id, item_id, seq) VALUES (?, ?, ?, 0)').run(ds, u, i);
  db.prepare('DELETE FROM datasets WHERE id = ?').run(ds);
  assert.equal(db.prepare('SELECT count(*) FROM interactions').pluck().get(), 0);
  assert.equal(db.prepare('SELECT count(*) FROM users').pluck().get(), 0);
  closeDb(db);
});

test('migration 14 keeps every interaction, drops the item index and key, and stores each item its count', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 13),
  );
  db.prepare("INSERT INTO datasets (id, name, format, source, created_at) VALUES (1, 'd', 'csv', 'x', 'now')").run();
  db.prepare("INSERT INTO users (id, dataset_id, ext_id) VALUES (1, 1, 'u1'), (2, 1, 'u2')").run();
  db.prepare("INSERT INTO items (id, dataset_id, ext_id) VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 1, 'never rated')").run();
  db.prepare(
    `INSERT INTO interactions (id, dataset_id, user_id, item_id, rating, ts, review, seq, split) VALUES
       (5, 1, 1, 1, 4, 10, 'good', 0, 'train'), (6, 1, 1, 2, 3, 11, NULL, 1, 'valid'), (9, 1, 2, 1, 5, 12, NULL, 2, 'test')`,
  ).run();
  const before = db.prepare('SELECT * FROM interactions ORDER BY id').all();
  migrate(db);
  assert.deepEqual(db.prepare('SELECT * FROM interactions ORDER BY id').all(), before);
  assert.deepEqual(db.prepare('SELECT id, interaction_count AS n FROM items ORDER BY id').all(), [
    { id: 1, n: 2 },
    { id: 2, n: 1 },
    { id: 3, n: 0 },
  ]);
  const indexes = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interactions' ORDER BY name")
    .pluck()
    .all();
  assert.deepEqual(indexes, ['interactions_dataset', 'interactions_user']);
  assert.deepEqual(
    (db.pragma('index_info(interactions_user)') as { name: string }[]).map((c) => c.name),
    ['user_id', 'ts'],
  );
  const parents = (db.pragma('foreign_key_list(interactions)') as { table: string }[]).map((k) => k.table).sort();
  assert.deepEqual(parents, ['datasets', 'users']);
  db.prepare('DELETE FROM datasets WHERE id = 1').run();
  for (const t of ['interactions', 'items', 'users'])
    assert.equal(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), 0, `${t} cascade`);
});

test('a new workspace gets 16 KiB pages; one made with other pages keeps them and opens as before', () => {
  const fresh = openDb(tempFile());
  assert.equal(fresh.pragma('page_size', { simple: true }), PAGE_SIZE);
  closeDb(fresh);
  const file = tempFile();
  const old = new Database(file);
  old.pragma('page_size = 4096');
  old.pragma('journal_mode = WAL');
  migrate(
    old,
    MIGRATIONS.filter((m) => m.version <= 13),
  );
  old.close();
  const db = openDb(file);
  assert.equal(db.pragma('page_size', { simple: true }), 4096);
  assert.equal(schemaVersion(db), LATEST_VERSION);
  closeDb(db);
});
