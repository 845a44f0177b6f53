/** Opens the component harness on one fixture: files served from out/components by route, no server. */
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { HARNESS_DIR } from './build';

const ORIGIN = 'http://components.test';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export async function mount(page: Page, fixture: string, params: Record<string, unknown> = {}): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/+/, '') || 'index.html';
    try {
      return route.fulfill({
        body: readFileSync(join(HARNESS_DIR, path)),
        contentType: TYPES[extname(path)] ?? 'application/octet-stream',
      });
    } catch {
      return route.fulfill({ status: 404, body: `${path} not in the harness` });
    }
  });
  const q = new URLSearchParams({ fixture, params: JSON.stringify(params) });
  await page.goto(`${ORIGIN}/index.html?${q}`);
  expect(errors, 'the fixture mounts without a page error').toEqual([]);
}

/** The calls the component made to the fake back end, in order. */
export async function calls(page: Page, name?: string): Promise<{ name: string; args: Record<string, unknown> }[]> {
  const all = await page.evaluate(() => window.__calls);
  return name ? all.filter((c) => c.name === name) : all;
}
