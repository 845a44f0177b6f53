/**
 * Exports of a review's judgments (pure: the caller writes the text): CSV for spreadsheets, JSONL for scripts, and
 * preference pairs (prompt, chosen, rejected) for preference training.
 */
import { sides } from './blind';
import type { Judgment, Preference, Rubric } from './types';

/** RFC 4180: a field holding a comma, a double quote, CR or LF is quoted, and its quotes are doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV header for a rubric: per-side score columns a_<criterion>, b_<criterion> in rubric order. */
export function csvHeader(rubric: Rubric): string[] {
  return [
    'reviewer',
    'position',
    'key',
    'template',
    'seen',
    'shown_left',
    'preference',
    ...rubric.map((c) => `a_${c}`),
    ...rubric.map((c) => `b_${c}`),
    'comment',
    'repeat_of',
  ];
}

const score = (v: number | undefined): string => (v === undefined ? '' : String(v));

/**
 * One row per judgment, repeats included (repeat_of names the original's position, empty otherwise); seen is
 * true/false, shown_left the side shown on the left, an unscored criterion an empty cell. Records end in CRLF.
 */
export function toCsv(judgments: readonly Judgment[], rubric: Rubric): string {
  const rows = [csvHeader(rubric)];
  for (const j of judgments) {
    rows.push([
      j.reviewer,
      String(j.position),
      j.key,
      j.template,
      String(j.seen),
      sides(j.order).left,
      j.preference,
      ...rubric.map((c) => score(j.scores.a[c])),
      ...rubric.map((c) => score(j.scores.b[c])),
      j.comment,
      j.repeatOf === null ? '' : String(j.repeatOf),
    ]);
  }
  return rows.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}

/** One JSON object per judgment and line, fields in a fixed order. */
export function toJsonl(judgments: readonly Judgment[]): string {
  return judgments
    .map((j) => {
      const { reviewer, position, key, template, seen, order, repeatOf, preference, scores, comment } = j;
      return JSON.stringify({ reviewer, position, key, template, seen, order, repeatOf, preference, scores, comment }) + '\n';
    })
    .join('');
}

export interface PromptOutputs {
  prompt: string;
  /** Output of side A. */
  a: string;
  /** Output of side B. */
  b: string;
}

export interface PreferencePair {
  prompt: string;
  chosen: string;
  rejected: string;
}

/**
 * Preference pairs for training, one per pair of outputs, in the order first shown. Repeats are left out (they
 * would count one reviewer twice). Each pair's non-repeat judgments vote; the label with strictly the most votes
 * wins, and the pair is kept only when that label is A or B: a pair most reviewers called a tie, or split evenly,
 * teaches no preference. Throws when a judged key has no prompt, since the export would silently lose pairs.
 */
export function preferencePairs(judgments: readonly Judgment[], prompts: ReadonlyMap<string, PromptOutputs>): PreferencePair[] {
  const votes = new Map<string, { first: number; count: Record<Preference, number> }>();
  for (const j of judgments) {
    if (j.repeatOf !== null) continue;
    let v = votes.get(j.key);
    if (!v) votes.set(j.key, (v = { first: j.position, count: { A: 0, B: 0, tie: 0 } }));
    v.first = Math.min(v.first, j.position);
    v.count[j.preference]++;
  }
  const out: { first: number; pair: PreferencePair }[] = [];
  for (const [key, { first, count }] of votes) {
    const p = prompts.get(key);
    if (!p) throw new RangeError(`no prompt for judged pair ${JSON.stringify(key)}`);
    const top = Math.max(count.A, count.B, count.tie);
    const winners = (['A', 'B', 'tie'] as const).filter((l) => count[l] === top);
    if (winners.length !== 1 || winners[0] === 'tie') continue;
    const aWins = winners[0] === 'A';
    out.push({ first, pair: { prompt: p.prompt, chosen: aWins ? p.a : p.b, rejected: aWins ? p.b : p.a } });
  }
  return out.sort((x, y) => x.first - y.first).map((o) => o.pair);
}
