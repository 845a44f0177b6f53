/** Rendering (pure): a parsed template and a context → text with the entity spans of every value it printed. */
import type { Expr, Node } from './ast';
import { TemplateSyntaxError, lineColumn } from './errors';
import { FILTERS, FilterError } from './filters';
import { Rich, RichBuilder, cpLength } from './rich';
import { isList, isObject, plain, toRich, toText, truthy, typeName, type Value } from './value';

export type Context = Readonly<Record<string, Value>>;

class Scope {
  private readonly vars = new Map<string, Value>();
  constructor(
    private readonly parent: Scope | null,
    private readonly root: Context = {},
  ) {}
  get(name: string): Value {
    if (this.vars.has(name)) return this.vars.get(name);
    if (this.parent) return this.parent.get(name);
    return Object.hasOwn(this.root, name) ? this.root[name] : undefined;
  }
  set(name: string, v: Value): void {
    this.vars.set(name, v);
  }
}

class Renderer {
  constructor(private readonly source: string) {}

  fail(at: number, reason: string): never {
    const { line, column } = lineColumn(this.source, at);
    throw new TemplateSyntaxError(reason, line, column);
  }

  nodes(list: readonly Node[], scope: Scope, out: RichBuilder): void {
    for (const n of list) this.node(n, scope, out);
  }

  node(n: Node, scope: Scope, out: RichBuilder): void {
    switch (n.kind) {
      case 'text':
        out.append(n.text);
        return;
      case 'output':
        out.append(toRich(this.expr(n.expr, scope)));
        return;
      case 'set':
        scope.set(n.target, this.expr(n.value, scope));
        return;
      case 'if': {
        for (const b of n.branches) {
          if (truthy(this.expr(b.test, scope))) return this.nodes(b.body, scope, out);
        }
        if (n.otherwise) this.nodes(n.otherwise, scope, out);
        return;
      }
      case 'for': {
        const it = this.expr(n.iterable, scope);
        if (it === undefined || it === null) {
          if (n.otherwise) this.nodes(n.otherwise, scope, out);
          return;
        }
        if (!isList(it)) this.fail(n.iterable.at, `"for" needs a list, got ${typeName(it)}`);
        const items = n.filter
          ? it.filter((x) => {
              const s = new Scope(scope);
              s.set(n.target, x);
              return truthy(this.expr(n.filter!, s));
            })
          : it;
        if (items.length === 0 && n.otherwise) return this.nodes(n.otherwise, scope, out);
        items.forEach((x, i) => {
          const s = new Scope(scope);
          s.set(n.target, x);
          s.set('loop', {
            index: i + 1,
            index0: i,
            first: i === 0,
            last: i === items.length - 1,
            length: items.length,
            revindex: items.length - i,
          });
          this.nodes(n.body, s, out);
        });
        return;
      }
    }
  }

  expr(e: Expr, scope: Scope): Value {
    switch (e.kind) {
      case 'literal':
        return e.value;
      case 'name':
        return scope.get(e.name);
      case 'list':
        return e.items.map((x) => this.expr(x, scope));
      case 'attr': {
        const o = this.expr(e.object, scope);
        if (isObject(o)) return Object.hasOwn(o, e.name) ? o[e.name] : undefined;
        if (o === undefined || o === null) return undefined;
        return this.fail(e.at, `${typeName(o)} has no attribute "${e.name}"`);
      }
      case 'index': {
        const o = this.expr(e.object, scope);
        const k = plain(this.expr(e.index, scope));
        if (isList(o) && typeof k === 'number') return o.at(Math.trunc(k));
        if (isObject(o) && typeof k === 'string') return Object.hasOwn(o, k) ? o[k] : undefined;
        if (o instanceof Rich && typeof k === 'number') {
          const i = k < 0 ? o.length + k : k;
          return i >= 0 && i < o.length ? o.slice(i, i + 1) : undefined;
        }
        if (o === undefined || o === null) return undefined;
        return this.fail(e.at, `cannot index ${typeName(o)} with ${typeName(k)}`);
      }
      case 'slice': {
        const o = this.expr(e.object, scope);
        const bound = (x: Expr | null): number | undefined => {
          if (!x) return undefined;
          const v = plain(this.expr(x, scope));
          if (typeof v !== 'number') this.fail(x.at, `a slice bound must be a number, got ${typeName(v)}`);
          return v;
        };
        const a = bound(e.start);
        const b = bound(e.end);
        if (isList(o)) return o.slice(a, b);
        if (o instanceof Rich || typeof o === 'string') {
          const r = toRich(o);
          const norm = (x: number | undefined, d: number): number =>
            x === undefined ? d : x < 0 ? Math.max(0, r.length + x) : Math.min(x, r.length);
          return r.slice(norm(a, 0), norm(b, r.length));
        }
        if (o === undefined || o === null) return undefined;
        return this.fail(e.at, `cannot slice ${typeName(o)}`);
      }
      case 'filter': {
        const v = this.expr(e.value, scope);
        const args = e.args.map((a) => this.expr(a, scope));
        try {
          return FILTERS[e.name]!.apply(v, args);
        } catch (err) {
          if (err instanceof FilterError) this.fail(e.at, err.message);
          throw err;
        }
      }
      case 'unary': {
        const v = this.expr(e.value, scope);
        if (e.op === 'not') return !truthy(v);
        const n = plain(v);
        if (typeof n !== 'number') this.fail(e.at, `cannot negate ${typeName(v)}`);
        return -n;
      }
      case 'test': {
        const v = this.expr(e.value, scope);
        const r =
          e.test === 'defined'
            ? v !== undefined
            : e.test === 'undefined'
              ? v === undefined
              : e.test === 'none'
                ? v === null
                : e.test === 'number'
                  ? typeof v === 'number'
                  : typeof plain(v) === 'string';
        return e.negated ? !r : r;
      }
      case 'cond':
        return truthy(this.expr(e.test, scope)) ? this.expr(e.then, scope) : e.otherwise ? this.expr(e.otherwise, scope) : undefined;
      case 'binary':
        return this.binary(e as Extract<Expr, { kind: 'binary' }>, scope);
    }
  }

  binary(e: Extract<Expr, { kind: 'binary' }>, scope: Scope): Value {
    if (e.op === 'and') {
      const l = this.expr(e.left, scope);
      return truthy(l) ? this.expr(e.right, scope) : l;
    }
    if (e.op === 'or') {
      const l = this.expr(e.left, scope);
      return truthy(l) ? l : this.expr(e.right, scope);
    }
    const l = this.expr(e.left, scope);
    const r = this.expr(e.right, scope);
    if (e.op === '~') {
      const b = new RichBuilder();
      b.append(toRich(l));
      b.append(toRich(r));
      return b.build();
    }
    const a = plain(l);
    const c = plain(r);
    switch (e.op) {
      case '==':
        return a === c || (a == null && c == null);
      case '!=':
        return !(a === c || (a == null && c == null));
      case 'in':
      case 'not in': {
        let found: boolean;
        if (isList(r)) found = r.some((x) => plain(x) === a);
        else if (typeof c === 'string') found = c.includes(toText(l));
        else if (isObject(r)) found = typeof a === 'string' && Object.hasOwn(r, a);
        else return this.fail(e.at, `"in" needs a list or text on its right, got ${typeName(r)}`);
        return e.op === 'in' ? found : !found;
      }
      default:
        break;
    }
    if (e.op === '+' && typeof a === 'string' && typeof c === 'string') return a + c;
    if (e.op === '+' && isList(l) && isList(r)) return [...l, ...r];
    if (['<', '>', '<=', '>='].includes(e.op) && typeof a === 'string' && typeof c === 'string') {
      return e.op === '<' ? a < c : e.op === '>' ? a > c : e.op === '<=' ? a <= c : a >= c;
    }
    if (typeof a !== 'number' || typeof c !== 'number')
      return this.fail(e.at, `"${e.op}" needs numbers, got ${typeName(l)} and ${typeName(r)}`);
    switch (e.op) {
      case '<':
        return a < c;
      case '>':
        return a > c;
      case '<=':
        return a <= c;
      case '>=':
        return a >= c;
      case '+':
        return a + c;
      case '-':
        return a - c;
      case '*':
        return a * c;
      case '/':
        return a / c;
      case '//':
        return Math.floor(a / c);
      case '%':
        return a % c;
    }
  }
}

export function renderNodes(source: string, nodes: readonly Node[], context: Context): Rich {
  const out = new RichBuilder();
  new Renderer(source).nodes(nodes, new Scope(null, context), out);
  return out.build();
}

export { cpLength };
