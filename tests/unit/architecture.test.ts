import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildGraph, cycles, layerOf, upwardArrows } from '../../bench/arch';

// The layer rule of docs/decisions.md ("The house"), measured by the same code as `node --import tsx bench/arch.ts`.
const graph = buildGraph();

test('main/, preload/ and the renderer have no import cycle, type-only imports included', () => {
  assert.deepEqual(cycles(graph), []);
});

test('no arrow points up the layers (transport → features → base → contract) or across processes', () => {
  assert.deepEqual(
    upwardArrows(graph).map((a) => `${a.from} → ${a.to} [${a.why}]`),
    [],
  );
});

test('main/jobs is generic infrastructure: it imports no feature', () => {
  const into = [...graph.edges].flatMap(([from, tos]) =>
    from.startsWith('main/jobs/') ? [...tos].filter((t) => layerOf(t) === 'feature') : [],
  );
  assert.deepEqual(into, []);
});

test('the checks can fail: a cycle and an upward arrow in a made-up graph are found', () => {
  const edges = new Map([
    ['main/training/a.ts', new Set(['main/training/b.ts'])],
    ['main/training/b.ts', new Set(['main/training/a.ts', 'main/studio.ts'])],
    ['main/studio.ts', new Set<string>()],
    ['main/model/x.ts', new Set(['main/training/a.ts'])],
    ['renderer/src/y.tsx', new Set(['main/errors.ts'])],
  ]);
  const fake = { files: [...edges.keys()], edges };
  assert.deepEqual(cycles(fake), [['main/training/a.ts', 'main/training/b.ts']]);
  assert.deepEqual(
    upwardArrows(fake).map((a) => a.why),
    ['base → feature', 'feature → transport', 'renderer → main'],
  );
});
