/** Save-time checks of a template (pure): syntax, unknown variables, a target that reads nothing, answer choices. */
import type { TemplateFields, TemplateProblem } from '../../preload/api-templates';
import { familyVariableNames } from './families';
import { compile, TemplateSyntaxError, type CompiledTemplate } from './lang/index';

export interface CheckedTemplate {
  problems: TemplateProblem[];
  input: CompiledTemplate | null;
  target: CompiledTemplate | null;
  variables: string[];
}

export function checkTemplate(f: TemplateFields): CheckedTemplate {
  const problems: TemplateProblem[] = [];
  const known = familyVariableNames(f.family);
  const one = (field: 'input' | 'target', source: string): CompiledTemplate | null => {
    let t: CompiledTemplate;
    try {
      t = compile(source);
    } catch (err) {
      if (err instanceof TemplateSyntaxError) {
        problems.push({ field, line: err.line, column: err.column, message: err.reason });
        return null;
      }
      throw err;
    }
    for (const v of t.variables) {
      if (!known.has(v.name)) {
        problems.push({
          field,
          line: v.line,
          column: v.column,
          message: `unknown variable "${v.name}" for the ${f.family} family (it offers: ${[...known].join(', ')})`,
        });
      }
    }
    return t;
  };
  const input = one('input', f.input);
  const target = one('target', f.target);
  if (!f.input.trim()) problems.push({ field: 'input', line: 1, column: 1, message: 'the input is empty' });
  if (target && target.variables.length === 0) {
    problems.push({
      field: 'target',
      line: 1,
      column: 1,
      message: 'the target uses no variable, so every example would have the same answer',
    });
  }
  if (f.answerChoices) {
    if (f.answerChoices.length < 2)
      problems.push({ field: 'answerChoices', line: 1, column: 1, message: 'give at least two answer choices, or none' });
    if (new Set(f.answerChoices).size !== f.answerChoices.length)
      problems.push({ field: 'answerChoices', line: 1, column: 1, message: 'answer choices repeat' });
  }
  const variables = [...new Set([...(input?.variables ?? []), ...(target?.variables ?? [])].map((v) => v.name))];
  return { problems, input, target, variables };
}

export const describeProblem = (p: TemplateProblem): string => `${p.field}, line ${p.line}, column ${p.column}: ${p.message}`;
