/**
 * Measures the house (issue #19): import cycles (type-only imports included), arrows that point up the layer table
 * of docs/decisions.md, functions over 100 lines, and the places a run-config field is parsed or given a default.
 * `node --import tsx bench/arch.ts` prints the figures; tests/unit/architecture.test.ts fails on any cycle or upward
 * arrow with the same code. Imports are resolved with the TypeScript compiler, so `import type` and `export … from`
 * count like any other arrow.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { AREAS, arrowViolation, LAYERS, layerOf } from '../eslint-rules/layer-table.js';

const ROOT = join(import.meta.dirname, '..');

// The layer table lives with the ESLint rule that checks each import against it (eslint-rules/layer-table.js).
export { AREAS, LAYERS, layerOf };
export type Area = (typeof AREAS)[number];
export type Layer = (typeof LAYERS)[number];

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'out' || name === 'native') return [];
    if (statSync(path).isDirectory()) return listFiles(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const rel = (p: string): string => relative(ROOT, p).split(sep).join('/');

export interface Graph {
  files: string[];
  /** importer → imported, both relative to the repository root, only files inside main/, preload/, renderer/. */
  edges: Map<string, Set<string>>;
}

/** Every import, export-from and dynamic import() of main/, preload/ and renderer/src, resolved to its file. */
export function buildGraph(): Graph {
  const files = [...listFiles(join(ROOT, 'main')), ...listFiles(join(ROOT, 'preload')), ...listFiles(join(ROOT, 'renderer/src'))];
  const options: ts.CompilerOptions = {
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    module: ts.ModuleKind.ESNext,
    allowJs: false,
    jsx: ts.JsxEmit.ReactJSX,
  };
  const host = ts.createCompilerHost(options);
  const edges = new Map<string, Set<string>>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const out = new Set<string>();
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const resolved = ts.resolveModuleName(ref.fileName, file, options, host).resolvedModule?.resolvedFileName;
      if (!resolved || resolved.includes('node_modules')) continue;
      const r = rel(resolved);
      if (AREAS.some((a) => r.startsWith(`${a}/`))) out.add(r);
    }
    edges.set(rel(file), out);
  }
  return { files: files.map(rel), edges };
}

/** Strongly connected components of more than one file (or a file importing itself): each is an import cycle. */
export function cycles(g: Graph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || g.edges.get(v)?.has(v)) out.push(scc.sort());
    }
  };
  for (const f of g.files) if (!idx.has(f)) visit(f);
  return out;
}

export interface Arrow {
  from: string;
  to: string;
  why: string;
}

/** Arrows from a lower layer to a higher one, and across processes (renderer → main, preload → main or renderer). */
export function upwardArrows(g: Graph): Arrow[] {
  const out: Arrow[] = [];
  for (const [from, tos] of g.edges)
    for (const to of tos) {
      const why = arrowViolation(from, to);
      if (why) out.push({ from, to, why });
    }
  return out.sort((x, y) => x.from.localeCompare(y.from) || x.to.localeCompare(y.to));
}

export interface LongFunction {
  file: string;
  line: number;
  name: string;
  lines: number;
}

/** Functions, methods and arrow functions whose body spans more than `limit` lines (nested ones counted on their own). */
export function longFunctions(g: Graph, limit = 100): LongFunction[] {
  const out: LongFunction[] = [];
  for (const file of g.files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const walk = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        if (end - start + 1 > limit) out.push({ file, line: start + 1, name: functionName(node), lines: end - start + 1 });
      }
      ts.forEachChild(node, walk);
    };
    walk(sf);
  }
  return out.sort((a, b) => b.lines - a.lines);
}

function functionName(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  const p = node.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isPropertyAssignment(p)) return p.name.getText();
  return '(anonymous)';
}

/** Run-config fields whose value has a default; a numeric literal given to one outside the schema is a second default. */
const RUN_FIELDS = new Set(['learningRate', 'weightDecay', 'clipNorm', 'batchSize', 'dropout', 'checkpointEvery']);

export interface ParseSite {
  file: string;
  line: number;
  what: string;
}

/**
 * The places the training run's configuration is parsed (`RunConfig.parse` / `safeParse`, `resolveConfig`) or one of
 * its fields is given a default again (a numeric literal for `learningRate`, `weightDecay`, … in a training or
 * optimizer file). LUM's and the baselines' own configurations are other types and are not counted.
 */
export function runConfigSites(g: Graph): ParseSite[] {
  const out: ParseSite[] = [];
  for (const file of g.files) {
    if (/^main\/(lum|itemids|evaluation|baselines|constrained)\//.test(file) || file.includes('api-lum')) continue;
    const text = readFileSync(join(ROOT, file), 'utf8');
    if (!/RunConfig|resolveConfig|learningRate|weightDecay|ADAMW/.test(text)) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const at = (n: ts.Node): number => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
    const walk = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        if (
          ts.isPropertyAccessExpression(callee) &&
          /^(parse|safeParse)$/.test(callee.name.text) &&
          /RunConfig$/.test(callee.expression.getText(sf))
        )
          out.push({ file, line: at(node), what: callee.getText(sf) });
        if (ts.isIdentifier(callee) && callee.text === 'resolveConfig') out.push({ file, line: at(node), what: 'resolveConfig' });
      }
      if (
        ts.isPropertyAssignment(node) &&
        RUN_FIELDS.has(node.name.getText(sf)) &&
        ts.isNumericLiteral(node.initializer) &&
        !file.startsWith('preload/')
      )
        out.push({ file, line: at(node), what: `${node.name.getText(sf)}: ${node.initializer.text}` });
      ts.forEachChild(node, walk);
    };
    walk(sf);
  }
  return out;
}

export interface Measures {
  graph: Graph;
  cycles: string[][];
  upward: Arrow[];
  long: LongFunction[];
  sites: ParseSite[];
}

export function measure(): Measures {
  const graph = buildGraph();
  return { graph, cycles: cycles(graph), upward: upwardArrows(graph), long: longFunctions(graph), sites: runConfigSites(graph) };
}

const areaOf = (f: string): Area => f.split('/')[0] as Area;

function report(m: Measures, verbose: boolean): void {
  const arrows = [...m.graph.edges.values()].reduce((s, e) => s + e.size, 0);
  console.log(`files ${m.graph.files.length}, arrows ${arrows}`);
  console.log('\narea      files  arrows  cycles  files-in-cycles  upward  fns>100');
  for (const a of AREAS) {
    const files = m.graph.files.filter((f) => areaOf(f) === a);
    const arr = files.reduce((s, f) => s + (m.graph.edges.get(f)?.size ?? 0), 0);
    const cyc = m.cycles.filter((c) => areaOf(c[0]!) === a);
    const up = m.upward.filter((u) => areaOf(u.from) === a);
    const long = m.long.filter((l) => areaOf(l.file) === a);
    const row = [a.padEnd(8), files.length, arr, cyc.length, cyc.reduce((s, c) => s + c.length, 0), up.length, long.length];
    console.log(row.map((v, i) => (i === 0 ? v : String(v).padStart([6, 8, 8, 17, 8, 9][i - 1]!))).join(''));
  }
  console.log(`\nimport cycles: ${m.cycles.length}`);
  for (const c of m.cycles) console.log(`  (${c.length}) ${c.join(' ')}`);
  console.log(`\nupward arrows: ${m.upward.length}`);
  for (const u of m.upward) console.log(`  ${u.from} → ${u.to}  [${u.why}]`);
  console.log(
    `\nfunctions over 100 lines: ${m.long.length} (main ${m.long.filter((l) => l.file.startsWith('main/')).length}, preload ${m.long.filter((l) => l.file.startsWith('preload/')).length}, renderer ${m.long.filter((l) => l.file.startsWith('renderer/')).length})`,
  );
  for (const l of verbose ? m.long : m.long.filter((x) => !x.file.startsWith('renderer/')))
    console.log(`  ${l.lines} ${l.file}:${l.line} ${l.name}`);
  console.log(`\nrun-config parse/default sites: ${m.sites.length}`);
  for (const s of m.sites) console.log(`  ${s.file}:${s.line} ${s.what}`);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) report(measure(), process.argv.includes('--verbose'));
