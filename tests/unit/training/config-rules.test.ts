/** The run configuration's cross-field rules live in its one schema: what validates can run (issue #12, defect 4). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LumConfig } from '../../../preload/api-lum';
import { MAX_STEPS, RunConfig } from '../../../preload/api-training';

const issues = (schema: typeof RunConfig | typeof LumConfig, config: unknown): string[] => {
  const r = schema.safeParse(config);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

test('heads must divide the width, the preset’s width and heads included', () => {
  assert.deepEqual(issues(RunConfig, { preset: 'tiny', width: 64, heads: 8 }), []);
  assert.match(issues(RunConfig, { width: 64, heads: 3 })[0]!, /^heads: heads 3 does not divide width 64/);
  assert.match(issues(RunConfig, { preset: 'tiny', width: 33 })[0] ?? 'none', /^width: heads \d+ does not divide width 33/);
  assert.match(issues(LumConfig, { width: 16, heads: 3 })[0]!, /^heads: heads 3 does not divide width 16/);
});

test('steps from 1 to MAX_STEPS; warm-up shorter than the run; not steps and epochs together', () => {
  assert.deepEqual(issues(RunConfig, { steps: 1 }), []);
  assert.deepEqual(issues(RunConfig, { steps: MAX_STEPS }), []);
  assert.match(issues(RunConfig, { steps: 0 })[0]!, /^steps: steps must be at least 1/);
  assert.match(issues(RunConfig, { steps: 1e15 })[0]!, /^steps:/);
  assert.match(issues(RunConfig, { steps: 100, warmupSteps: 100 })[0]!, /^warmupSteps:/);
  // Pretraining steps count towards the run the warm-up is measured against.
  assert.deepEqual(issues(RunConfig, { steps: 100, pretrainSteps: 50, warmupSteps: 120 }), []);
  assert.match(issues(RunConfig, { steps: 4, epochs: 2 })[0]!, /^epochs: give steps or epochs/);
  assert.match(issues(RunConfig, { epochs: 1e9 })[0]!, /^epochs:/);
  assert.match(issues(RunConfig, { pretrainSteps: 10, objectives: { mask: 0, sMask: 0, gMask: 0 } })[0]!, /^objectives:/);
});
