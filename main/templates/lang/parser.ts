/**
 * Recursive-descent parser for the Jinja subset: `{{ expr }}`, `{% if %}/elif/else/endif`,
 * `{% for x in xs [if cond] %}/else/endfor` (with `loop.index`, `loop.first`, …), `{% set x = expr %}`,
 * comments, filters with arguments, tests (`is defined`, `is none`), conditional expressions and slices.
 * Operator precedence follows Jinja's.
 */
import type { BinaryOp, Expr, Node } from './ast';
import { TemplateSyntaxError, lineColumn } from './errors';
import { segment, tokenize, type Segment, type Token } from './lexer';
import { FILTERS } from './filters';

const TESTS = new Set(['defined', 'undefined', 'none', 'number', 'string']);
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'true', 'false', 'none', 'True', 'False', 'None']);

class Tokens {
  private i = 0;
  constructor(
    private readonly source: string,
    private readonly list: Token[],
  ) {}

  peek(k = 0): Token {
    return this.list[Math.min(this.i + k, this.list.length - 1)]!;
  }
  next(): Token {
    const t = this.peek();
    if (this.i < this.list.length - 1) this.i++;
    return t;
  }
  is(value: string, k = 0): boolean {
    const t = this.peek(k);
    return (t.kind === 'op' || t.kind === 'name') && t.value === value;
  }
  accept(value: string): boolean {
    if (!this.is(value)) return false;
    this.next();
    return true;
  }
  expect(value: string, what = `"${value}"`): Token {
    if (!this.is(value)) this.fail(this.peek(), `expected ${what}, found ${describe(this.peek())}`);
    return this.next();
  }
  name(what: string): Token {
    const t = this.peek();
    if (t.kind !== 'name' || KEYWORDS.has(t.value)) this.fail(t, `expected ${what}, found ${describe(t)}`);
    return this.next();
  }
  end(): void {
    if (this.peek().kind !== 'end') this.fail(this.peek(), `unexpected ${describe(this.peek())}`);
  }
  fail(t: { at: number }, reason: string): never {
    const { line, column } = lineColumn(this.source, t.at);
    throw new TemplateSyntaxError(reason, line, column);
  }
}

const describe = (t: Token): string =>
  t.kind === 'end' ? 'the end of the tag' : t.kind === 'string' ? `string "${t.value}"` : `"${t.value}"`;

// ------------------------------------------------------------------------------------------------ expressions

function expression(ts: Tokens): Expr {
  const then = orExpr(ts);
  if (ts.is('if')) {
    const at = ts.next().at;
    const test = orExpr(ts);
    const otherwise = ts.accept('else') ? expression(ts) : null;
    return { kind: 'cond', test, then, otherwise, at };
  }
  return then;
}

function binaryLevel(ops: readonly string[], next: (ts: Tokens) => Expr): (ts: Tokens) => Expr {
  return (ts) => {
    let left = next(ts);
    while (ops.some((o) => ts.is(o))) {
      const t = ts.next();
      left = { kind: 'binary', op: t.value as BinaryOp, left, right: next(ts), at: t.at };
    }
    return left;
  };
}

function notExpr(ts: Tokens): Expr {
  if (ts.is('not')) {
    const at = ts.next().at;
    return { kind: 'unary', op: 'not', value: notExpr(ts), at };
  }
  return compare(ts);
}

function compare(ts: Tokens): Expr {
  let left = concat(ts);
  for (;;) {
    const t = ts.peek();
    let op: BinaryOp | null = null;
    if (['==', '!=', '<', '>', '<=', '>='].includes(t.value) && t.kind === 'op') op = t.value as BinaryOp;
    else if (ts.is('in')) op = 'in';
    else if (ts.is('not') && ts.is('in', 1)) op = 'not in';
    if (op === null) break;
    ts.next();
    if (op === 'not in') ts.next();
    left = { kind: 'binary', op, left, right: concat(ts), at: t.at };
  }
  if (ts.is('is')) {
    const at = ts.next().at;
    const negated = ts.accept('not');
    const name = ts.peek();
    if (name.kind !== 'name' || !TESTS.has(name.value)) ts.fail(name, `unknown test ${describe(name)} (known: ${[...TESTS].join(', ')})`);
    ts.next();
    return { kind: 'test', value: left, test: name.value as 'defined', negated, at };
  }
  return left;
}

const multiplicative = binaryLevel(['*', '/', '//', '%'], unary);
const additive = binaryLevel(['+', '-'], multiplicative);
const concat = binaryLevel(['~'], additive);
const andExpr = binaryLevel(['and'], notExpr);
const orExpr = binaryLevel(['or'], andExpr);

function unary(ts: Tokens): Expr {
  if (ts.is('-') && ts.peek().kind === 'op') {
    const at = ts.next().at;
    return { kind: 'unary', op: '-', value: unary(ts), at };
  }
  return filtered(ts);
}

function filtered(ts: Tokens): Expr {
  let value = postfix(ts);
  while (ts.is('|')) {
    ts.next();
    const name = ts.name('a filter name');
    if (!(name.value in FILTERS)) ts.fail(name, `unknown filter "${name.value}" (known: ${Object.keys(FILTERS).join(', ')})`);
    const args: Expr[] = [];
    if (ts.accept('(')) {
      if (!ts.is(')')) {
        do args.push(expression(ts));
        while (ts.accept(','));
      }
      ts.expect(')');
    }
    const arity = FILTERS[name.value]!.arity;
    if (args.length < arity[0] || args.length > arity[1]) {
      ts.fail(
        name,
        `filter "${name.value}" takes ${arity[0] === arity[1] ? arity[0] : `${arity[0]} to ${arity[1]}`} argument(s), got ${args.length}`,
      );
    }
    value = { kind: 'filter', value, name: name.value, args, at: name.at };
  }
  return value;
}

function postfix(ts: Tokens): Expr {
  let value = primary(ts);
  for (;;) {
    if (ts.is('.')) {
      const at = ts.next().at;
      const name = ts.peek();
      if (name.kind !== 'name' && name.kind !== 'number') ts.fail(name, `expected an attribute name after ".", found ${describe(name)}`);
      ts.next();
      value =
        name.kind === 'number'
          ? { kind: 'index', object: value, index: { kind: 'literal', value: Number(name.value), at: name.at }, at }
          : { kind: 'attr', object: value, name: name.value, at };
    } else if (ts.is('[')) {
      const at = ts.next().at;
      const start = ts.is(':') ? null : expression(ts);
      if (ts.accept(':')) {
        const end = ts.is(']') ? null : expression(ts);
        ts.expect(']');
        value = { kind: 'slice', object: value, start, end, at };
      } else {
        ts.expect(']');
        value = { kind: 'index', object: value, index: start!, at };
      }
    } else return value;
  }
}

function primary(ts: Tokens): Expr {
  const t = ts.peek();
  if (t.kind === 'number') {
    ts.next();
    return { kind: 'literal', value: Number(t.value), at: t.at };
  }
  if (t.kind === 'string') {
    ts.next();
    return { kind: 'literal', value: t.value, at: t.at };
  }
  if (t.kind === 'name') {
    if (['true', 'True'].includes(t.value) || ['false', 'False'].includes(t.value) || ['none', 'None'].includes(t.value)) {
      ts.next();
      return { kind: 'literal', value: t.value.toLowerCase() === 'none' ? null : t.value.toLowerCase() === 'true', at: t.at };
    }
    const n = ts.name('a value');
    return { kind: 'name', name: n.value, at: n.at };
  }
  if (ts.is('(')) {
    ts.next();
    const e = expression(ts);
    ts.expect(')');
    return e;
  }
  if (ts.is('[')) {
    ts.next();
    const items: Expr[] = [];
    if (!ts.is(']')) {
      do items.push(expression(ts));
      while (ts.accept(','));
    }
    ts.expect(']');
    return { kind: 'list', items, at: t.at };
  }
  return ts.fail(t, `expected a value, found ${describe(t)}`);
}

// ------------------------------------------------------------------------------------------------ statements

interface Frame {
  stop: readonly string[];
}

class Parser {
  private i = 0;
  constructor(
    private readonly source: string,
    private readonly segments: Segment[],
  ) {}

  parse(): Node[] {
    const { body, ended } = this.body({ stop: [] });
    if (ended) this.failAt(ended.at, `unexpected "{% ${ended.word} %}" with no open block`);
    return body;
  }

  private failAt(at: number, reason: string): never {
    const { line, column } = lineColumn(this.source, at);
    throw new TemplateSyntaxError(reason, line, column);
  }

  /** Nodes up to a block tag whose first word is in `stop`; returns that tag's tokens. */
  private body(frame: Frame): { body: Node[]; ended: { word: string; at: number; ts: Tokens } | null } {
    const body: Node[] = [];
    while (this.i < this.segments.length) {
      const seg = this.segments[this.i++]!;
      if (seg.kind === 'text') {
        body.push({ kind: 'text', text: seg.text, at: seg.at });
        continue;
      }
      const ts = new Tokens(this.source, tokenize(this.source, seg.body, seg.bodyAt));
      if (seg.kind === 'output') {
        if (ts.peek().kind === 'end') ts.fail(ts.peek(), 'empty "{{ }}"');
        const expr = expression(ts);
        ts.end();
        body.push({ kind: 'output', expr, at: seg.at });
        continue;
      }
      const word = ts.peek();
      if (word.kind !== 'name') ts.fail(word, `expected a statement (if, for, set), found ${describe(word)}`);
      if (frame.stop.includes(word.value)) {
        ts.next();
        return { body, ended: { word: word.value, at: seg.at, ts } };
      }
      ts.next();
      if (word.value === 'if') body.push(this.ifBlock(ts, seg.at));
      else if (word.value === 'for') body.push(this.forBlock(ts, seg.at));
      else if (word.value === 'set') {
        const target = ts.name('a variable name').value;
        ts.expect('=');
        const value = expression(ts);
        ts.end();
        body.push({ kind: 'set', target, value, at: seg.at });
      } else if (['elif', 'else', 'endif', 'endfor'].includes(word.value)) {
        this.failAt(seg.at, `unexpected "{% ${word.value} %}" with no matching open block`);
      } else ts.fail(word, `unknown statement "${word.value}" (known: if, elif, else, endif, for, endfor, set)`);
    }
    if (frame.stop.length) return { body, ended: null };
    return { body, ended: null };
  }

  private ifBlock(ts: Tokens, at: number): Node {
    const branches: { test: Expr; body: Node[] }[] = [];
    let test = expression(ts);
    ts.end();
    let otherwise: Node[] | null = null;
    for (;;) {
      const { body, ended } = this.body({ stop: ['elif', 'else', 'endif'] });
      if (!ended) this.failAt(at, '"{% if %}" is never closed with "{% endif %}"');
      branches.push({ test, body });
      if (ended.word === 'elif') {
        test = expression(ended.ts);
        ended.ts.end();
        continue;
      }
      ended.ts.end();
      if (ended.word === 'else') {
        const rest = this.body({ stop: ['endif'] });
        if (!rest.ended) this.failAt(at, '"{% if %}" is never closed with "{% endif %}"');
        rest.ended.ts.end();
        otherwise = rest.body;
      }
      return { kind: 'if', branches, otherwise, at };
    }
  }

  private forBlock(ts: Tokens, at: number): Node {
    const target = ts.name('a loop variable').value;
    ts.expect('in');
    const iterable = orExpr(ts);
    const filter = ts.accept('if') ? expression(ts) : null;
    ts.end();
    const { body, ended } = this.body({ stop: ['else', 'endfor'] });
    if (!ended) this.failAt(at, '"{% for %}" is never closed with "{% endfor %}"');
    ended.ts.end();
    let otherwise: Node[] | null = null;
    if (ended.word === 'else') {
      const rest = this.body({ stop: ['endfor'] });
      if (!rest.ended) this.failAt(at, '"{% for %}" is never closed with "{% endfor %}"');
      rest.ended.ts.end();
      otherwise = rest.body;
    }
    return { kind: 'for', target, iterable, filter, body, otherwise, at };
  }
}

/** Parses a template; throws TemplateSyntaxError with line and column. */
export function parse(source: string): Node[] {
  return new Parser(source, segment(source)).parse();
}
