import type { Browser, Page } from '@playwright/test';
import { api, test, expect } from './fixtures';
import { screenshotSizes } from './newcomer';
import type { ServedStudio } from './serve-process';
import type { CallResult } from '../../preload/api';

const at = (page: Page, rest: string) => page.url().replace(/#.*$/, '') + `#/datasets/1/${rest}`;

const RUNS = ['run-alpha', 'run-beta'] as const;

/** Two tiny runs on explanation, each with greedy explanations of the same test examples (templates 3-1 and 3-12). */
async function twoRunsWithExplanations(studio: ServedStudio): Promise<void> {
  for (const [k, name] of RUNS.entries()) {
    const { runId } = await api<CallResult<'runs.start'>>(studio, 'runs.start', {
      datasetId: 1,
      config: { name, families: ['explanation'], steps: 3, batchSize: 4, checkpointEvery: 3, seed: 3 + 6 * k },
    });
    await expect
      .poll(async () => (await api<CallResult<'runs.get'>>(studio, 'runs.get', { id: runId })).run.status, { timeout: 90_000 })
      .toBe('done');
    await api(studio, 'generations.start', {
      runId,
      family: 'explanation',
      split: 'test',
      templates: ['3-1', '3-12'],
      limit: 8,
      decoding: { method: 'greedy', maxTokens: 6, width: 1 },
    });
    await expect
      .poll(async () => (await api<CallResult<'generations.sets'>>(studio, 'generations.sets', { runId }))[0]?.status, { timeout: 90_000 })
      .toBe('done');
  }
}

/** What one reviewer typed for one pair, in screen terms. */
interface Typed {
  left: number[];
  right: number[];
  preference: 'a' | 'b' | 't';
  comment: string;
}

const judging = (page: Page) => page.getByTestId('rev-judging');
const doneCount = async (page: Page): Promise<number> => Number(await page.getByTestId('rev-progress').getAttribute('data-done'));

/** Waits until the page shows a pair (its position) or the done screen (null), nothing in flight. */
async function shown(page: Page): Promise<number | null> {
  await expect(judging(page)).toHaveAttribute('data-state', 'ready');
  if (await page.getByTestId('rev-done').isVisible()) return null;
  await expect(judging(page)).not.toHaveAttribute('data-position', '');
  return Number(await judging(page).getAttribute('data-position'));
}

/** Types a judgment with the keys alone and saves it with `save` (N or Enter); resolves once the next pair is shown. */
async function judgeByKeys(page: Page, t: Typed, opts: { save?: 'n' | 'Enter'; switchSides?: 'Tab' | 'ArrowRight' } = {}): Promise<void> {
  const before = await doneCount(page);
  await expect(page.getByTestId('rev-scores-left')).toBeFocused();
  for (const v of t.left) await page.keyboard.press(String(v));
  await page.keyboard.press(opts.switchSides ?? 'Tab');
  await expect(page.getByTestId('rev-scores-right')).toBeFocused();
  for (const v of t.right) await page.keyboard.press(String(v));
  await page.keyboard.press(t.preference);
  if (t.comment) {
    await page.keyboard.press('c');
    await expect(page.getByTestId('rev-comment')).toBeFocused();
    await page.keyboard.type(t.comment);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('rev-scores-right')).toBeFocused();
  }
  await page.keyboard.press(opts.save ?? 'n');
  await expect.poll(() => doneCount(page)).toBe(before + 1);
  await shown(page);
}

async function openAs(page: Page, reviewer: string): Promise<void> {
  await expect(page.getByTestId('rev-reviewer-name')).toBeFocused();
  await page.keyboard.type(reviewer);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rev-reviewer')).toHaveText(reviewer);
}

const wordsOf = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];

/**
 * The word diff marks what each output has that the other lacks: the words left unmarked on both sides are the same
 * sequence. Entity marks hold the item's title or one of its attributes, as the context shows them.
 */
async function sameUnmarkedWords(page: Page): Promise<void> {
  const unmarked = async (side: 'left' | 'right'): Promise<string[]> => {
    const text = page.getByTestId(`rev-text-${side}`);
    if ((await text.count()) === 0) return [];
    const parts = await text
      .locator(':scope > *')
      .evaluateAll((els) => els.map((e) => (e.hasAttribute('data-diff') ? ' ' : (e.textContent ?? ''))));
    return wordsOf(parts.join(''));
  };
  expect(await unmarked('left')).toEqual(await unmarked('right'));
  const context = ((await page.getByTestId('rev-context').textContent()) ?? '').toLowerCase();
  for (const mark of await page.locator('[data-testid^="rev-text-"] [data-entity]').allTextContents())
    expect(context).toContain(mark.toLowerCase());
}

/** A second reviewer: a browser context of its own (own storage), on the same served studio. */
async function secondBrowser(browser: Browser, studio: ServedStudio, hash: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error, second browser] ${err.message}`));
  await page.goto(`${studio.url}${hash}`);
  await page.locator('[data-app-state="loaded"]').waitFor();
  return page;
}

/** The CSV export's rows as objects (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks). */
function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (quoted) field += ch;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  const [header, ...rows] = records;
  return rows.map((r) => Object.fromEntries(r.map((v, k) => [header![k]!, v])));
}

test('two reviewers in two browsers judge the same review at once and neither loses or overwrites a judgment', async ({
  page,
  studio,
  browser,
}) => {
  test.setTimeout(300_000);
  await page.goto(at(page, 'reviews'));
  await expect(page.getByTestId('rev-no-runs')).toContainText('train two runs');
  await twoRunsWithExplanations(studio);

  // Create through the form; its complaints appear at the field they concern, the contract's and the back end's.
  await page.getByTestId('nav-reviews').click();
  await expect(page.getByTestId('rev-empty')).toBeVisible();
  await page.getByTestId('rev-run-a').selectOption('1');
  await page.getByTestId('rev-run-b').selectOption('1');
  await page.getByTestId('rev-create').click();
  await expect(page.getByTestId('rev-field-error-runB')).toContainText('two different runs');
  await page.getByTestId('rev-run-b').selectOption('2');
  await page.getByTestId('rev-family').selectOption('review');
  await page.getByTestId('rev-create').click();
  await expect(page.getByTestId('rev-field-error-runB')).toContainText('has no review generations on test');
  await page.getByTestId('rev-family').selectOption('explanation');
  await page.getByTestId('rev-size').fill('4');
  await page.getByTestId('rev-seed').fill('4');
  await page.getByTestId('rev-swap-share').fill('0.25');
  await expect(page.getByTestId('rev-pair-count')).toContainText('4 examples + 1 shown again with the sides swapped = 5 pairs');
  await page.getByTestId('rev-reviewers').fill('ann, bob');
  // The rubric is editable; a bad criterion name is refused at its row, and removing it clears the complaint.
  await expect(page.getByTestId('rev-rubric-name')).toHaveCount(3);
  await page.getByTestId('rev-rubric-add').click();
  await page.getByTestId('rev-rubric-name').nth(3).fill('flu@ncy');
  await page.getByTestId('rev-create').click();
  await expect(page.getByTestId('rev-field-error-rubric.3')).toContainText('letters, digits');
  await page.getByTestId('rev-rubric-remove').nth(3).click();
  await expect(page.getByTestId('rev-rubric-name')).toHaveCount(3);
  await expect(page.getByTestId('rev-field-error-rubric.3')).toHaveCount(0);
  await page.getByTestId('rev-create').click();
  await expect(page.getByTestId('rev-created')).toContainText('= 5 pairs');
  const [created] = await api<CallResult<'reviews.list'>>(studio, 'reviews.list', { datasetId: 1 });
  expect(created!.reviewers).toEqual(['ann', 'bob']);
  expect(created!.rubric.map((c) => c.name)).toEqual(['fluency', 'faithfulness', 'personalization']);
  const total = created!.pairs;
  expect(total).toBe(5); // 4 sampled + 1 shown again swapped
  const row = page.locator(`[data-testid="rev-list-row"][data-review-id="${created!.id}"]`);
  await expect(row).toContainText('open');
  for (const name of RUNS) await expect(row.locator('.rev-list-title')).not.toContainText(name);

  // Ann starts alone; two pairs in, Bob opens the same review in another browser and both go on at once, so they
  // judge different pairs at the same moment and, in the end, the same pairs.
  const hash = `#/datasets/1/reviews/${created!.id}`;
  await row.getByTestId('rev-open').click();
  await openAs(page, 'ann');
  const typed: Record<string, Map<number, Typed>> = { ann: new Map(), bob: new Map() };
  const plan = (who: 'ann' | 'bob', position: number): Typed =>
    who === 'ann'
      ? {
          left: [5, 4, (position % 5) + 1],
          right: [2, 3, 1],
          preference: position % 2 ? 'b' : 'a',
          comment: position === 1 ? 'ann: "left", clearly' : '',
        }
      : { left: [1, 2, 3], right: [(position % 5) + 1, 5, 4], preference: position % 3 ? 'b' : 't', comment: '' };
  const judgeAll = async (p: Page, who: 'ann' | 'bob', stopAfter = Infinity): Promise<void> => {
    for (let n = 0; n < stopAfter; n++) {
      const position = await shown(p);
      if (position === null) return;
      const t = plan(who, position);
      await judgeByKeys(p, t);
      typed[who]!.set(position, t);
    }
  };
  await judgeAll(page, 'ann', 2);
  const bob = await secondBrowser(browser, studio, hash);
  await openAs(bob, 'bob');
  await Promise.all([
    judgeAll(page, 'ann'),
    (async () => {
      await judgeAll(bob, 'bob', 2);
      // A reload mid-review loses nothing: the name is remembered and the next unjudged pair comes back.
      await bob.reload();
      await bob.locator('[data-app-state="loaded"]').waitFor();
      await expect(bob.getByTestId('rev-reviewer')).toHaveText('bob');
      await expect(bob.getByTestId('rev-progress')).toHaveAttribute('data-done', '2');
      await judgeAll(bob, 'bob');
    })(),
  ]);
  await expect(page.getByTestId('rev-done')).toBeVisible();
  await expect(bob.getByTestId('rev-done')).toBeVisible();
  expect(typed.ann!.size).toBe(total);
  expect(typed.bob!.size).toBe(total);

  // The back end holds every judgment of both, each exactly as its reviewer typed it.
  const stats = await api<CallResult<'reviews.stats'>>(studio, 'reviews.stats', { id: created!.id });
  expect(stats.judgments).toBe(2 * total);
  expect(stats.agreement.method).toBe('cohen');
  const jsonl = await api<CallResult<'reviews.export'>>(studio, 'reviews.export', { id: created!.id, format: 'jsonl' });
  const stored = jsonl.text
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as {
          reviewer: string;
          position: number;
          order: 'AB' | 'BA';
          preference: 'A' | 'B' | 'tie';
          scores: { a: Record<string, number>; b: Record<string, number> };
          comment: string;
        },
    );
  expect(stored).toHaveLength(2 * total);
  const criteria = ['fluency', 'faithfulness', 'personalization'];
  const asScores = (values: number[]) => Object.fromEntries(criteria.map((c, k) => [c, values[k]]));
  for (const j of stored) {
    const t = typed[j.reviewer]!.get(j.position)!;
    expect(t, `${j.reviewer} judged pair ${j.position}`).toBeDefined();
    const leftIs = j.order === 'AB' ? 'A' : 'B';
    const rightIs = leftIs === 'A' ? 'B' : 'A';
    expect(j.preference).toBe(t.preference === 't' ? 'tie' : t.preference === 'a' ? leftIs : rightIs);
    expect(j.order === 'AB' ? j.scores.a : j.scores.b).toEqual(asScores(t.left));
    expect(j.order === 'AB' ? j.scores.b : j.scores.a).toEqual(asScores(t.right));
    expect(j.comment).toBe(t.comment);
  }

  // The list shows both reviewers done; the results page downloads the same CSV the back end exports.
  await page.getByTestId('rev-done-results').click();
  await expect(page.getByTestId('rev-agreement')).toHaveAttribute('data-method', 'cohen');
  await expect(page.getByTestId('rev-labels')).toHaveAttribute('data-a', 'Output 1'); // still open: no names yet
  await expect(page.getByTestId('rev-win-n')).toHaveText(String(stats.winRate.n));
  const downloading = page.waitForEvent('download');
  await page.getByTestId('rev-export-csv').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`review-${created!.id}.csv`);
  const csv = await api<CallResult<'reviews.export'>>(studio, 'reviews.export', { id: created!.id, format: 'csv' });
  const { readFile } = await import('node:fs/promises');
  expect(await readFile(await download.path(), 'utf8')).toBe(csv.text);
  await page.getByTestId('nav-reviews').click();
  for (const who of ['ann', 'bob'])
    await expect(row.locator(`[data-testid="rev-list-reviewer"][data-reviewer="${who}"]`)).toContainText(`${total}/${total}`);
  await page.screenshot({ path: 'test-results/review-list.png' });
  // The list's Delete buttons and every other control fit at both sizes.
  await screenshotSizes(page, 'review-list');
  await bob.context().close();
});

test('a reviewer finishes a review with the keyboard alone, and the results show the win rate the exported CSV gives', async ({
  page,
  studio,
}) => {
  test.setTimeout(240_000);
  await twoRunsWithExplanations(studio);
  // No name given: the back end's default names both runs, which the Review page must not show while open.
  const { reviewId, pairs } = await api<CallResult<'reviews.create'>>(studio, 'reviews.create', {
    runA: 1,
    runB: 2,
    family: 'explanation',
    size: 4,
    seed: 7,
    swapShare: 0.25,
  });
  expect(pairs).toBe(5);

  // From here on, keys only.
  await page.goto(at(page, `reviews/${reviewId}`));
  await openAs(page, 'pm');
  const blind = async (): Promise<void> => {
    for (const name of RUNS) await expect(page.locator('main')).not.toContainText(name);
  };
  await blind();
  expect(await shown(page)).toBe(0);
  await expect(page.getByTestId('rev-progress')).toHaveAttribute('data-total', String(pairs));

  // A save with rubric scores left empty warns once, naming them, and nothing is saved yet.
  await page.keyboard.press('4');
  await page.keyboard.press('a');
  await page.keyboard.press('n');
  await expect(page.getByTestId('rev-status')).toContainText('5 rubric scores are empty');
  await expect(page.getByTestId('rev-progress')).toHaveAttribute('data-done', '0');

  // First pair, with a comment; then undo it: it is shown again, prefilled and no longer saved, and saved anew with B.
  const first: Typed = { left: [4, 3, 5], right: [2, 3, 1], preference: 'a', comment: 'clear and grounded' };
  await judgeByKeys(page, first);
  expect(await shown(page)).not.toBe(0);
  await page.keyboard.press('u');
  await expect(page.getByTestId('rev-progress')).toHaveAttribute('data-done', '0');
  expect(await shown(page)).toBe(0);
  await expect(page.getByTestId('rev-saved-state')).toHaveAttribute('data-state', 'new');
  await expect(page.getByTestId('rev-preference')).toHaveAttribute('data-value', 'left');
  await expect(page.getByTestId('rev-comment')).toHaveValue(first.comment);
  const leftRow = page.getByTestId('rev-scores-left');
  await expect(leftRow.locator('[data-criterion="personalization"]')).toHaveAttribute('data-score', '5');
  await page.keyboard.press('b');
  await expect(page.getByTestId('rev-preference')).toHaveAttribute('data-value', 'right');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rev-progress')).toHaveAttribute('data-done', '1');

  // The rest, with both ways of switching sides and of saving; P goes back to a judged pair, N saves it again.
  const prefs: Typed['preference'][] = ['b', 't', 'a', 'b'];
  for (let k = 0; ; k++) {
    const position = await shown(page);
    if (position === null) break;
    await blind();
    await sameUnmarkedWords(page);
    if (k === 0) {
      await page.setViewportSize({ width: 1400, height: 1300 });
      await page.screenshot({ path: 'test-results/review-judging.png' });
    }
    if (k === 2) {
      await page.keyboard.press('p');
      await expect(judging(page)).toHaveAttribute('data-position', String(position - 1));
      await expect(page.getByTestId('rev-saved-state')).toHaveAttribute('data-state', 'saved');
      const before = await doneCount(page);
      await page.keyboard.press('n');
      await expect(judging(page)).toHaveAttribute('data-position', String(position));
      expect(await doneCount(page)).toBe(before);
    }
    await judgeByKeys(
      page,
      { left: [k + 1, 5, 4], right: [3, k + 1, 2], preference: prefs[k % prefs.length]!, comment: '' },
      { save: k % 2 ? 'Enter' : 'n', switchSides: k % 2 ? 'ArrowRight' : 'Tab' },
    );
  }
  await expect(page.getByTestId('rev-done')).toBeVisible();
  await expect(page.getByTestId('rev-progress')).toHaveAttribute('data-done', String(pairs));
  await expect(page.getByTestId('rev-done-results')).toBeFocused();
  await blind();

  // ? shows the keys; Esc closes them.
  await page.keyboard.press('?');
  await expect(page.getByTestId('rev-keys-dialog')).toBeVisible();
  await expect(page.getByTestId('shortcuts-dialog')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('rev-keys-dialog')).toHaveCount(0);
  await expect(page.getByTestId('rev-done-results')).toBeFocused();

  // Finish (asked first), which reveals the runs on the results page.
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('rev-done').getByTestId('rev-finish')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rev-finish-confirm')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/datasets/1/reviews/${reviewId}/results$`));
  await expect(page.getByTestId('rev-labels')).toHaveAttribute('data-a', RUNS[0]);
  await expect(page.getByTestId('rev-labels')).toHaveAttribute('data-b', RUNS[1]);

  // The win rate on the page is the one the exported CSV gives: A's share of the judgments, swapped repeats left out.
  const csv = await api<CallResult<'reviews.export'>>(studio, 'reviews.export', { id: reviewId, format: 'csv' });
  const rows = parseCsv(csv.text);
  expect(rows).toHaveLength(pairs);
  expect(rows.find((r) => r.position === '0')!.comment).toBe(first.comment);
  const originals = rows.filter((r) => r.repeat_of === '');
  const share = (p: string): number => originals.filter((r) => r.preference === p).length / originals.length;
  for (const [id, p] of [
    ['rev-win-a', 'A'],
    ['rev-win-b', 'B'],
    ['rev-win-tie', 'tie'],
  ] as const) {
    await expect(page.getByTestId(id)).toHaveAttribute('data-value', String(share(p)));
    await expect(page.getByTestId(id)).toHaveText(`${(share(p) * 100).toFixed(1)}%`);
  }
  await expect(page.getByTestId('rev-win-n')).toHaveText(String(originals.length));
  await expect(page.getByTestId('rev-rubric-mean')).toHaveCount(3);
  await expect(page.getByTestId('rev-by-template').getByTestId('rev-breakdown-row')).not.toHaveCount(0);
  await page.setViewportSize({ width: 1400, height: 1700 });
  await page.screenshot({ path: 'test-results/review-results.png', fullPage: true });
});
