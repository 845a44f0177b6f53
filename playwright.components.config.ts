import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * Component tests: one component mounted with fixture props and a fake back end (tests/components/harness), driven
 * by real keys and mouse in Debian's Chromium. No studio process, so they run in seconds, not minutes.
 */
export default defineConfig({
  testDir: 'tests/components',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 1,
  globalSetup: './tests/components/global-setup.ts',
  reporter: [['list'], ['json']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  outputDir: 'test-results/components',
  projects: [{ name: 'components', use: base.projects?.find((p) => p.name === 'browser')?.use ?? {} }],
});
