import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import layers from '../../eslint-rules/layers.js';

// The layer rule as ESLint runs it in `npm run lint` (eslint.config.js): made-up files importing real ones.
const ROOT = join(import.meta.dirname, '../..');
const linter = new Linter({ configType: 'flat', cwd: ROOT });
const config = [
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser as Linter.Parser },
    plugins: { layers },
    rules: { 'layers/no-upward-import': 'error' as const },
  },
];

/** `line: rule` for each report; a parse error shows as `line: its message`, so a broken test case cannot pass. */
const reports = (file: string, code: string): string[] =>
  linter.verify(code, config, { filename: join(ROOT, file) }).map((m) => `${m.line}: ${m.ruleId ?? m.message}`);
const messages = (file: string, code: string): string[] =>
  linter.verify(code, config, { filename: join(ROOT, file) }).map((m) => m.message);

test('an import from a lower layer to a higher one is reported, type-only, re-export and import() alike', () => {
  const code = [
    "import { serve } from '../transport/http';",
    "import type { Studio } from '../studio';",
    "export { run } from '../cli/train';",
    "const m = import('../training/runner');",
    'export { serve, m };',
    'export type { Studio };',
  ].join('\n');
  assert.deepEqual(reports('main/model/made-up.ts', code), [
    '1: layers/no-upward-import',
    '2: layers/no-upward-import',
    '3: layers/no-upward-import',
    '4: layers/no-upward-import',
  ]);
  assert.match(
    messages('main/model/made-up.ts', code)[0]!,
    /main\/transport\/http\.ts is above main\/model\/made-up\.ts \(base → transport\)/,
  );
  assert.match(messages('main/model/made-up.ts', code)[3]!, /\(base → feature\)/);
});

test('arrows across processes are reported: renderer → main, preload → main', () => {
  assert.deepEqual(messages('renderer/src/made-up.tsx', "import { StudioError } from '../../main/errors';").length, 1);
  assert.match(messages('preload/made-up.ts', "import type { Db } from '../main/db/connection';")[0]!, /contract → implementation/);
});

test('arrows down or sideways, and package imports, pass', () => {
  const code = [
    "import { createGlm } from '../model/glm';",
    "import { TemplateStore } from '../templates/sql';",
    "import type { RunConfig } from '../../preload/api-training';",
    "import * as tf from '@tensorflow/tfjs-core';",
    'export { createGlm, TemplateStore, tf };',
    'export type { RunConfig };',
  ].join('\n');
  assert.deepEqual(reports('main/training/made-up.ts', code), []);
  assert.deepEqual(
    reports('main/transport/made-up.ts', "import { TrainingService } from '../training/service';\nexport { TrainingService };"),
    [],
  );
  assert.deepEqual(reports('renderer/src/made-up.ts', "import type { Api } from '../../preload/api';\nexport type { Api };"), []);
});
