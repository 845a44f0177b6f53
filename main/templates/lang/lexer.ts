/**
 * Lexing in two levels, as Jinja does: the source splits into text and tags (`{{ … }}`, `{% … %}`, `{# … #}`,
 * with `-` trimming whitespace on that side), and a tag's inside splits into expression tokens.
 */
import { TemplateSyntaxError, lineColumn } from './errors';

export type Segment = { kind: 'text'; text: string; at: number } | { kind: 'output' | 'block'; body: string; at: number; bodyAt: number };

const OPENERS: Record<string, { close: string; kind: 'output' | 'block' | 'comment' }> = {
  '{{': { close: '}}', kind: 'output' },
  '{%': { close: '%}', kind: 'block' },
  '{#': { close: '#}', kind: 'comment' },
};

const fail = (source: string, at: number, reason: string): never => {
  const { line, column } = lineColumn(source, at);
  throw new TemplateSyntaxError(reason, line, column);
};

export function segment(source: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  let trimNext = false;
  while (i < source.length) {
    const open = source.slice(i).search(/\{[{%#]/);
    const textEnd = open < 0 ? source.length : i + open;
    let text = source.slice(i, textEnd);
    if (trimNext) text = text.replace(/^\s+/, '');
    trimNext = false;
    if (textEnd >= source.length) {
      if (text) out.push({ kind: 'text', text, at: i });
      break;
    }
    const opener = OPENERS[source.slice(textEnd, textEnd + 2)]!;
    let bodyAt = textEnd + 2;
    if (source[bodyAt] === '-') {
      text = text.replace(/\s+$/, '');
      bodyAt++;
    }
    if (text) out.push({ kind: 'text', text, at: i });
    const close = findClose(source, bodyAt, opener.close);
    if (close < 0) fail(source, textEnd, `"${source.slice(textEnd, textEnd + 2)}" is never closed with "${opener.close}"`);
    let bodyEnd = close;
    if (source[close - 1] === '-' && close - 1 >= bodyAt) {
      bodyEnd = close - 1;
      trimNext = true;
    }
    if (opener.kind !== 'comment') out.push({ kind: opener.kind, body: source.slice(bodyAt, bodyEnd), at: textEnd, bodyAt });
    i = close + 2;
  }
  return out;
}

/** The closing delimiter, skipping quoted strings so that `{{ "}}" }}` works. */
function findClose(source: string, from: number, close: string): number {
  let quote: string | null = null;
  for (let i = from; i < source.length; i++) {
    const c = source[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if ((c === '"' || c === "'") && close !== '#}') quote = c;
    else if (source.startsWith(close, i)) return i;
  }
  return -1;
}

export type TokenKind = 'name' | 'string' | 'number' | 'op' | 'end';
export interface Token {
  kind: TokenKind;
  value: string;
  /** Offset in the whole source. */
  at: number;
}

const OPS = ['//', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '~', '|', '.', ',', '(', ')', '[', ']', ':', '='];

/** Tokens of a tag's body; `at` offsets are into the whole source, so errors point at the right column. */
export function tokenize(source: string, body: string, bodyAt: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = bodyAt + i;
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(body.slice(i))![0];
      out.push({ kind: 'name', value: m, at });
      i += m.length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(body.slice(i))![0];
      out.push({ kind: 'number', value: m, at });
      i += m.length;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < body.length && body[j] !== c) {
        if (body[j] === '\\' && j + 1 < body.length) {
          const e = body[j + 1]!;
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
        } else value += body[j++];
      }
      if (j >= body.length) fail(source, at, 'string is never closed');
      out.push({ kind: 'string', value, at });
      i = j + 1;
    } else {
      const op = OPS.find((o) => body.startsWith(o, i));
      if (!op) fail(source, at, `unexpected character "${c}"`);
      out.push({ kind: 'op', value: op!, at });
      i += op!.length;
    }
  }
  out.push({ kind: 'end', value: '', at: bodyAt + body.length });
  return out;
}
