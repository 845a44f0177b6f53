/**
 * The studio's template language: a Jinja-compatible subset (the convention of PromptSource and promptfoo) whose
 * rendering carries entity spans. `compile` parses once; `render` is pure and can run anywhere.
 */
import type { Node } from './ast';
import { TemplateSyntaxError, lineColumn } from './errors';
import { parse } from './parser';
import { renderNodes, type Context } from './render';
import type { Rich } from './rich';
import { freeVariables } from './variables';

export interface CompiledTemplate {
  source: string;
  nodes: Node[];
  /** Free variables in order of first use, with the line and column of that use. */
  variables: { name: string; line: number; column: number }[];
}

export function compile(source: string): CompiledTemplate {
  const nodes = parse(source);
  const variables = [...freeVariables(nodes)].map(([name, at]) => ({ name, ...lineColumn(source, at) }));
  return { source, nodes, variables };
}

export const render = (t: CompiledTemplate, context: Context): Rich => renderNodes(t.source, t.nodes, context);

export { TemplateSyntaxError };
export { Rich, RichBuilder, joinRich, type RichSpan } from './rich';
export type { Value } from './value';
export type { Context } from './render';
export { FILTERS } from './filters';
