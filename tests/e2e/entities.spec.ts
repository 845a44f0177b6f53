import type { Page } from '@playwright/test';
import { api, test, expect } from './fixtures';
import type { RecordDetail, Span } from '../../preload/api-entities';
import { screenshotSizes } from './newcomer';

const entitiesUrl = (page: Page, rest = '') => page.url().replace(/#.*$/, '') + `#/datasets/1/entities${rest}`;

/** Textualizes the sample through the empty state's button and waits for record 1 in the editor. */
async function textualizeFromUi(page: Page): Promise<void> {
  await page.goto(entitiesUrl(page));
  await expect(page.getByTestId('ent-empty')).toBeVisible();
  await page.getByTestId('ent-textualize').click();
  await expect(page.locator('[data-testid="ent-editor"][data-record-id="1"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('ent-list')).toHaveAttribute('data-total', '48');
}

/** Puts the DOM selection on `from`..`to` (UTF-16, relative to the first occurrence of `needle`) inside the editor text. */
async function selectText(page: Page, needle: string, from = 0, to = needle.length): Promise<void> {
  await page.evaluate(
    ({ needle, from, to }) => {
      const root = document.querySelector('[data-testid="ent-text"]');
      if (!root) throw new Error('no editor text');
      for (const run of root.querySelectorAll<HTMLElement>('[data-o]')) {
        const node = run.firstChild;
        const at = (node?.textContent ?? '').indexOf(needle);
        if (node && at >= 0) {
          window.getSelection()!.setBaseAndExtent(node, at + from, node, at + to);
          return;
        }
      }
      throw new Error(`"${needle}" is not in a plain text run`);
    },
    { needle, from, to },
  );
}

/** Drags the mouse across characters `from`..`to` of the first plain-text occurrence of `needle`. */
async function dragOver(page: Page, needle: string, from: number, to: number): Promise<void> {
  const box = await page.evaluate(
    ({ needle, from, to }) => {
      const root = document.querySelector('[data-testid="ent-text"]')!;
      for (const run of root.querySelectorAll<HTMLElement>('[data-o]')) {
        const node = run.firstChild;
        const at = (node?.textContent ?? '').indexOf(needle);
        if (node && at >= 0) {
          const r = document.createRange();
          r.setStart(node, at + from);
          r.setEnd(node, at + from + 1);
          const a = r.getBoundingClientRect();
          r.setStart(node, at + to - 1);
          r.setEnd(node, at + to);
          const b = r.getBoundingClientRect();
          return { x0: a.left + 1, y0: a.top + a.height / 2, x1: b.right - 1, y1: b.top + b.height / 2 };
        }
      }
      throw new Error(`"${needle}" not found`);
    },
    { needle, from, to },
  );
  await page.mouse.move(box.x0, box.y0);
  await page.mouse.down();
  await page.mouse.move(box.x1, box.y1, { steps: 5 });
  await page.mouse.up();
}

const humanSpans = (d: RecordDetail, who: string): Span[] => d.annotations.find((a) => a.annotator === who)?.spans ?? [];

test('textualize from the UI, then label, undo, redo, relabel and move on with the keyboard; the database holds it', async ({
  page,
  studio,
}) => {
  await textualizeFromUi(page);
  const editor = page.getByTestId('ent-editor');
  await expect(page.getByTestId('ent-annotator')).toHaveValue('curator');
  await expect(page.getByTestId('ent-text').locator('[data-source="auto"]').first()).toBeVisible();
  const autoCount = await page.getByTestId('ent-text').locator('[data-span-index]').count();

  // Drag across part of "Recently" with the mouse: it snaps to the whole word; 2 is OCCUPATION.
  await dragOver(page, 'Recently', 2, 6);
  await expect(page.getByTestId('ent-message')).toContainText('Selected “Recently”');
  await page.keyboard.press('2');
  const made = page.getByTestId('ent-text').locator('[data-source="human"]');
  await expect(made).toHaveCount(1);
  await expect(made).toHaveAttribute('data-label', 'OCCUPATION');
  await expect(editor).toHaveAttribute('data-save-state', 'saved');

  // Undo takes it away, redo brings it back.
  await page.keyboard.press('Control+z');
  await expect(made).toHaveCount(0);
  await expect(page.getByTestId('ent-text').locator('[data-span-index]')).toHaveCount(autoCount);
  await page.keyboard.press('Control+Shift+z');
  await expect(made).toHaveCount(1);

  // Click the span, relabel it with another digit (3 = CITY).
  await made.click();
  await expect(made).toHaveClass(/ent-span-selected/);
  await page.keyboard.press('3');
  await expect(made).toHaveAttribute('data-label', 'CITY');
  // A keyboard-only label: select "they" (DOM selection) and press 4 (GENDER), then remove it with Delete.
  await selectText(page, 'they', 1, 3);
  await page.keyboard.press('4');
  await expect(page.getByTestId('ent-text').locator('[data-source="human"][data-label="GENDER"]')).toHaveText(/they/);
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('ent-text').locator('[data-source="human"][data-label="GENDER"]')).toHaveCount(0);
  await expect(editor).toHaveAttribute('data-save-state', 'saved');

  // Accept with `a`, then next record with `j`, back with `k`, next with ↓.
  await page.keyboard.press('a');
  await expect(page.getByTestId('ent-record-status')).toHaveText('accepted');
  await page.keyboard.press('j');
  await expect(page.locator('[data-testid="ent-editor"][data-record-id="2"]')).toBeVisible();
  await expect(page).toHaveURL(/#\/datasets\/1\/entities\/user\/u2$/); // the user's own id, not the record's
  await expect(page.locator('.ent-editor-head h2')).toHaveText('User u2');
  await page.keyboard.press('k');
  await expect(page.locator('[data-testid="ent-editor"][data-record-id="1"]')).toBeVisible();
  // The curator's own spans come back on reopening.
  await expect(page.getByTestId('ent-text').locator('[data-source="human"]')).toHaveAttribute('data-label', 'CITY');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-testid="ent-editor"][data-record-id="2"]')).toBeVisible();

  const d = await api<RecordDetail>(studio, 'entities.records.get', { recordId: 1, annotator: 'curator' });
  const mine = humanSpans(d, 'curator');
  const text = d.text;
  const at = [...text].join('').indexOf('Recently');
  expect(mine.filter((s) => s.source === 'human')).toEqual([
    {
      start: [...text.slice(0, at)].length,
      end: [...text.slice(0, at)].length + 8,
      label: 'CITY',
      source: 'human',
      text: 'Recently',
      ref: null,
    },
  ]);
  expect(mine.length).toBe(autoCount + 1);
  expect(d.annotations.find((a) => a.annotator === 'curator')?.decision).toBe('accepted');
  expect(d.status).toBe('accepted');
  await page.screenshot({ path: 'test-results/entities-editor.png' });
  await screenshotSizes(page, 'entities-editor');
});

test('a partial overlap is refused with a message; the list filters by status and text', async ({ page }) => {
  await textualizeFromUi(page);
  // Record 1: "…Ñandú Trail Pack 30L, Noise-Free Earbuds…" — "30L, Noise" crosses both item titles.
  await page.evaluate(() => {
    const root = document.querySelector('[data-testid="ent-text"]')!;
    const spans = [...root.querySelectorAll<HTMLElement>('[data-label="ITEM"]')];
    const a = spans[0]!.querySelector('[data-o]')!.firstChild!;
    const b = spans[1]!.querySelector('[data-o]')!.firstChild!;
    window.getSelection()!.setBaseAndExtent(a, (a.textContent ?? '').length - 3, b, 5);
  });
  await page.keyboard.press('1');
  await expect(page.getByTestId('ent-message')).toContainText('partially overlaps');
  await expect(page.getByTestId('ent-message')).toHaveAttribute('role', 'alert');
  await expect(page.getByTestId('ent-text').locator('[data-source="human"]')).toHaveCount(0);

  // Nesting without a rule is refused too (the label set has no nesting rules): "Trail" inside an ITEM.
  await selectText(page, 'Trail');
  await page.keyboard.press('3');
  await expect(page.getByTestId('ent-message')).toContainText('may not nest inside ITEM');

  // Filters: text search and status.
  await page.getByTestId('filter-input').fill('Montréal');
  await expect.poll(async () => Number(await page.getByTestId('ent-list').getAttribute('data-total'))).toBeLessThan(48);
  await expect(page.getByTestId('ent-list-row').first()).toContainText('Montréal');
  await page.getByTestId('filter-input').fill('');
  await page.getByTestId('ent-filter-status-accepted').click();
  await expect(page.getByTestId('ent-list-empty')).toBeVisible();
});

test('two annotators label differently: the agreement view shows the table, and a disputed record is adjudicated', async ({
  page,
  studio,
}) => {
  await textualizeFromUi(page);
  for (const [who, digit] of [
    ['alice', '2'],
    ['bob', '3'],
  ] as const) {
    await page.getByTestId('ent-annotator').fill(who);
    await expect(page.locator('[data-testid="ent-editor"][data-record-id="1"]')).toBeVisible();
    await page.getByTestId('ent-text').click({ position: { x: 2, y: 2 } });
    await selectText(page, 'Recently');
    await page.keyboard.press(digit);
    await expect(page.getByTestId('ent-text').locator('[data-source="human"]')).toHaveCount(1);
    await expect(page.getByTestId('ent-editor')).toHaveAttribute('data-save-state', 'saved');
  }
  await expect(page.getByTestId('ent-record-status')).toHaveText('disputed');

  await page.getByTestId('ent-tab-agreement').click();
  const pairs = page.getByTestId('ent-agreement-pairs');
  await expect(pairs).toBeVisible();
  await expect(pairs.getByTestId('ent-agreement-pair')).toHaveCount(1);
  await expect(pairs.getByTestId('ent-agreement-pair')).toContainText('alice');
  await expect(pairs.getByTestId('ent-agreement-pair')).toContainText('bob');
  await expect(page.getByTestId('ent-agreement-labels')).toContainText('OCCUPATION');
  await expect(page.getByTestId('ent-disputed-link')).toHaveText(['User u1']);
  await page.getByTestId('ent-disputed-link').first().click();
  await expect(page).toHaveURL(/#\/datasets\/1\/entities\/agreement\/user\/u1$/);
  await expect(page.getByTestId('ent-adj-version')).toHaveCount(3); // @auto, alice, bob
  await page.screenshot({ path: 'test-results/entities-agreement.png', fullPage: true });
  await screenshotSizes(page, 'entities-agreement');
  await page.locator('[data-testid="ent-adj-version"][data-annotator="alice"]').getByTestId('ent-adj-pick').click();
  await expect(page.getByTestId('ent-adj-final')).toBeVisible();
  await expect(page.getByTestId('ent-disputed')).toContainText('None');

  const d = await api<RecordDetail>(studio, 'entities.records.get', { recordId: 1 });
  expect(d.adjudicator).toBe('bob'); // the name in the annotator field adjudicates
  expect(d.status).toBe('accepted');
  expect(d.final?.some((s) => s.text === 'Recently' && s.label === 'OCCUPATION')).toBe(true);
});

test("addresses name a record by its user's id: they open it, old record-id links are rewritten, an unknown user is said", async ({ page }) => {
  await textualizeFromUi(page);
  await expect(page).toHaveURL(/#\/datasets\/1\/entities\/user\/u1$/);
  // A link someone pasted: straight to user u3's record, with the list's row marked.
  await page.goto(entitiesUrl(page, '/user/u3'));
  await expect(page.locator('[data-testid="ent-editor"][data-record-id="3"]')).toBeVisible();
  await expect(page.getByTestId('ent-list').locator('.ent-current')).toHaveText('u3');
  // An older link by record id still opens the record, then reads as the user's id.
  await page.goto(entitiesUrl(page, '/2'));
  await expect(page.locator('[data-testid="ent-editor"][data-record-id="2"]')).toBeVisible();
  await expect(page).toHaveURL(/#\/datasets\/1\/entities\/user\/u2$/);
  await page.goto(entitiesUrl(page, '/agreement/4'));
  await expect(page).toHaveURL(/#\/datasets\/1\/entities\/agreement\/user\/u4$/);
  await expect(page.getByTestId('ent-adjudicate')).toContainText('User u4');
  // A user the dataset has no record of: said, with the way back; no other record opens in its place.
  await page.goto(entitiesUrl(page, '/user/nobody'));
  await expect(page.getByTestId('ent-no-record')).toContainText('No record for user nobody');
  await expect(page.getByTestId('ent-editor')).toHaveCount(0);
  await expect(page).toHaveURL(/\/entities\/user\/nobody$/);
});

test('profile editor previews live; records with emoji outside the BMP keep code-point offsets', async ({ page, studio }) => {
  await page.goto(entitiesUrl(page, '/profile'));
  const user = page.getByTestId('ent-profile-user');
  await expect(user).toHaveValue(/\{age\}/);
  await user.fill('🎧🎧 A {age}-year-old {occupation} from {city}.');
  await expect(page.getByTestId('ent-preview-text').first()).toContainText('🎧🎧 A ');
  await expect(page.getByTestId('ent-preview-text').first().locator('[data-label="AGE"]')).toBeVisible();
  // An unknown placeholder is named.
  await user.fill('A {shoe_size}.');
  await expect(page.getByTestId('ent-profile-problem')).toContainText('shoe_size');
  await user.fill('🎧🎧 A {age}-year-old {occupation} from {city}.');
  await expect(page.getByTestId('ent-profile-problem')).toHaveCount(0);
  await page.getByTestId('ent-profile-textualize').click();
  await page.getByTestId('ent-tab-annotate').click();
  await expect(page.locator('[data-testid="ent-editor"][data-record-id="1"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('ent-text')).toContainText('🎧🎧 A');

  // "year" after two surrogate pairs: UTF-16 offset 10, code point offset 8.
  await selectText(page, 'year', 1, 2);
  await page.keyboard.press('2');
  await expect(page.getByTestId('ent-text').locator('[data-source="human"]')).toHaveText(/year/);
  await expect(page.getByTestId('ent-editor')).toHaveAttribute('data-save-state', 'saved');
  const d = await api<RecordDetail>(studio, 'entities.records.get', { recordId: 1, annotator: 'curator' });
  const cp = [...d.text].indexOf('y');
  expect(humanSpans(d, 'curator').find((s) => s.source === 'human')).toMatchObject({
    start: cp,
    end: cp + 4,
    text: 'year',
    label: 'OCCUPATION',
  });

  // Mask preview of the record.
  await page.getByTestId('ent-mask').locator('summary').click();
  await expect(page.getByTestId('ent-mask-summary')).toContainText('mask units');
  const before = await page.getByTestId('ent-mask-tokens').innerHTML();
  await page.getByTestId('ent-mask-reseed').click();
  await expect.poll(async () => (await page.getByTestId('ent-mask-tokens').innerHTML()) !== before).toBe(true);
});

test('re-textualizing over human work asks first; export downloads a file, import takes it back or names the bad span; pre-annotate counts', async ({
  page,
  studio,
}) => {
  await textualizeFromUi(page);
  await selectText(page, 'Recently');
  await page.keyboard.press('2');
  await expect(page.getByTestId('ent-editor')).toHaveAttribute('data-save-state', 'saved');

  // Export the curator's spans as Label Studio JSON: a real download.
  await page.getByTestId('ent-open-export').click();
  await page.getByTestId('ent-export-selection').selectOption('annotator');
  await page.getByTestId('ent-export-annotator').selectOption('curator');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ent-export-run').click()]);
  expect(download.suggestedFilename()).toMatch(/sample-curator\.labelstudio\.json$/);
  const exported = await (await download.createReadStream()).toArray();
  const text = Buffer.concat(exported as Buffer[]).toString('utf8');
  expect(text).toContain('Recently');
  await expect(page.getByTestId('ent-export-result')).toContainText('on 1 record: ');
  await page.getByTestId('dialog-close').click();

  // Import it back as another annotator.
  await page.getByTestId('ent-open-import').click();
  await page.getByTestId('ent-import-annotator').fill('importer');
  await page
    .getByTestId('ent-import-file-input')
    .setInputFiles({ name: 'spans.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId('ent-import-file-name')).toBeVisible();
  await page.getByTestId('ent-import-run').click();
  await expect(page.getByTestId('ent-import-result')).toContainText('on 1 records as importer');
  // A span whose text does not match its record is refused, naming record and span.
  const bad = text.replace('"Recently"', '"Recentlx"');
  await page
    .getByTestId('ent-import-file-input')
    .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await expect(page.getByTestId('ent-import-file-name')).toContainText('bad.json');
  await page.getByTestId('ent-import-run').click();
  await expect(page.getByTestId('ent-import-error')).toContainText('record 1');
  await page.getByTestId('dialog-close').click();

  // Pre-annotate from the catalog.
  await page.getByTestId('ent-open-preannotate').click();
  await page.getByTestId('ent-preannotate-run').click();
  await expect(page.getByTestId('ent-preannotate-result')).toContainText('catalog spans added');
  await page.getByTestId('dialog-close').click();

  // Re-textualize from the profile: the curator's work is at stake, so the studio asks first.
  await page.getByTestId('ent-tab-profile').click();
  await page.getByTestId('ent-profile-textualize').click();
  await expect(page.getByTestId('ent-textualize-conflict')).toContainText('human annotations');
  await page.getByTestId('ent-textualize-force').click();
  await page.getByTestId('ent-tab-annotate').click();
  await expect
    .poll(async () => (await api<RecordDetail>(studio, 'entities.records.get', { recordId: 1 })).annotations.map((a) => a.annotator), {
      timeout: 30_000,
    })
    .toEqual(['@auto']);
});
