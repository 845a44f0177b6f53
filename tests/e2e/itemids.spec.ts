import type { Page } from '@playwright/test';
import { api, test, expect } from './fixtures';
import type { CallResult } from '../../preload/api';
import { clippedControls } from './newcomer';

const at = (page: Page, rest: string) => page.url().replace(/#.*$/, '') + `#/datasets/1/${rest}`;
type IdSet = CallResult<'itemids.get'>;

/**
 * At the two window sizes the page is checked at: nothing is wider than its box (the page, and the tables that
 * would otherwise scroll sideways), and screenshots down the page (kept in test-results/, never committed).
 */
async function checkLayout(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1440, 900],
    [1280, 720],
  ] as const) {
    await page.setViewportSize({ width, height });
    // Each box that is wider inside than out, with the first element that sticks out of it (to say what to fix).
    const overflow = (): Promise<{ what: string; by: number; first: string }[]> =>
      page.evaluate(() =>
        [document.querySelector('main') as HTMLElement, ...document.querySelectorAll<HTMLElement>('.eval-scroll, .table-card')]
          .map((el) => {
            const right = el.getBoundingClientRect().right;
            const out = [...el.querySelectorAll<HTMLElement>('*')].find((c) => c.getBoundingClientRect().right > right + 1);
            return { what: el.className, by: el.scrollWidth - el.clientWidth, first: out ? `${out.tagName}.${out.className}` : '' };
          })
          .filter((o) => o.by > 0),
      );
    // Charts take their card's width once it is measured: a moment after the window changes size.
    await expect.poll(overflow, { message: `${width}×${height}`, timeout: 3000 }).toEqual([]);
    // No control cut off sideways, by the window or by a box that clips it (the newcomer walks' check).
    expect(await clippedControls(page), `${name} at ${width}×${height}: controls cut off`).toEqual([]);
    const main = page.locator('main');
    const total = await main.evaluate((el) => el.scrollHeight);
    for (let y = 0, k = 0; y < total && k < 6; y += height - 120, k++) {
      await main.evaluate((el, top) => el.scrollTo(0, top), y);
      await page.screenshot({ path: `test-results/itemids-${name}-${width}x${height}-${k}.png` });
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test('build atomic and semantic identifier sets, browse their codes, train with one and compare the run', async ({ page, studio }) => {
  // Three builds (one trains an RQ-VAE), a 12-second time-budgeted run and a short generation, each in a worker.
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(at(page, 'itemids'));

  // Empty: the page says what a set is for and offers the recommended one; the comparison says how to fill it.
  await expect(page.getByTestId('nav-itemids')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('ids-empty')).toContainText('No identifier sets yet');
  await expect(page.getByTestId('ids-build-recommended')).toHaveText('Build semantic IDs');
  await expect(page.getByTestId('ids-compare-empty')).toContainText('No run to compare yet');

  // Atomic: no quantizer options, and the form's command line says what it will build.
  await expect(page.getByTestId('ids-scheme-semantic')).toBeChecked();
  await page.getByTestId('ids-scheme-atomic').check();
  await expect(page.getByTestId('ids-semantic')).toHaveCount(0);
  await expect(page.getByTestId('ids-command')).toHaveText('studio itemids build 1 --scheme atomic');
  await page.getByTestId('ids-build').click();
  await expect(page).toHaveURL(/#\/datasets\/1\/itemids\/1$/);
  await expect(page.getByTestId('ids-progress')).toBeVisible();
  await expect(page.getByTestId('ids-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const atomic = await api<IdSet>(studio, 'itemids.get', { id: 1 });
  expect(atomic.status).toBe('done');
  const items = atomic.stats!.items;
  await expect(page.getByTestId('ids-progress-text')).toContainText('built in');
  await expect(page.getByTestId('ids-items-count')).toHaveText(String(items));
  await expect(page.getByTestId('ids-unique')).toHaveText(String(atomic.stats!.uniqueItems));
  await expect(page.getByTestId('ids-collisions')).toHaveText('0');
  await expect(page.getByTestId('ids-tokens')).toHaveText('1');
  // One level of one code per item, all used.
  const atomicBars = page.getByTestId('ids-usage-chart').getByTestId('chart-bar');
  await expect(atomicBars).toHaveCount(1);
  await expect(atomicBars).toHaveAttribute('data-count', String(items));
  await expect(page.getByTestId('ids-residual')).toContainText('no quantizer');
  const row = page.locator('[data-testid="ids-set-row"][data-set-id="1"]');
  await expect(row.getByTestId('ids-set-status')).toHaveText('done');
  await expect(row.getByTestId('ids-set-collisions')).toHaveText('0');

  // Semantic: its options appear, the RQ-VAE's only with that method; bad values are named at their field.
  await page.getByTestId('ids-scheme-semantic').check();
  await expect(page.getByTestId('ids-semantic')).toBeVisible();
  await expect(page.getByTestId('ids-codebook')).toHaveAttribute('placeholder', '8');
  await expect(page.getByTestId('ids-levels')).toHaveAttribute('placeholder', '3');
  await expect(page.getByTestId('ids-rqvae')).toHaveCount(0);
  await page.getByTestId('ids-method').selectOption('rqvae');
  await expect(page.getByTestId('ids-rqvae')).toBeVisible();
  await expect(page.getByTestId('ids-contrastive')).not.toBeChecked();
  await page.getByTestId('ids-method').selectOption('rqkmeans');
  await expect(page.getByTestId('ids-rqvae')).toHaveCount(0);
  await page.getByTestId('ids-codebook').fill('1');
  await expect(page.getByTestId('run-field-error-codebook')).toBeVisible();
  await page.getByTestId('ids-name').fill('has space');
  await expect(page.getByTestId('run-field-error-name')).toContainText('use letters, digits');
  await page.getByTestId('ids-build').click();
  await expect(page.getByTestId('ids-build-error')).toBeVisible();
  expect(await api<IdSet[]>(studio, 'itemids.list', { datasetId: 1 })).toHaveLength(1);
  await page.getByTestId('ids-name').fill('');
  await page.getByTestId('ids-codebook').fill('4');
  await expect(page.getByTestId('run-field-error-codebook')).toHaveCount(0);
  await expect(page.getByTestId('ids-command')).toHaveText('studio itemids build 1 --scheme semantic --codebook 4');
  await page.getByTestId('ids-build').press('Control+Enter');
  await expect(page).toHaveURL(/#\/datasets\/1\/itemids\/2$/);
  await expect(page.getByTestId('ids-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const semantic = await api<IdSet>(studio, 'itemids.get', { id: 2 });
  const stats = semantic.stats!;
  await expect(page.getByTestId('ids-unique')).toHaveText(String(items));
  await expect(page.getByTestId('ids-collisions')).toHaveText(String(stats.collisions));
  // Three levels of 4 codes and the collision digit; the residual falls from the input's norm level by level.
  const bars = page.getByTestId('ids-usage-chart').getByTestId('chart-bar');
  await expect(bars).toHaveCount(stats.levels.length);
  for (let l = 0; l < stats.levels.length; l++) await expect(bars.nth(l)).toHaveAttribute('data-count', String(stats.levels[l]!.codesUsed));
  await expect(page.getByTestId('ids-usage-chart').getByTestId('chart-bar-capacity')).toHaveCount(stats.levels.length);
  await expect(page.getByTestId('ids-residual-chart').locator('circle')).toHaveCount(
    1 + stats.levels.filter((l) => l.residual !== null).length,
  );

  // The map draws every item; hovering one names it.
  const map = page.getByTestId('ids-map');
  await expect(map).toHaveAttribute('data-points', String(items));
  await expect(map.getByTestId('ids-map-point')).toHaveCount(items);
  const catalog = await api<CallResult<'rows.items'>>(studio, 'rows.items', { datasetId: 1, limit: 1000 });
  // The pointer over a point: the tip names the item nearest to it (this one, or one drawn on the same spot).
  const point = map.getByTestId('ids-map-point').first();
  const [cx, cy] = [Number(await point.getAttribute('cx')), Number(await point.getAttribute('cy'))];
  await map
    .locator('svg')
    .first()
    .hover({ position: { x: cx, y: cy } });
  await expect(page.getByTestId('ids-map-tip')).toBeVisible();
  const shownTitle = (await page.getByTestId('ids-map-tip').locator('.chart-tooltip-x').textContent()) ?? '';
  const near = await map
    .getByTestId('ids-map-point')
    .evaluateAll(
      (dots, [x, y]) =>
        dots
          .filter((d) => Math.hypot(Number(d.getAttribute('cx')) - x!, Number(d.getAttribute('cy')) - y!) < 0.5)
          .map((d) => Number(d.getAttribute('data-item'))),
      [cx, cy],
    );
  expect(catalog.rows.filter((r) => near.includes(r.id)).map((r) => r.title)).toContain(shownTitle);

  // The prefix browser: a level-1 code lists its items, then a level-2 code narrows them.
  const browser = page.getByTestId('ids-browser');
  const level1 = browser.getByTestId('ids-code');
  await expect(level1).toHaveCount(stats.levels[0]!.codesUsed);
  const code1 = Number(await level1.first().getAttribute('data-code'));
  const under1 = await api<CallResult<'itemids.items'>>(studio, 'itemids.items', { id: 2, prefix: [code1], limit: 1000 });
  await expect(level1.first()).toHaveAttribute('data-items', String(under1.total));
  await level1.first().click();
  await expect(browser).toHaveAttribute('data-prefix', String(code1));
  await expect(browser.getByTestId('ids-level')).toHaveAttribute('data-level', '2');
  await expect(page.getByTestId('ids-items')).toHaveAttribute('data-total', String(under1.total));
  await expect(page.getByTestId('ids-items-row')).toHaveCount(under1.total);
  for (const r of under1.rows) await expect(page.getByTestId('ids-items')).toContainText(r.identifier);
  const code2 = Number(await browser.getByTestId('ids-code').first().getAttribute('data-code'));
  const under2 = under1.rows.filter((r) => r.codes[1] === code2);
  await browser.getByTestId('ids-code').first().click();
  await expect(browser).toHaveAttribute('data-prefix', `${code1}.${code2}`);
  await expect(page.getByTestId('ids-items-row')).toHaveCount(under2.length);
  // The filter box narrows the list to one title; the path's root goes back to every item.
  await page.getByTestId('filter-input').fill(under2[0]!.title!);
  await expect(page.getByTestId('ids-items-row').first()).toContainText(under2[0]!.title!);
  await page.getByTestId('filter-input').fill('');
  await browser.getByTestId('ids-path-root').click();
  await expect(page.getByTestId('ids-items')).toHaveAttribute('data-total', String(items));

  // An RQ-VAE trains for a known number of steps: its bar fills step by step, then the set is done.
  await page.getByTestId('ids-name').fill('vae');
  await page.getByTestId('ids-method').selectOption('rqvae');
  await page.getByTestId('ids-contrastive').check();
  await expect(page.getByTestId('ids-command')).toHaveText(
    'studio itemids build 1 --scheme semantic --name vae --method rqvae --codebook 4 --contrastive',
  );
  await page.getByTestId('ids-build').click();
  await expect(page).toHaveURL(/#\/datasets\/1\/itemids\/3$/);
  const bar = page.getByTestId('ids-progress').getByRole('progressbar');
  await expect(page.getByTestId('ids-progress-text')).toContainText(/[\d,]+ \/ [\d,]+ steps/, { timeout: 60_000 });
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('ids-progress')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const vae = await api<IdSet>(studio, 'itemids.get', { id: 3 });
  expect(vae.config).toMatchObject({ method: 'rqvae', contrastive: true });
  await expect(page.getByTestId('ids-unique')).toHaveText(String(vae.stats!.uniqueItems));
  // The list opens another set.
  await page.locator('[data-testid="ids-set-row"][data-set-id="2"]').getByTestId('ids-set-open').click();
  await expect(page.getByTestId('ids-detail')).toHaveAttribute('data-set-id', '2');
  await checkLayout(page, 'semantic');

  // The run form offers the finished sets, a time budget and the seen templates; the JSON says what is sent.
  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('run-itemIds').locator('option')).toHaveText([
    'titles (each item as its title)',
    'atomic — v1, atomic, 1 token per item',
    'semantic — v1, semantic, 4 tokens per item',
    'vae — v1, semantic, 4 tokens per item',
  ]);
  await page.getByTestId('run-itemIds').selectOption('semantic');
  await page.getByTestId('run-family-rating').uncheck();
  await page.getByTestId('run-family-explanation').uncheck();
  await page.getByTestId('run-templates').locator('summary').click();
  await page.getByTestId('run-template-2-3').check();
  await page.getByTestId('run-minutes').fill('0.2');
  await page.getByTestId('run-batchSize').fill('4');
  await page.getByTestId('run-checkpointEvery').fill('50');
  const shown = JSON.parse((await page.getByTestId('run-config-json').textContent()) ?? 'null') as unknown;
  expect(shown).toEqual({
    families: ['sequential'],
    batchSize: 4,
    checkpointEvery: 50,
    itemIds: 'semantic',
    minutes: 0.2,
    templates: ['2-3'],
  });
  // A template of a family that is not trained is not sent; a trained family without a ticked template is named.
  await page.getByTestId('run-family-rating').check();
  await expect(page.getByTestId('run-field-error-templates')).toContainText('rating');
  await page.getByTestId('run-family-rating').uncheck();
  await expect(page.getByTestId('run-field-error-templates')).toHaveCount(0);
  await page.getByTestId('run-start').click();

  await expect(page).toHaveURL(/#\/datasets\/1\/runs\/1$/);
  const detail = page.getByTestId('run-detail');
  await expect(detail).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('run-itemids')).toHaveText('semantic v1 (semantic)');
  await expect(page.getByTestId('run-budget')).toHaveAttribute('data-calibrated', 'true');
  await expect(page.getByTestId('run-budget')).toContainText('steps sized from the budget');
  const { run } = await api<CallResult<'runs.get'>>(studio, 'runs.get', { id: 1 });
  expect(run.resolved!.calibrated).toBe(true);

  // A sequential set on test (the Generations page's own spec drives its form), timed per example.
  const gen = await api<CallResult<'generations.start'>>(studio, 'generations.start', {
    runId: 1,
    family: 'sequential',
    split: 'test',
    templates: ['2-3'],
    limit: 8,
  });
  await page.goto(at(page, `generations/${gen.setId}`));
  const setRow = page.locator(`[data-testid="gen-set-row"][data-set-id="${gen.setId}"]`);
  await expect(setRow).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(setRow.getByTestId('gen-set-speed')).toContainText('ms per example');

  // The comparison holds the run with its set and scheme, the figures the back end computed, and its bar.
  await page.getByTestId('nav-itemids').click();
  const compare = await api<CallResult<'itemids.compare'>>(studio, 'itemids.compare', { datasetId: 1 });
  expect(compare).toHaveLength(1);
  const c = compare[0]!;
  const compareRow = page.locator('[data-testid="ids-compare-row"][data-run-id="1"]');
  await expect(compareRow).toHaveAttribute('data-scheme', 'semantic');
  await expect(compareRow).toContainText('semantic v1');
  await expect(compareRow.locator('[data-metric="NDCG@10"]')).toHaveText(c.metrics['NDCG@10']!.toFixed(4));
  await expect(compareRow.locator('[data-metric="HR@10 warm"]')).toHaveText(c.metrics['HR@10 warm']!.toFixed(4));
  await expect(page.getByTestId('ids-compare-bars').locator('[data-testid="eval-bar-row"]')).toHaveCount(1);
  // Sorting by a column marks it on its header.
  await page.getByTestId('ids-sort-HR@5').click();
  await expect(page.getByTestId('ids-sort-HR@5').locator('..')).toHaveAttribute('aria-sort', 'descending');
  await checkLayout(page, 'compare');

  // Deleting a set asks first (Esc cancels) and says which runs trained with it.
  await page.locator('[data-testid="ids-set-row"][data-set-id="2"]').getByTestId('ids-set-delete').click();
  await expect(page.getByTestId('ids-delete-used')).toContainText('#1');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('ids-delete-dialog')).toHaveCount(0);
  await page.locator('[data-testid="ids-set-row"][data-set-id="1"]').getByTestId('ids-set-delete').click();
  await page.getByTestId('ids-delete-confirm').click();
  await expect(page.locator('[data-testid="ids-set-row"][data-set-id="1"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="ids-set-row"]')).toHaveCount(2);
});

test('an empty page builds the recommended set in one click, reached from the keyboard', async ({ page, studio }) => {
  await page.goto(at(page, 'users'));
  // `g i` goes to the page; `?` lists that key; Esc closes the help.
  await page.locator('main').focus();
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  await expect(page).toHaveURL(/#\/datasets\/1\/itemids$/);
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-dialog')).toContainText('Go to Item IDs');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts-dialog')).toHaveCount(0);

  await page.getByTestId('ids-build-recommended').click();
  await expect(page).toHaveURL(/#\/datasets\/1\/itemids\/1$/);
  await expect(page.getByTestId('ids-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const set = await api<IdSet>(studio, 'itemids.get', { id: 1 });
  // The contract's defaults: RQ-KMeans, 3 levels, the codebook for the catalog's size (8 for 32 items).
  expect(set.scheme).toBe('semantic');
  expect(set.config).toMatchObject({ method: 'rqkmeans', levels: 3, codebook: 8 });
  await expect(page.getByTestId('ids-detail')).toContainText('semantic v1');
  await expect(page.getByTestId('ids-unique')).toHaveText(String(set.stats!.items));
  await expect(page.getByTestId('ids-usage-chart').getByTestId('chart-bar')).toHaveCount(set.stats!.levels.length);
});
