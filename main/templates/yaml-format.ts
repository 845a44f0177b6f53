/**
 * The template-set file: YAML with `format: recsys-studio-templates`, `version: 1` and a list of templates
 * (camelCase keys, unknown keys refused). Errors name the line and the field.
 */
import { isMap, isSeq, LineCounter, parseDocument, stringify } from 'yaml';
import { z } from 'zod';
import { TemplateFields, TemplateKey, type Template } from '../../preload/api-templates';
import { FAMILY_NUMBER } from './families';

export const FORMAT = 'recsys-studio-templates';

const Entry = TemplateFields.extend({ id: TemplateKey });
export type TemplateEntry = z.infer<typeof Entry>;

export class TemplateFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    reason: string,
  ) {
    super(`${file}, line ${line}, ${field}: ${reason}`);
    this.name = 'TemplateFileError';
  }
}

export function parseTemplateSet(text: string, file = 'templates.yaml'): TemplateEntry[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new TemplateFileError(file, lines.linePos(e.pos[0]).line, '(yaml)', e.message.split('\n')[0]!);
  }
  const root = doc.contents;
  const lineOf = (node: unknown): number => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lines.linePos(range[0]).line : 1;
  };
  if (!isMap(root)) throw new TemplateFileError(file, 1, '(root)', 'expected a mapping with format, version and templates');
  const js = root.toJSON() as Record<string, unknown>;
  const format = js.format;
  if (format !== FORMAT)
    throw new TemplateFileError(
      file,
      lineOf(root.get('format', true)),
      'format',
      `expected "${FORMAT}", found ${JSON.stringify(format ?? null)}`,
    );
  const version = js.version;
  if (version !== 1)
    throw new TemplateFileError(
      file,
      lineOf(root.get('version', true)),
      'version',
      `only version 1 is understood, found ${JSON.stringify(version ?? null)}`,
    );
  const list = root.get('templates', true);
  if (!isSeq(list)) throw new TemplateFileError(file, lineOf(list ?? root), 'templates', 'expected a list of templates');
  const out: TemplateEntry[] = [];
  const seen = new Set<string>();
  list.items.forEach((node, k) => {
    const value: unknown = (node as { toJSON?: () => unknown }).toJSON?.() ?? node;
    const parsed = Entry.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const key = issue.path[0];
      const fieldNode = isMap(node) && typeof key === 'string' ? node.get(key, true) : null;
      const where = `templates[${k}]${key === undefined ? '' : `.${String(key)}`}`;
      const message = issue.code === 'unrecognized_keys' ? `unknown key(s): ${issue.keys.join(', ')}` : issue.message;
      throw new TemplateFileError(file, lineOf(fieldNode ?? node), where, message);
    }
    const t = parsed.data;
    if (Number(t.id.split('-')[0]) !== FAMILY_NUMBER[t.family]) {
      throw new TemplateFileError(
        file,
        lineOf(isMap(node) ? (node.get('id', true) ?? node) : node),
        `templates[${k}].id`,
        `id ${t.id} does not start with ${FAMILY_NUMBER[t.family]}, the number of the ${t.family} family`,
      );
    }
    if (seen.has(t.id)) throw new TemplateFileError(file, lineOf(node), `templates[${k}].id`, `id ${t.id} appears twice`);
    seen.add(t.id);
    out.push(t);
  });
  return out;
}

export function writeTemplateSet(templates: readonly Template[]): string {
  const entries = templates.map((t) => {
    const e: Record<string, unknown> = { id: t.id, family: t.family, name: t.name, input: t.input, target: t.target };
    if (t.answerChoices) e.answerChoices = t.answerChoices;
    if (!t.seen) e.seen = false;
    if (t.notes) e.notes = t.notes;
    return e;
  });
  return `# RecSys Studio template set (${templates.length} templates)\n${stringify({ format: FORMAT, version: 1, templates: entries }, { lineWidth: 0 })}`;
}
