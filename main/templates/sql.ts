/** The templates feature's SQL: templates, their versions, and the workspace's meta flags. */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection';
import type { Family, Template, TemplateFields, TemplateVersion } from '../../preload/api-templates';
import { FAMILIES } from '../../preload/families';

interface VersionRow {
  key: string;
  family: Family;
  number: number;
  version: number;
  name: string;
  input: string;
  target: string;
  answer_choices: string | null;
  seen: number;
  notes: string;
  author: string;
  created_at: string;
}

const toFields = (r: VersionRow): TemplateFields => ({
  family: r.family,
  name: r.name,
  input: r.input,
  target: r.target,
  answerChoices: r.answer_choices === null ? null : (JSON.parse(r.answer_choices) as string[]),
  seen: r.seen === 1,
  notes: r.notes,
});

export type StoredTemplate = Omit<Template, 'builtin'>;

const CURRENT = `
  SELECT t.key, t.family, t.number, v.version, v.name, v.input, v.target, v.answer_choices, v.seen, v.notes, v.author, v.created_at
  FROM templates t JOIN template_versions v ON v.key = t.key AND v.version = t.current_version`;

export class TemplateStore {
  private readonly s: Record<string, Statement>;
  constructor(private readonly db: Db) {
    this.s = {
      all: db.prepare(`${CURRENT} ORDER BY t.number, t.key`),
      byFamily: db.prepare(`${CURRENT} WHERE t.family = ?`),
      one: db.prepare(`${CURRENT} WHERE t.key = ?`),
      versions: db.prepare(
        `SELECT t.key, t.family, t.number, v.version, v.name, v.input, v.target, v.answer_choices, v.seen, v.notes, v.author, v.created_at
         FROM template_versions v JOIN templates t ON t.key = v.key WHERE v.key = ? ORDER BY v.version DESC`,
      ),
      version: db.prepare(
        `SELECT t.key, t.family, t.number, v.version, v.name, v.input, v.target, v.answer_choices, v.seen, v.notes, v.author, v.created_at
         FROM template_versions v JOIN templates t ON t.key = v.key WHERE v.key = ? AND v.version = ?`,
      ),
      maxNumber: db.prepare('SELECT COALESCE(MAX(number), 0) AS n FROM templates WHERE family = ?'),
      insertTemplate: db.prepare('INSERT INTO templates (key, family, number, current_version) VALUES (?, ?, ?, 1)'),
      insertVersion: db.prepare(
        'INSERT INTO template_versions (key, version, name, input, target, answer_choices, seen, notes, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      setCurrent: db.prepare('UPDATE templates SET current_version = ? WHERE key = ?'),
      delete: db.prepare('DELETE FROM templates WHERE key = ?'),
      getMeta: db.prepare('SELECT value FROM workspace_meta WHERE key = ?'),
      setMeta: db.prepare('INSERT INTO workspace_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
  }

  private static toTemplate(r: VersionRow): StoredTemplate {
    return { id: r.key, version: r.version, updatedAt: r.created_at, ...toFields(r) };
  }

  /** Family order, then number (so 1-2 comes before 1-10). */
  list(family?: Family): StoredTemplate[] {
    const rows = (family ? this.s.byFamily!.all(family) : this.s.all!.all()) as VersionRow[];
    const order: readonly string[] = FAMILIES;
    return rows.sort((a, b) => order.indexOf(a.family) - order.indexOf(b.family) || a.number - b.number).map(TemplateStore.toTemplate);
  }

  get(key: string): StoredTemplate | undefined {
    const r = this.s.one!.get(key) as VersionRow | undefined;
    return r && TemplateStore.toTemplate(r);
  }

  versions(key: string): TemplateVersion[] {
    return (this.s.versions!.all(key) as VersionRow[]).map((r) => ({
      ...toFields(r),
      version: r.version,
      createdAt: r.created_at,
      author: r.author,
    }));
  }

  version(key: string, version: number): TemplateFields | undefined {
    const r = this.s.version!.get(key, version) as VersionRow | undefined;
    return r && toFields(r);
  }

  nextNumber(family: Family): number {
    return (this.s.maxNumber!.get(family) as { n: number }).n + 1;
  }

  /** Writes version 1 of a new template, or the next version of an existing one. */
  write(key: string, number: number, f: TemplateFields, author: string, now: string): number {
    const current = this.get(key);
    const version = current ? current.version + 1 : 1;
    if (!current) this.s.insertTemplate!.run(key, f.family, number);
    this.s.insertVersion!.run(
      key,
      version,
      f.name,
      f.input,
      f.target,
      f.answerChoices ? JSON.stringify(f.answerChoices) : null,
      f.seen ? 1 : 0,
      f.notes,
      author,
      now,
    );
    this.s.setCurrent!.run(version, key);
    return version;
  }

  delete(key: string): boolean {
    return this.s.delete!.run(key).changes > 0;
  }

  meta(key: string): string | undefined {
    return (this.s.getMeta!.get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.s.setMeta!.run(key, value);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}

interface UserRow {
  id: number;
  ext_id: string;
  features: string;
}
interface ItemRow {
  id: number;
  ext_id: string;
  title: string | null;
  attrs: string;
}
interface InterRow {
  id: number;
  user_id: number;
  item_id: number;
  rating: number | null;
  ts: number | null;
  seq: number;
  review: string | null;
  summary: string | null;
}

const NAME_FIELDS = ['name', 'user_name', 'username', 'nickname'];

/** A dataset's users, items and interactions, read once for building examples (read-only). */
export function readDatasetRows(
  db: Db,
  datasetId: number,
): {
  users: { id: number; extId: string; name: string | null }[];
  items: Map<number, { id: number; extId: string; title: string | null; attrs: Record<string, unknown> }>;
  sequences: Map<
    number,
    { id: number; itemId: number; rating: number | null; ts: number | null; seq: number; review: string | null; summary: string | null }[]
  >;
} {
  const users = (db.prepare('SELECT id, ext_id, features FROM users WHERE dataset_id = ? ORDER BY id').all(datasetId) as UserRow[]).map(
    (u) => {
      const f = JSON.parse(u.features) as Record<string, unknown>;
      const key = NAME_FIELDS.find((k) => typeof f[k] === 'string' && (f[k] as string).trim());
      return { id: u.id, extId: u.ext_id, name: key ? (f[key] as string).trim() : null };
    },
  );
  const items = new Map<number, { id: number; extId: string; title: string | null; attrs: Record<string, unknown> }>();
  for (const r of db.prepare('SELECT id, ext_id, title, attrs FROM items WHERE dataset_id = ?').iterate(datasetId) as Iterable<ItemRow>) {
    items.set(r.id, { id: r.id, extId: r.ext_id, title: r.title, attrs: JSON.parse(r.attrs) as Record<string, unknown> });
  }
  const sequences = new Map<
    number,
    { id: number; itemId: number; rating: number | null; ts: number | null; seq: number; review: string | null; summary: string | null }[]
  >();
  const rows = db
    .prepare('SELECT id, user_id, item_id, rating, ts, seq, review, summary FROM interactions WHERE dataset_id = ?')
    .iterate(datasetId) as Iterable<InterRow>;
  for (const r of rows) {
    const x = { id: r.id, itemId: r.item_id, rating: r.rating, ts: r.ts, seq: r.seq, review: r.review, summary: r.summary };
    const list = sequences.get(r.user_id);
    if (list) list.push(x);
    else sequences.set(r.user_id, [x]);
  }
  return { users, items, sequences };
}
