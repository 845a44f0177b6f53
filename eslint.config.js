import tseslint from 'typescript-eslint';
import layers from './eslint-rules/layers.js';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'resources/**', 'tmp/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-object-type': 'off',
      'no-empty-pattern': 'off',
    },
  },
  // The layer rule (docs/decisions.md, "The house"): transport → features → base → contract, never upward, and no
  // arrow across processes. The table is eslint-rules/layer-table.js, shared with bench/arch.ts.
  {
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
    plugins: { layers },
    rules: { 'layers/no-upward-import': 'error' },
  },
  // Layering (DESIGN.md): the window never reaches into the back end, the back end never into the window.
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', 'electron', 'better-sqlite3', 'node:*'],
              message: 'the renderer talks to the back end only through preload/api.ts and client.ts',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'main/ must not import the renderer' }] }],
    },
  },
  {
    files: [
      'main/optim/**/*.ts',
      'main/datasets/split.ts',
      'main/datasets/histogram.ts',
      'main/datasets/sample.ts',
      'main/entities/{textualize,spans,tokens,patterns,agreement,masks}.ts',
      'main/random.ts',
      'main/entities/formats/**/*.ts',
      'main/templates/lang/**/*.ts',
      'main/templates/{families,data,context,examples,warnings,validate}.ts',
      'main/model/{types,code-points,tokenizer,bpe-train,trie,intra-positions,span-sampling,blank-infilling}.ts',
      'main/generation/{decode,item-trie,kinds}.ts',
      'main/evaluation/{ranking,rating,text,report}.ts',
      'main/evaluation/baselines/{types,most-popular,item-knn,biased-mf,bpr,evaluate,markov}.ts',
      'main/evaluation/identifier-comparison.ts',
      'main/itemids/{linalg,kmeans,residual-quantize,embeddings,spectral,schemes,identifiers,catalog}.ts',
      'main/training/identifier-records.ts',
      'main/review/{types,blind,sample,stats,export}.ts',
      'main/lum/{data,batches,metrics,ranker-data}.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'better-sqlite3', 'electron', '**/db/**'], message: 'pure logic has no I/O' }] },
      ],
    },
  },
);
