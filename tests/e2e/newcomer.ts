/** Helpers of the newcomer walks (one per user): a dataset without review text, screenshots at two window sizes. */
import { execFileSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';
import type { ServedStudio } from './serve-process';

/** MovieLens (ratings, no reviews) as dataset 2 "ml", imported by the CLI into the served workspace (a second process). */
export function importMovieLens(studio: ServedStudio): void {
  const args = ['bin/studio.mjs', 'import', 'tests/fixtures/import/movielens-100k', '--format', 'movielens', '--name', 'ml'];
  execFileSync(process.execPath, [...args, '--data-dir', studio.dataDir], { stdio: 'ignore' });
}

/**
 * Controls (buttons, links, fields, cards) cut off sideways: past the window's right edge, or past the edge of an
 * ancestor that clips or scrolls them (a table wider than its scroll box hides its last column). The page itself
 * scrolls down, so only the horizontal extent is checked. Each as "tag testid/text: why".
 */
export function clippedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      'main button, main a[href], main input:not([type=hidden]), main select, main textarea, main [role=button], main .card',
    );
    const name = (el: HTMLElement): string =>
      `${el.tagName.toLowerCase()} ${el.dataset.testid ?? (el.textContent ?? '').trim().slice(0, 30) ?? ''}`;
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (r.left < -1 || r.right > window.innerWidth + 1) {
        out.push(`${name(el)}: x ${Math.round(r.left)}–${Math.round(r.right)} outside the ${window.innerWidth}px window`);
        continue;
      }
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX === 'visible') continue;
        const box = a.getBoundingClientRect();
        if (r.left < box.left - 1 || r.right > box.right + 1) {
          out.push(
            `${name(el)}: x ${Math.round(r.left)}–${Math.round(r.right)} outside its clipping box ${Math.round(box.left)}–${Math.round(box.right)} (${a.className})`,
          );
          break;
        }
      }
    }
    // Text that spills out of its box (a header wider than its column, a long word in a figure), unless the box
    // ends it with an ellipsis on purpose.
    for (const el of document.querySelectorAll<HTMLElement>(
      'main th, main .figure-value, main .figure-label, main dd, main h1, main h2, main h3',
    )) {
      const style = getComputedStyle(el);
      if (el.clientWidth === 0 || style.textOverflow === 'ellipsis') continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${name(el)}: its text is ${el.scrollWidth}px wide in a ${el.clientWidth}px box`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px in a ${window.innerWidth}px window`);
    return out;
  });
}

/** The page at 1440×900 and 1280×720, as `test-results/<name>-<w>x<h>.png`, with no control cut off at either size. */
export async function screenshotSizes(page: Page, name: string): Promise<void> {
  for (const [w, h] of [
    [1440, 900],
    [1280, 720],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `test-results/${name}-${w}x${h}.png` });
    expect(await clippedControls(page), `${name} at ${w}×${h}: controls cut off`).toEqual([]);
  }
}
