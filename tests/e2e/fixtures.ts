import { test as base, expect } from '@playwright/test';
import { PAGE_FAILED } from '../../renderer/src/components/pageErrorPrefix';
import { startServe, type ServedStudio } from './serve-process';

/** `studio`: serve mode on a fresh workspace holding the `sample` dataset; `page` opens it and waits until the UI has loaded. */
export const test = base.extend<{ studio: ServedStudio }>({
  studio: async ({}, use) => {
    const served = await startServe();
    await use(served);
    await served.stop();
  },
  page: async ({ page, studio }, use) => {
    // An uncaught error, or a page that failed to draw (caught by the window's error boundary), fails the test
    // that caused it, even where the test's own checks would only time out.
    const failures: string[] = [];
    page.on('pageerror', (err) => {
      console.error(`[page error] ${err.message}`);
      failures.push(err.message);
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error' && msg.text().startsWith(PAGE_FAILED)) failures.push(msg.text());
    });
    await page.goto(studio.url);
    await page.locator('[data-app-state="loaded"]').waitFor();
    await use(page);
    expect(failures, 'errors in the page').toEqual([]);
    // Close the browser's connections before the studio stops (the page tears down before `studio`): Chromium
    // keeps speculative, preconnected sockets that would otherwise hold the server's close() until they time out.
    await page.context().close();
  },
});

export { expect };

/** A run config small enough to train in seconds on the sample dataset (no preset fields beyond the defaults). */
export const TINY_RUN = {
  layers: 1,
  width: 32,
  heads: 2,
  ffn: 64,
  contextLength: 64,
  vocabSize: 400,
  batchSize: 4,
  families: ['rating', 'sequential'],
  seed: 3,
};

/** One contract call over serve mode's HTTP transport, as the window makes it; a typed error becomes a throw. */
export async function api<T>(studio: ServedStudio, name: string, args: unknown): Promise<T> {
  const res = await fetch(`${studio.origin}/api/call/${name}`, {
    method: 'POST',
    headers: { 'x-studio-token': studio.token, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const out = (await res.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!out.ok) throw new Error(`${name}: ${out.error.code} ${out.error.message}`);
  return out.value;
}
