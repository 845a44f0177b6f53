import { buildHarness } from './build';

/** The harness is bundled once per run (esbuild, about a second). */
export default async function globalSetup(): Promise<void> {
  await buildHarness();
}
