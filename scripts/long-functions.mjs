#!/usr/bin/env node
// Lists the functions (declarations, arrows, function expressions, methods) longer than N lines under a folder, with
// the TypeScript compiler's parser. `node scripts/long-functions.mjs [dir=renderer] [lines=100]`; the last line is the count.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const dir = process.argv[2] ?? 'renderer';
const limit = Number(process.argv[3] ?? 100);

function files(d) {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : files(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

function nameOf(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  const p = node.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isCallExpression(p)) return `${nameOf(p) ?? '(callback)'}`;
  return '(anonymous)';
}

const found = [];
for (const file of files(dir)) {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) {
      const a = src.getLineAndCharacterOfPosition(node.getStart(src)).line;
      const b = src.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (b - a + 1 > limit) found.push({ file: relative(process.cwd(), file), name: nameOf(node), lines: b - a + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
}
found.sort((x, y) => y.lines - x.lines);
for (const f of found) console.log(`${String(f.lines).padStart(5)}  ${f.name}  ${f.file}`);
console.log(`${found.length} functions over ${limit} lines in ${dir}`);
