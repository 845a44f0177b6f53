import { test, expect } from './fixtures';

test('the served UI loads, reports serve mode and the workspace folder, and lists the sample dataset', async ({ page, studio }) => {
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
  await expect(page.getByText(studio.dataDir)).toBeVisible();
  await expect(page.getByText('sample', { exact: true }).first()).toBeVisible();
  // The token is taken out of the address bar once the page holds it.
  expect(page.url()).not.toContain('token=');
});

test('without the token the studio refuses to serve anything', async ({ browser, studio }) => {
  const page = await browser.newPage();
  const res = await page.goto(studio.origin + '/');
  expect(res?.status()).toBe(401);
  await page.close();
});
