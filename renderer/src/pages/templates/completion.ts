/**
 * Autocompletion for template text: the family's variables inside `{{ }}` and `{% %}`, filters after `|`, the
 * statements the language knows at the start of `{% %}`, and `loop.`/`item.` members. Driven by
 * `templates.vocabulary`; `completionContext` is pure so it can be tested without an editor.
 */
import type { Completion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';

export interface Vocabulary {
  variables: readonly { name: string; type: string; doc: string; label?: string | undefined }[];
  filters: readonly { name: string; doc: string }[];
}

export type CompletionKind = 'variable' | 'filter' | 'statement' | 'member';

export interface CompletionSpot {
  kind: CompletionKind;
  /** Offset in the text where the word being completed starts. */
  from: number;
  /** For members: the object before the dot. */
  object?: string;
}

/** The statements the template language parses (main/templates/lang/parser.ts). */
export const STATEMENTS: readonly { name: string; doc: string }[] = [
  { name: 'if', doc: '{% if cond %} … {% elif other %} … {% else %} … {% endif %}' },
  { name: 'elif', doc: 'another branch of an if' },
  { name: 'else', doc: 'the branch taken when nothing before matched (also in for: when the list is empty)' },
  { name: 'endif', doc: 'closes an if' },
  { name: 'for', doc: '{% for x in xs %} … {% endfor %}, with loop.index, loop.first, loop.last' },
  { name: 'endfor', doc: 'closes a for' },
  { name: 'set', doc: '{% set name = expression %}' },
];

const LOOP_MEMBERS: readonly { name: string; doc: string }[] = [
  { name: 'index', doc: 'position in the loop, from 1' },
  { name: 'index0', doc: 'position in the loop, from 0' },
  { name: 'first', doc: 'true on the first pass' },
  { name: 'last', doc: 'true on the last pass' },
  { name: 'length', doc: 'number of passes' },
];

const ITEM_MEMBERS: readonly { name: string; doc: string }[] = [
  { name: 'id', doc: "the item's id" },
  { name: 'title', doc: "the item's title" },
];

/** Where the text before the cursor asks for a completion, or null (plain text, a string literal, a comment). */
export function completionContext(before: string): CompletionSpot | null {
  const open = Math.max(before.lastIndexOf('{{'), before.lastIndexOf('{%'));
  const close = Math.max(before.lastIndexOf('}}'), before.lastIndexOf('%}'));
  if (open < 0 || close > open) return null;
  if (before.lastIndexOf('{#') > open && before.lastIndexOf('#}') < before.lastIndexOf('{#')) return null;
  const statement = before[open + 1] === '%';
  const expr = before.slice(open + 2);
  if (insideString(expr)) return null;
  const filter = /\|\s*(\w*)$/.exec(expr);
  if (filter) return { kind: 'filter', from: before.length - (filter[1] ?? '').length };
  const member = /([A-Za-z_]\w*)\.(\w*)$/.exec(expr);
  if (member) return { kind: 'member', from: before.length - (member[2] ?? '').length, object: member[1] ?? '' };
  const word = /(?:^|[^\w.])(\w*)$/.exec(expr);
  if (!word) return null;
  const w = word[1] ?? '';
  if (/^\d/.test(w)) return null;
  if (statement && /^-?\s*\w*$/.test(expr)) return { kind: 'statement', from: before.length - w.length };
  return { kind: 'variable', from: before.length - w.length };
}

function insideString(expr: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
  }
  return quote !== null;
}

export function completionOptions(spot: CompletionSpot, vocab: Vocabulary): Completion[] {
  switch (spot.kind) {
    case 'filter':
      return vocab.filters.map((f) => ({ label: f.name, type: 'function', detail: 'filter', info: f.doc }));
    case 'statement':
      return STATEMENTS.map((s) => ({ label: s.name, type: 'keyword', info: s.doc }));
    case 'member': {
      const members = spot.object === 'loop' ? LOOP_MEMBERS : spot.object === 'item' ? ITEM_MEMBERS : [];
      return members.map((m) => ({ label: m.name, type: 'property', info: m.doc }));
    }
    case 'variable':
      return [
        ...vocab.variables.map((v) => ({
          label: v.name,
          type: 'variable',
          detail: v.label ? `${v.type} · ${v.label}` : v.type,
          info: v.doc,
          boost: 1,
        })),
        { label: 'loop', type: 'variable', detail: 'in for', info: 'inside a for: loop.index, loop.first, loop.last, …' },
      ];
  }
}

/** A CodeMirror completion source over a vocabulary read at request time (it may arrive after the editor). */
export function templateCompletions(vocabulary: () => Vocabulary | null): CompletionSource {
  return (cx: CompletionContext): CompletionResult | null => {
    const vocab = vocabulary();
    if (!vocab) return null;
    const line = cx.state.doc.lineAt(cx.pos);
    // Tags rarely span lines; looking back a few hundred characters is enough and stays cheap.
    const start = Math.max(0, Math.min(line.from, cx.pos - 400));
    const before = cx.state.sliceDoc(start, cx.pos);
    const spot = completionContext(before);
    if (!spot) return null;
    if (spot.from === before.length && !cx.explicit && spot.kind !== 'filter' && spot.kind !== 'member') return null;
    const options = completionOptions(spot, vocab);
    return options.length ? { from: start + spot.from, options, validFor: /^\w*$/ } : null;
  };
}
