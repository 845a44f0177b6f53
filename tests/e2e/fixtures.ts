import { test as base, expect } from '@playwright/test';
import { startServe, type ServedStudio } from './serve-process';

/** `studio`: serve mode on a fresh workspace holding the `sample` dataset; `page` opens it and waits until the UI has loaded. */
export const test = base.extend<{ studio: ServedStudio }>({
  studio: async ({}, use) => {
    const served = await startServe();
    await use(served);
    await served.stop();
  },
  page: async ({ page, studio }, use) => {
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
    await page.goto(studio.url);
    await page.locator('[data-app-state="loaded"]').waitFor();
    await use(page);
  },
});

export { expect };
