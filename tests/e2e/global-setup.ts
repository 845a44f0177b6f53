import { execFileSync } from 'node:child_process';

/** The browser suite tests the built UI, exactly as `studio serve` ships it. */
export default function globalSetup(): void {
  execFileSync(process.execPath, ['scripts/build-renderer.mjs'], { stdio: 'inherit', env: { ...process.env, CI: '1' } });
}
