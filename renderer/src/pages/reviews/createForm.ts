/**
 * The create-review form's state and its translation into `reviews.create` arguments (pure). Numbers are kept as
 * typed; the contract's own schema names what is wrong, by field, before anything is sent.
 */
import { DEFAULT_RUBRIC, ReviewCreate, type Criterion } from '../../../../preload/api-review';

export const REFERENCES = 'reference';

export interface CreateForm {
  name: string;
  /** A run id, or '' before one is picked. */
  runA: string;
  /** A run id, REFERENCES, or '' before one is picked. */
  runB: string;
  family: 'explanation' | 'review';
  size: string;
  rubric: Criterion[];
  /** Comma-separated names; empty lets anyone who gives a name review. */
  reviewers: string;
  seed: string;
  swapShare: string;
}

export const DEFAULTS = { size: 100, seed: 1, swapShare: 0.1 } as const;

export function defaultCreateForm(): CreateForm {
  return {
    name: '',
    runA: '',
    runB: '',
    family: 'explanation',
    size: '',
    rubric: DEFAULT_RUBRIC.map((c) => ({ ...c })),
    reviewers: '',
    seed: '',
    swapShare: '',
  };
}

export const parseReviewers = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Issues by field path (`runB`, `rubric.1.name`, …). */
export type Issues = Map<string, string>;

/**
 * The arguments for `reviews.create`, or the issues that keep the form from being sent. A blank name gets a neutral
 * one: the back end's default names both runs, which would tell reviewers which side is which.
 */
export function checkCreate(f: CreateForm, now: Date = new Date()): { args: ReviewCreate | null; issues: Issues } {
  const issues: Issues = new Map();
  const num = (path: string, text: string, fallback: number): number => {
    if (text.trim() === '') return fallback;
    const n = Number(text);
    if (!Number.isFinite(n)) issues.set(path, 'type a number');
    return n;
  };
  if (f.runA === '') issues.set('runA', 'pick run A');
  if (f.runB === '') issues.set('runB', 'pick run B, or the references');
  if (f.runA !== '' && f.runA === f.runB) issues.set('runB', 'pick two different runs (or run A against the references)');
  const family = f.family === 'review' ? 'review summaries' : 'explanations';
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
  const raw = {
    name: f.name.trim() || `${family} · ${stamp}`,
    runA: Number(f.runA),
    runB: f.runB === REFERENCES ? null : Number(f.runB),
    family: f.family,
    size: num('size', f.size, DEFAULTS.size),
    rubric: f.rubric.map((c) => ({ name: c.name.trim(), description: c.description.trim() })),
    reviewers: parseReviewers(f.reviewers),
    seed: num('seed', f.seed, DEFAULTS.seed),
    swapShare: num('swapShare', f.swapShare, DEFAULTS.swapShare),
  };
  const parsed = ReviewCreate.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // A reviewer's name is one entry of a comma list: its complaint belongs to the list's box.
      const path = issue.path[0] === 'reviewers' ? 'reviewers' : issue.path.map(String).join('.');
      if (!issues.has(path) && !(path === 'runA' && issues.has('runA')) && !(path === 'runB' && issues.has('runB')))
        issues.set(path, issue.message);
    }
  }
  const names = raw.rubric.map((c) => c.name.toLowerCase());
  names.forEach((n, k) => {
    if (n && names.indexOf(n) !== k && !issues.has(`rubric.${k}.name`)) issues.set(`rubric.${k}.name`, 'each criterion needs its own name');
  });
  return { args: issues.size === 0 && parsed.success ? parsed.data : null, issues };
}

/** Where a back-end complaint belongs on the form: its `where.field`, with the service's `runs` shown under run B. */
export function fieldOfError(field: string | undefined): string {
  if (!field) return 'form';
  if (field === 'runs') return 'runB';
  return field;
}

const FIELDS: readonly string[] = ['family', 'runA', 'runB', 'size', 'seed', 'swapShare', 'reviewers', 'name', 'rubric', 'form'];

/** Whether the form has a place for a complaint at this path; the others are listed under the form. */
export const hasField = (path: string): boolean => FIELDS.includes(path) || /^rubric\.\d+\.(name|description)$/.test(path);
