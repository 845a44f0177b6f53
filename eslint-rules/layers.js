// @ts-check
/**
 * A local ESLint plugin: `layers/no-upward-import` reports an import (static, type-only, `export … from`, or a
 * dynamic `import()` of a literal) that points up the layer table of layer-table.js, or across processes
 * (renderer → main, preload → main or renderer). Relative specifiers are resolved to files the way the bundler
 * resolves them (`.ts`, `.tsx`, `/index.ts`); bare package names are not the rule's business. Import cycles are
 * checked by tests/unit/architecture.test.ts, which sees the whole graph at once.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { arrowViolation } from './layer-table.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** @param {string} path */
const isFile = (path) => existsSync(path) && statSync(path).isFile();

/**
 * The file a relative specifier names, from the repository root; a specifier that names no file keeps its `.ts` guess.
 * @param {string} importer absolute path
 * @param {string} spec
 */
function resolveSpec(importer, spec) {
  const base = resolve(dirname(importer), spec);
  const stem = base.replace(/\.(js|mjs|jsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  const found = candidates.find(isFile) ?? `${stem}.ts`;
  return relative(ROOT, found).split(sep).join('/');
}

/** @type {import('eslint').Rule.RuleModule} */
const noUpwardImport = {
  meta: {
    type: 'problem',
    docs: { description: 'imports point down the layers (transport → features → base → contract), never up or across processes' },
    messages: { upward: '{{to}} is above {{from}} ({{why}}): arrows point down the layers (docs/decisions.md, "The house")' },
    schema: [],
  },
  create(context) {
    const from = relative(ROOT, context.filename).split(sep).join('/');
    /** @param {import('estree').Node} node @param {unknown} source */
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = resolveSpec(context.filename, source);
      const why = arrowViolation(from, to);
      if (why) context.report({ node, messageId: 'upward', data: { from, to, why } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { meta: { name: 'layers' }, rules: { 'no-upward-import': noUpwardImport } };
