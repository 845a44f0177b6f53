import { test, expect, _electron as electron } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { findElectron } from '../../main/cli/start';

const found = findElectron();

test.describe('desktop window', () => {
  test.skip('missing' in found, `no Electron binary: ${'missing' in found ? found.missing : ''}`);

  test('opens the studio window with the sandboxed, isolated preload and the sample dataset', async () => {
    execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'inherit' });
    const dataDir = mkdtempSync(join(tmpdir(), 'studio-electron-'));
    const app = await electron.launch({
      executablePath: 'path' in found ? found.path : undefined,
      args: ['.', '--no-sandbox', '--disable-gpu'],
      env: { ...process.env, STUDIO_DATA_DIR: dataDir },
    });
    const page = await app.firstWindow({ timeout: 60_000 });
    await page.locator('[data-app-state="loaded"]').waitFor({ timeout: 60_000 });
    await expect(page.getByText('sample', { exact: true }).first()).toBeVisible();
    // Isolation and sandbox as the page sees them: no Node in the page, only the contract's surface.
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((window as unknown as { studio: object }).studio).sort())).toEqual(['call', 'on']);
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    await app.close();
  });
});
