import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from './main/db/connection';
const lines = readFileSync('/work/shared/datasets/ml-100k/ml-100k.inter', 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const users = new Map<string, number>(); const items = new Map<string, number>();
let rows = lines.map((f, seq) => { const u = users.get(f[0]!) ?? users.set(f[0]!, users.size + 1).get(f[0]!)!; const i = items.get(f[1]!) ?? items.set(f[1]!, items.size + 1).get(f[1]!)!; return [u, i, +f[2]!, +f[3]!, seq]; });
const cfg = process.argv[2]!;
if (cfg.includes('sorted')) rows = [...rows].sort((a, b) => a[0]! - b[0]! || a[3]! - b[3]! || a[4]! - b[4]!);
const db = openDb(join(mkdtempSync(join(tmpdir(), 'e-')), 'w.sqlite'));
db.pragma(`foreign_keys = ${cfg.includes('nofk') ? 'OFF' : 'ON'}`);
if (cfg.includes('noidx')) for (const ix of ['interactions_user', 'interactions_item', 'interactions_dataset']) db.exec(`DROP INDEX ${ix}`);
db.exec("INSERT INTO datasets (id, name, format, source, created_at) VALUES (1, 'd', 'x', 'x', 'x')");
db.exec('BEGIN IMMEDIATE');
const ui = db.prepare('INSERT INTO users (id, dataset_id, ext_id) VALUES (?, 1, ?)');
for (const [k, v] of users) ui.run(v, k);
const ii = db.prepare('INSERT INTO items (id, dataset_id, ext_id) VALUES (?, 1, ?)');
for (const [k, v] of items) ii.run(v, k);
const t0 = performance.now(); const c0 = process.cpuUsage();
if (cfg.includes('json')) {
  const st = db.prepare(`INSERT INTO interactions (dataset_id, user_id, item_id, rating, ts, seq) SELECT 1, value->>0, value->>1, value->>2, value->>3, value->>4 FROM json_each(?)`);
  const B = 8192;
  for (let k = 0; k < rows.length; k += B) st.run(JSON.stringify(rows.slice(k, k + B)));
} else if (cfg.includes('flat')) {
  // flat array, index arithmetic
  const st = db.prepare(`INSERT INTO interactions (dataset_id, user_id, item_id, rating, ts, seq) SELECT 1, a.value, b.value, c.value, d.value, e.value FROM json_each(?1) a JOIN json_each(?2) b ON b.key = a.key JOIN json_each(?3) c ON c.key = a.key JOIN json_each(?4) d ON d.key = a.key JOIN json_each(?5) e ON e.key = a.key`);
} else {
  const R = 128;
  const sql = (n: number) => `INSERT INTO interactions (dataset_id, user_id, item_id, rating, ts, seq) VALUES ${Array(n).fill('(1, ?, ?, ?, ?, ?)').join(',')}`;
  const st = db.prepare(sql(R));
  const buf: unknown[] = [];
  for (const r of rows) { buf.push(r[0], r[1], r[2], r[3], r[4]); if (buf.length === R * 5) { st.run(buf); buf.length = 0; } }
  if (buf.length) db.prepare(sql(buf.length / 5)).run(buf);
}
const t1 = performance.now();
db.exec('COMMIT');
const t2 = performance.now();
const c = process.cpuUsage(c0); console.log(cfg.padEnd(30), (t2 - t0).toFixed(0), "ms wall", ((c.user + c.system) / 1000).toFixed(0), "ms cpu", db.prepare('select count(*) from interactions').pluck().get());
