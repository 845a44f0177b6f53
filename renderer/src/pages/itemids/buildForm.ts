/**
 * The build form's state and its mapping to an `itemids.build` request (pure). The contract's schema is the one
 * source of defaults and ranges: the form starts from what `ItemIdBuild` fills in, sends only the options that
 * apply to the chosen scheme and method, and checks a draft with the schema the back end uses.
 */
import { DEFAULT_ID_LEVELS, defaultCodebook, ItemIdBuild, type ItemIdScheme } from '../../../../preload/api-itemids';

export type Method = 'rqkmeans' | 'rqvae';

/** What the schema gives a build that says nothing but its scheme. */
export const BUILD_DEFAULTS = ItemIdBuild.parse({ datasetId: 1, scheme: 'semantic' });

/** The scheme an empty page offers to build: learned codes that share prefixes between similar items. */
export const RECOMMENDED_SCHEME: ItemIdScheme = 'semantic';

export const SCHEME_INFO: Record<ItemIdScheme, string> = {
  title: 'each item written as its title (what runs do without a set)',
  atomic: 'one new token per item',
  sequential: 'numbers in order of first appearance in the training sequences (OpenP5)',
  collaborative: 'codes from spectral clustering of co-occurrence (OpenP5)',
  semantic: 'residual quantization of content + co-occurrence embeddings, with a collision digit (TIGER, PLUM)',
};

export const FLAGS = ['multiResolution', 'normalizeResiduals', 'balanced'] as const;
export const RQVAE_FLAGS = ['progressiveMasking', 'contrastive'] as const;
type Flag = (typeof FLAGS)[number] | (typeof RQVAE_FLAGS)[number];

/** Numbers are kept as typed ('' is the default) so a half-typed value is not lost; the schema names junk. */
export interface BuildForm {
  scheme: ItemIdScheme;
  name: string;
  method: Method;
  levels: string;
  codebook: string;
  contentWeight: string;
  window: string;
  seed: string;
  flags: Record<Flag, boolean>;
}

export function defaultBuildForm(scheme: ItemIdScheme = RECOMMENDED_SCHEME): BuildForm {
  return {
    scheme,
    name: '',
    method: BUILD_DEFAULTS.method,
    levels: '',
    codebook: '',
    contentWeight: '',
    window: '',
    seed: '',
    flags: {
      multiResolution: BUILD_DEFAULTS.multiResolution,
      normalizeResiduals: BUILD_DEFAULTS.normalizeResiduals,
      balanced: BUILD_DEFAULTS.balanced,
      progressiveMasking: BUILD_DEFAULTS.progressiveMasking,
      contrastive: BUILD_DEFAULTS.contrastive,
    },
  };
}

const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s.trim()));

/** The request the form describes: the scheme's own options only, and of those only what differs from the defaults. */
export function formToBuild(f: BuildForm, datasetId: number): ItemIdBuild {
  const out: Record<string, unknown> = { datasetId, scheme: f.scheme };
  const name = f.name.trim();
  if (name) out.name = name;
  if (f.scheme === 'semantic') {
    if (f.method !== BUILD_DEFAULTS.method) out.method = f.method;
    const numbers = { levels: num(f.levels), codebook: num(f.codebook), contentWeight: num(f.contentWeight), window: num(f.window) };
    for (const [k, v] of Object.entries(numbers)) if (v !== undefined) out[k] = v;
    for (const k of FLAGS) if (f.flags[k] !== BUILD_DEFAULTS[k]) out[k] = f.flags[k];
    if (f.method === 'rqvae') for (const k of RQVAE_FLAGS) if (f.flags[k] !== BUILD_DEFAULTS[k]) out[k] = f.flags[k];
  }
  const seed = num(f.seed);
  if (seed !== undefined) out.seed = seed;
  return out as ItemIdBuild;
}

/** The schema's complaints by field ("codebook", "name", "(build)"). */
export function checkBuild(req: ItemIdBuild): Map<string, string> {
  const parsed = ItemIdBuild.safeParse(req);
  const issues = new Map<string, string>();
  if (parsed.success) return issues;
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.') || '(build)';
    if (!issues.has(path)) issues.set(path, issue.message);
  }
  return issues;
}

/** The same build as a command line (`studio itemids build`), for scripts. */
export function buildCommand(req: ItemIdBuild): string {
  const parts = ['studio itemids build', String(req.datasetId), `--scheme ${req.scheme}`];
  const flag = (k: string): string => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  for (const [k, v] of Object.entries(req)) {
    if (k === 'datasetId' || k === 'scheme' || v === undefined) continue;
    if (typeof v === 'boolean') {
      if (v) parts.push(`--${flag(k)}`);
    } else parts.push(`--${flag(k)} ${/^[\w.-]+$/.test(String(v)) ? String(v) : JSON.stringify(String(v))}`);
  }
  return parts.join(' ');
}

/** The levels and codebook a semantic build gets when the form leaves them empty, for the placeholders. */
export const semanticDefaults = (items: number): { levels: number; codebook: number } => ({
  levels: DEFAULT_ID_LEVELS,
  codebook: defaultCodebook(items),
});

/** The form's setter as the page passes it down: a change of the whole form. */
export type SetBuildForm = (change: (f: BuildForm) => BuildForm) => void;
