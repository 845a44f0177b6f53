/** Helpers of the newcomer walks (one per user): a dataset without review text, screenshots at two window sizes. */
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import type { ServedStudio } from './serve-process';

/** MovieLens (ratings, no reviews) as dataset 2 "ml", imported by the CLI into the served workspace (a second process). */
export function importMovieLens(studio: ServedStudio): void {
  const args = ['bin/studio.mjs', 'import', 'tests/fixtures/import/movielens-100k', '--format', 'movielens', '--name', 'ml'];
  execFileSync(process.execPath, [...args, '--data-dir', studio.dataDir], { stdio: 'ignore' });
}

/** The page at 1440×900 and 1280×720, as `test-results/<name>-<w>x<h>.png`. */
export async function screenshotSizes(page: Page, name: string): Promise<void> {
  for (const [w, h] of [
    [1440, 900],
    [1280, 720],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `test-results/${name}-${w}x${h}.png` });
  }
}
