import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from './main/db/connection';
const lines = readFileSync('/work/shared/datasets/ml-100k/ml-100k.inter', 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const users = new Map<string, number>(); const items = new Map<string, number>();
const rows = lines.map((f, seq) => { const u = users.get(f[0]!) ?? users.set(f[0]!, users.size + 1).get(f[0]!)!; const i = items.get(f[1]!) ?? items.set(f[1]!, items.size + 1).get(f[1]!)!; return [seq + 1, u, i, +f[2]!, +f[3]!, null, null, seq]; });
function trial(label: string, opts: { fk: boolean; dropIdx?: string[]; rowsPer: number; sortBy?: 'user'; reid?: boolean }) {
 let best = 1e9; let bc = 0; for (let rep = 0; rep < 5; rep++) {
  const db = openDb(join(mkdtempSync(join(tmpdir(), 'e-')), 'w.sqlite'));
  db.pragma(`foreign_keys = ${opts.fk ? 'ON' : 'OFF'}`);
  for (const ix of opts.dropIdx ?? []) db.exec(`DROP INDEX ${ix}`);
  db.exec("INSERT INTO datasets (id, name, format, source, created_at) VALUES (1, 'd', 'x', 'x', 'x')");
  db.exec('BEGIN IMMEDIATE');
  const ui = db.prepare('INSERT INTO users (id, dataset_id, ext_id) VALUES (?, 1, ?)');
  for (const [k, v] of users) ui.run(v, k);
  const ii = db.prepare('INSERT INTO items (id, dataset_id, ext_id) VALUES (?, 1, ?)');
  for (const [k, v] of items) ii.run(v, k);
  const R = opts.rowsPer;
  const st = db.prepare(`INSERT INTO interactions (id, dataset_id, user_id, item_id, rating, ts, review, summary, seq) VALUES ${Array(R).fill('(?, 1, ?, ?, ?, ?, ?, ?, ?)').join(',')}`);
  let src = rows;
  if (opts.sortBy) src = [...rows].sort((a, b) => (a[1] as number) - (b[1] as number) || (a[4] as number) - (b[4] as number) || (a[7] as number) - (b[7] as number));
  if (opts.reid) src = src.map((r, k) => [k + 1, ...r.slice(1)]);
  const t0 = performance.now();
  const buf: unknown[] = [];
  for (const r of src) { buf.push(...r); if (buf.length === R * 8) { st.run(buf); buf.length = 0; } }
  if (buf.length) db.prepare(`INSERT INTO interactions (id, dataset_id, user_id, item_id, rating, ts, review, summary, seq) VALUES ${Array(buf.length / 8).fill('(?, 1, ?, ?, ?, ?, ?, ?, ?)').join(',')}`).run(buf);
  const t1 = performance.now();
  db.exec('COMMIT');
  const t2 = performance.now();
  if (t2 - t0 < best) { best = t2 - t0; bc = t2 - t1; }
  db.close();
 }
  console.log(label.padEnd(40), best.toFixed(0), 'ms total of which commit', bc.toFixed(0));
}

const ALL = ['interactions_user', 'interactions_item', 'interactions_dataset'];
const only = (k: string) => ALL.filter((x) => x !== k);
trial('fk on, all idx', { fk: true, rowsPer: 128 });
trial('fk off, all idx', { fk: false, rowsPer: 128 });
trial('fk off, no idx', { fk: false, rowsPer: 128, dropIdx: ALL });
trial('fk off, user idx', { fk: false, rowsPer: 128, dropIdx: only('interactions_user') });
trial('fk off, item idx', { fk: false, rowsPer: 128, dropIdx: only('interactions_item') });
trial('fk off, ds idx', { fk: false, rowsPer: 128, dropIdx: only('interactions_dataset') });
trial('sorted: fk off, no idx', { fk: false, rowsPer: 128, dropIdx: ALL, sortBy: 'user', reid: true });
trial('sorted: fk off, user idx', { fk: false, rowsPer: 128, dropIdx: only('interactions_user'), sortBy: 'user', reid: true });
trial('sorted: fk off, item idx', { fk: false, rowsPer: 128, dropIdx: only('interactions_item'), sortBy: 'user', reid: true });
trial('sorted: fk off, all idx', { fk: false, rowsPer: 128, sortBy: 'user', reid: true });
trial('sorted: fk on, all idx', { fk: true, rowsPer: 128, sortBy: 'user', reid: true });
