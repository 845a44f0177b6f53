/** The free variables a template reads (loop and `set` names excluded), with where each is first read. */
import type { Expr, Node } from './ast';

export function freeVariables(nodes: readonly Node[]): Map<string, number> {
  const found = new Map<string, number>();
  const visitExpr = (e: Expr, bound: ReadonlySet<string>): void => {
    switch (e.kind) {
      case 'name':
        if (!bound.has(e.name) && !found.has(e.name)) found.set(e.name, e.at);
        return;
      case 'literal':
        return;
      case 'list':
        e.items.forEach((x) => visitExpr(x, bound));
        return;
      case 'attr':
        visitExpr(e.object, bound);
        return;
      case 'index':
        visitExpr(e.object, bound);
        visitExpr(e.index, bound);
        return;
      case 'slice':
        visitExpr(e.object, bound);
        if (e.start) visitExpr(e.start, bound);
        if (e.end) visitExpr(e.end, bound);
        return;
      case 'filter':
        visitExpr(e.value, bound);
        e.args.forEach((x) => visitExpr(x, bound));
        return;
      case 'unary':
      case 'test':
        visitExpr(e.value, bound);
        return;
      case 'binary':
        visitExpr(e.left, bound);
        visitExpr(e.right, bound);
        return;
      case 'cond':
        visitExpr(e.test, bound);
        visitExpr(e.then, bound);
        if (e.otherwise) visitExpr(e.otherwise, bound);
        return;
    }
  };
  const visit = (list: readonly Node[], bound: Set<string>): void => {
    for (const n of list) {
      switch (n.kind) {
        case 'text':
          break;
        case 'output':
          visitExpr(n.expr, bound);
          break;
        case 'set':
          visitExpr(n.value, bound);
          bound.add(n.target);
          break;
        case 'if':
          for (const b of n.branches) {
            visitExpr(b.test, bound);
            visit(b.body, new Set(bound));
          }
          if (n.otherwise) visit(n.otherwise, new Set(bound));
          break;
        case 'for': {
          visitExpr(n.iterable, bound);
          const inner = new Set(bound).add(n.target).add('loop');
          if (n.filter) visitExpr(n.filter, inner);
          visit(n.body, inner);
          if (n.otherwise) visit(n.otherwise, new Set(bound));
          break;
        }
      }
    }
  };
  visit(nodes, new Set());
  return found;
}
