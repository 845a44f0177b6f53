/** The template language's syntax tree. `at` is the UTF-16 offset in the source, for error positions. */
export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null; at: number }
  | { kind: 'name'; name: string; at: number }
  | { kind: 'list'; items: Expr[]; at: number }
  | { kind: 'attr'; object: Expr; name: string; at: number }
  | { kind: 'index'; object: Expr; index: Expr; at: number }
  | { kind: 'slice'; object: Expr; start: Expr | null; end: Expr | null; at: number }
  | { kind: 'filter'; value: Expr; name: string; args: Expr[]; at: number }
  | { kind: 'unary'; op: 'not' | '-'; value: Expr; at: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; at: number }
  | { kind: 'test'; value: Expr; test: 'defined' | 'undefined' | 'none' | 'number' | 'string'; negated: boolean; at: number }
  | { kind: 'cond'; test: Expr; then: Expr; otherwise: Expr | null; at: number };

export type BinaryOp = 'or' | 'and' | '==' | '!=' | '<' | '>' | '<=' | '>=' | 'in' | 'not in' | '~' | '+' | '-' | '*' | '/' | '//' | '%';

export type Node =
  | { kind: 'text'; text: string; at: number }
  | { kind: 'output'; expr: Expr; at: number }
  | { kind: 'if'; branches: { test: Expr; body: Node[] }[]; otherwise: Node[] | null; at: number }
  | { kind: 'for'; target: string; iterable: Expr; filter: Expr | null; body: Node[]; otherwise: Node[] | null; at: number }
  | { kind: 'set'; target: string; value: Expr; at: number };
