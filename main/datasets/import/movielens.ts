/**
 * MovieLens raw files, latin-1: 100K (u.data, u.item, u.user) and 1M (ratings.dat, movies.dat,
 * users.dat). Users and movies are read before ratings, so a rating for an unlisted one is an error.
 */
import { basename } from 'node:path';
import { InputError, StudioError, badInput } from '../../errors';
import { expandPaths, folderName, isDirectory, unzipped } from './files';
import { headLines, rowOf, SAMPLE_ROWS, type Plan, type PreviewParts } from './format';
import { RATING_SAMPLE } from './ratings';
import type { Session } from './session';
import { parseNumber, requireId, clip } from './values';

/** The 19 genre flags of u.item, in file order (ML-100K README). */
export const GENRES_100K = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
];

// ML-1M codes its users' occupation and age bracket (ML-1M README); text serves the text models better than codes.
const OCCUPATIONS_1M = [
  'other',
  'academic/educator',
  'artist',
  'clerical/admin',
  'college/grad student',
  'customer service',
  'doctor/health care',
  'executive/managerial',
  'farmer',
  'homemaker',
  'K-12 student',
  'lawyer',
  'programmer',
  'retired',
  'sales/marketing',
  'scientist',
  'self-employed',
  'technician/engineer',
  'tradesman/craftsman',
  'unemployed',
  'writer',
];
const AGES_1M: Record<string, string> = {
  '1': 'Under 18',
  '18': '18-24',
  '25': '25-34',
  '35': '35-44',
  '45': '45-49',
  '50': '50-55',
  '56': '56+',
};

type Kind = 'ratings' | 'items' | 'users';
interface Layout {
  version: '100k' | '1m';
  ratings: string[];
  items?: string;
  users?: string;
}

function kindOf(name: string): { version: '100k' | '1m'; kind: Kind } | null {
  if (/^u[a-z0-9]*\.(data|base|test)$/.test(name)) return { version: '100k', kind: 'ratings' };
  if (name === 'u.item') return { version: '100k', kind: 'items' };
  if (name === 'u.user') return { version: '100k', kind: 'users' };
  if (name === 'ratings.dat') return { version: '1m', kind: 'ratings' };
  if (name === 'movies.dat') return { version: '1m', kind: 'items' };
  if (name === 'users.dat') return { version: '1m', kind: 'users' };
  return null;
}

// In a folder only the canonical files count: ml-100k also ships u1.base … ub.test, which repeat u.data.
const CANONICAL = ['u.data', 'u.item', 'u.user', 'ratings.dat', 'movies.dat', 'users.dat'];

function layout(paths: string[]): Layout {
  const files = expandPaths(paths, (n) => CANONICAL.includes(n), `MovieLens files (${CANONICAL.join(', ')}, plain or .gz)`);
  const versions = new Set<string>();
  const out: Partial<Layout> & { ratings: string[] } = { ratings: [] };
  for (const f of files) {
    const k = kindOf(unzipped(basename(f)));
    if (!k) throw badInput(`not a MovieLens file: ${basename(f)} (expected u.data, u.item, u.user or ratings.dat, movies.dat, users.dat)`);
    versions.add(k.version);
    if (k.kind === 'ratings') out.ratings.push(f);
    else if (out[k.kind]) throw badInput(`two MovieLens ${k.kind} files: ${basename(out[k.kind]!)} and ${basename(f)}`);
    else out[k.kind] = f;
  }
  if (versions.size > 1) throw badInput('these files mix MovieLens 100K (u.*) and 1M (*.dat) layouts');
  if (out.ratings.length === 0)
    throw new StudioError('bad_input', 'a MovieLens dataset needs its ratings: u.data (100K) or ratings.dat (1M)');
  return { version: versions.has('1m') ? '1m' : '100k', ...out };
}

function split(text: string, sep: string, want: number, names: string[], file: string, line: number): string[] {
  const f = text.split(sep);
  if (f.length < want)
    throw new InputError(
      file,
      line,
      names[f.length] ?? null,
      `missing column: expected ${want} "${sep}"-separated fields, found ${f.length}`,
    );
  return f;
}

function yearOf(release: string, title: string): number | undefined {
  const y = /(\d{4})\s*$/.exec(release) ?? /\((\d{4})\)\s*$/.exec(title);
  return y ? Number(y[1]) : undefined;
}

const ITEM_100K = ['movie id', 'title', 'release date', 'video release date', 'IMDb URL', ...GENRES_100K];

function item100k(s: Session, file: string, text: string, line: number): void {
  const f = split(text, '|', ITEM_100K.length, ITEM_100K, file, line);
  const id = requireId(f[0]!, file, line, 'movie id', 'item');
  if (s.sink.itemId(id) !== undefined) throw new InputError(file, line, 'movie id', `duplicate movie "${clip(id)}"`);
  const genres: string[] = [];
  for (let g = 0; g < GENRES_100K.length; g++) {
    const flag = f[5 + g];
    if (flag === '1') genres.push(GENRES_100K[g]!);
    else if (flag !== '0')
      throw new InputError(file, line, GENRES_100K[g]!, `bad genre flag ${JSON.stringify(clip(flag ?? ''))}: expected 0 or 1`);
  }
  const [, title = '', release = '', video = '', url = ''] = f;
  const attrs: Record<string, unknown> = { genres };
  const year = yearOf(release, title);
  if (year !== undefined) attrs.year = year;
  if (release) attrs.releaseDate = release;
  if (video) attrs.videoReleaseDate = video;
  if (url) attrs.imdbUrl = url;
  s.sink.addItem(id, title || null, attrs);
}

function item1m(s: Session, file: string, text: string, line: number): void {
  const f = split(text, '::', 3, ['MovieID', 'Title', 'Genres'], file, line);
  const id = requireId(f[0]!, file, line, 'MovieID', 'item');
  if (s.sink.itemId(id) !== undefined) throw new InputError(file, line, 'MovieID', `duplicate movie "${clip(id)}"`);
  const title = f.slice(1, -1).join('::');
  const genres = f[f.length - 1]!.split('|').filter((g) => g !== '');
  const attrs: Record<string, unknown> = { genres };
  const year = yearOf('', title);
  if (year !== undefined) attrs.year = year;
  s.sink.addItem(id, title || null, attrs);
}

const USER_100K = ['user id', 'age', 'gender', 'occupation', 'zip code'];

function user100k(s: Session, file: string, text: string, line: number): void {
  const f = split(text, '|', USER_100K.length, USER_100K, file, line);
  const id = requireId(f[0]!, file, line, 'user id', 'user');
  if (s.sink.userId(id) !== undefined) throw new InputError(file, line, 'user id', `duplicate user "${clip(id)}"`);
  s.sink.addUser(id, { age: parseNumber(f[1]!, file, line, 'age'), gender: f[2], occupation: f[3], zip: f[4] });
}

const USER_1M = ['UserID', 'Gender', 'Age', 'Occupation', 'Zip-code'];

function user1m(s: Session, file: string, text: string, line: number): void {
  const f = split(text, '::', USER_1M.length, USER_1M, file, line);
  const id = requireId(f[0]!, file, line, 'UserID', 'user');
  if (s.sink.userId(id) !== undefined) throw new InputError(file, line, 'UserID', `duplicate user "${clip(id)}"`);
  const age = parseNumber(f[2]!, file, line, 'Age');
  const occupation = parseNumber(f[3]!, file, line, 'Occupation');
  s.sink.addUser(id, {
    gender: f[1],
    age,
    ...(AGES_1M[f[2]!] ? { ageGroup: AGES_1M[f[2]!] } : {}),
    occupation: OCCUPATIONS_1M[occupation] ?? String(occupation),
    zip: f[4],
  });
}

const RATING_FIELDS = { '100k': ['user id', 'item id', 'rating', 'timestamp'], '1m': ['UserID', 'MovieID', 'Rating', 'Timestamp'] };

function rating(s: Session, l: Layout, file: string, text: string, line: number): void {
  const names = RATING_FIELDS[l.version];
  const f = split(text, l.version === '100k' ? '\t' : '::', 4, names, file, line);
  const userExt = requireId(f[0]!, file, line, names[0]!, 'user');
  const itemExt = requireId(f[1]!, file, line, names[1]!, 'item');
  const value = s.rating(parseNumber(f[2]!, file, line, names[2]!), file, line, names[2]!);
  const ts = parseNumber(f[3]!, file, line, names[3]!);
  const w = s.sink;
  let u = w.userId(userExt);
  if (u === undefined && l.users)
    throw new InputError(file, line, names[0]!, `unknown user "${clip(userExt)}": not in ${basename(l.users)}`);
  let i = w.itemId(itemExt);
  if (i === undefined && l.items)
    throw new InputError(file, line, names[1]!, `unknown movie "${clip(itemExt)}": not in ${basename(l.items)}`);
  u ??= w.addUser(userExt, null);
  i ??= w.addItem(itemExt, null, null);
  w.addInteraction(u, i, value, ts, null, null);
}

export function planMovielens(paths: string[]): Plan {
  const l = layout(paths);
  const dir = paths.length === 1 && isDirectory(paths[0]!) ? basename(paths[0]!) : folderName(l.ratings[0]!);
  return {
    files: [...(l.users ? [l.users] : []), ...(l.items ? [l.items] : []), ...l.ratings],
    derivedName: dir,
    async run(s) {
      const v = l.version;
      if (l.users) {
        const file = basename(l.users);
        await s.eachLine(l.users, 'latin1', (t, n) => (v === '100k' ? user100k : user1m)(s, file, t, n));
      }
      if (l.items) {
        const file = basename(l.items);
        await s.eachLine(l.items, 'latin1', (t, n) => (v === '100k' ? item100k : item1m)(s, file, t, n));
      }
      for (const r of l.ratings) {
        const file = basename(r);
        await s.eachLine(r, 'latin1', (t, n) => rating(s, l, file, t, n));
      }
    },
  };
}

export async function previewMovielens(paths: string[]): Promise<PreviewParts> {
  const l = layout(paths);
  const columns = RATING_FIELDS[l.version];
  const lines = await headLines(l.ratings[0]!, RATING_SAMPLE, 'latin1');
  const rows = lines.slice(0, SAMPLE_ROWS);
  const sep = l.version === '100k' ? '\t' : '::';
  const read = [l.users, l.items, ...l.ratings].filter((f): f is string => f !== undefined).map((f) => basename(f));
  return {
    columns,
    sample: rows.map((r) => rowOf(columns, r.text.split(sep))),
    suggestedMap: {},
    notes: [`MovieLens ${l.version.toUpperCase()}: reads ${read.join(', ')}`],
    ratings: lines.map((r) => Number(r.text.split(sep)[2] || NaN)),
  };
}
