/**
 * The example builder (pure): data points × templates → examples, as P5 does it (docs/algorithms.md §2.2).
 * Train: each data point gets one seen template drawn uniformly (seeded) among those it can fill; unseen
 * templates never train. Valid and test: every template (seen and unseen) on every data point, so each
 * template is measured on its own. Templates that use `answer` (yes/no) give a positive and a negative per
 * data point (1:1). A data point fills a template when every variable of its target has a value.
 */
import type { ExampleCount, ExampleSplit, Family, Template } from '../../preload/api-templates';
import { keyedRng } from '../random';
import { buildContext, type ExampleMeta } from './context';
import { dataPoints, type Datum, type ExampleData } from './data';
import { FAMILIES } from './families';
import { compile, render, type CompiledTemplate, type Rich, type Value } from './lang/index';

export interface TemplateSpec {
  id: string;
  family: Family;
  seen: boolean;
  answerChoices: string[] | null;
  input: CompiledTemplate;
  target: CompiledTemplate;
  inputVars: Set<string>;
  targetVars: Set<string>;
  /** Yes/no templates: a positive and a negative per data point. */
  paired: boolean;
}

export function compileSpec(t: Pick<Template, 'id' | 'family' | 'seen' | 'answerChoices' | 'input' | 'target'>): TemplateSpec {
  const input = compile(t.input);
  const target = compile(t.target);
  const inputVars = new Set(input.variables.map((v) => v.name));
  const targetVars = new Set(target.variables.map((v) => v.name));
  return {
    id: t.id,
    family: t.family,
    seen: t.seen,
    answerChoices: t.answerChoices,
    input,
    target,
    inputVars,
    targetVars,
    paired: inputVars.has('answer') || targetVars.has('answer'),
  };
}

const filled = (s: string | null | undefined): boolean => typeof s === 'string' && s.trim().length > 0;

/** Whether a data point has a value for every variable of the template's target (cheap: no rendering). */
export function fills(d: ExampleData, spec: TemplateSpec, datum: Datum): boolean {
  const x = d.sequences.get(datum.user.id)![datum.index]!;
  for (const v of spec.targetVars) {
    if (v === 'rating' && x.rating === null) return false;
    if ((v === 'review' || v === 'feature_word') && !filled(x.review)) return false;
    if (v === 'summary' && !filled(x.summary)) return false;
    if (v === 'user_profile' && !d.profiles.has(datum.user.id)) return false;
  }
  return true;
}

export interface ExampleRef {
  family: Family;
  split: ExampleSplit;
  datum: Datum;
  template: TemplateSpec;
  negative: boolean;
}

/** The seen template a train data point gets, or null when it fills none. */
export function trainTemplate(
  d: ExampleData,
  seen: readonly TemplateSpec[],
  family: Family,
  datum: Datum,
  seed: number,
): TemplateSpec | null {
  const ok = seen.filter((s) => fills(d, s, datum));
  if (ok.length === 0) return null;
  const rng = keyedRng(seed, `template:${family}:${datum.user.id}:${datum.index}`);
  return ok[Math.floor(rng() * ok.length)]!;
}

/** Every example of one family and split, in a stable order. */
export function* examplesOf(
  d: ExampleData,
  specs: readonly TemplateSpec[],
  family: Family,
  split: ExampleSplit,
  seed: number,
): Generator<ExampleRef> {
  const mine = specs.filter((s) => s.family === family);
  const seen = mine.filter((s) => s.seen);
  for (const datum of dataPoints(d, family, split, seed)) {
    const chosen =
      split === 'train'
        ? [trainTemplate(d, seen, family, datum, seed)].filter((t): t is TemplateSpec => t !== null)
        : mine.filter((s) => fills(d, s, datum));
    for (const template of chosen) {
      yield { family, split, datum, template, negative: false };
      if (template.paired) yield { family, split, datum, template, negative: true };
    }
  }
}

export interface RenderedExample {
  input: Rich;
  target: Rich;
  meta: ExampleMeta;
  context: Record<string, Value>;
}

export function renderExample(d: ExampleData, ref: ExampleRef, seed: number): RenderedExample {
  const { context, meta } = buildContext(d, ref.family, ref.datum, seed, ref.negative);
  return { input: render(ref.template.input, context), target: render(ref.template.target, context), meta, context };
}

export interface Counts {
  counts: ExampleCount[];
  data: { family: Family; split: ExampleSplit; count: number }[];
}

const SPLITS: readonly ExampleSplit[] = ['train', 'valid', 'test'];

/** Example counts per family, template and split, without rendering anything. */
export function countExamples(d: ExampleData, specs: readonly TemplateSpec[], families: readonly Family[] = FAMILIES, seed = 1): Counts {
  const counts: ExampleCount[] = [];
  const data: Counts['data'] = [];
  for (const family of families) {
    const mine = specs.filter((s) => s.family === family);
    for (const split of SPLITS) {
      const tally = new Map<string, number>(mine.map((s) => [s.id, 0]));
      for (const ref of examplesOf(d, specs, family, split, seed)) tally.set(ref.template.id, tally.get(ref.template.id)! + 1);
      data.push({ family, split, count: dataPoints(d, family, split, seed).length });
      for (const s of mine) counts.push({ family, template: s.id, split, seen: s.seen, count: tally.get(s.id)! });
    }
  }
  return { counts, data };
}
