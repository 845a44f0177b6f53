// @ts-check
/**
 * The layer table of docs/decisions.md ("The house"), in one place: bench/arch.ts measures the import graph with it
 * and the `layers/no-upward-import` ESLint rule (layers.js) checks each import with it. Plain JavaScript so that
 * eslint.config.js can load it without a TypeScript loader; layer-table.d.ts gives TypeScript its types.
 */

/**
 * The layers, highest first. An arrow may point down or sideways (feature → feature), never up. The contract
 * (preload/) sits under everything in main/: it holds schemas and types only.
 */
export const LAYERS = /** @type {const} */ (['transport', 'feature', 'base', 'contract']);

/** The processes' folders an arrow can join. */
export const AREAS = /** @type {const} */ (['main', 'preload', 'renderer']);

const TRANSPORT = [
  /^main\/transport\//,
  /^main\/handlers\.ts$/,
  /^main\/cli\.ts$/,
  /^main\/cli\//,
  /^main\/index\.ts$/,
  /^main\/studio\.ts$/,
];
const BASE = [
  /^main\/model\//,
  /^main\/db\//,
  /^main\/optim\//,
  /^main\/jobs\//,
  /^main\/(errors|events|paths|version|staging|random|families|worker-errors|handler-types)\.ts$/,
  /^main\/shared\//,
];

/**
 * The layer of a file in main/ or preload/, by its path from the repository root (renderer files have their own
 * rule: they import preload/, never main/).
 * @param {string} file
 * @returns {(typeof LAYERS)[number] | null}
 */
export function layerOf(file) {
  if (file.startsWith('preload/')) return 'contract';
  if (!file.startsWith('main/')) return null;
  if (TRANSPORT.some((r) => r.test(file))) return 'transport';
  if (BASE.some((r) => r.test(file))) return 'base';
  return 'feature';
}

/**
 * Why the arrow `from → to` (paths from the repository root) breaks the rule, or null when it may stand: a lower
 * layer importing a higher one, the renderer importing main/, the contract importing anything outside preload/.
 * @param {string} from
 * @param {string} to
 * @returns {string | null}
 */
export function arrowViolation(from, to) {
  if (!AREAS.some((a) => to.startsWith(`${a}/`))) return null;
  if (from.startsWith('renderer/')) return to.startsWith('main/') ? 'renderer → main' : null;
  if (from.startsWith('preload/')) return to.startsWith('preload/') ? null : 'contract → implementation';
  const a = layerOf(from);
  const b = layerOf(to);
  if (a && b && LAYERS.indexOf(a) > LAYERS.indexOf(b)) return `${a} → ${b}`;
  return null;
}
