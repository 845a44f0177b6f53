/**
 * A byte-pair-encoding tokenizer trained on the workspace's own text (pure), with the special tokens of
 * types.ts at ids 0..6.
 *
 * Pre-tokenizing: a run of letters (with their combining marks), a run of digits, or one other visible
 * character is a piece; a single space before such a piece becomes its word-start marker "▁" (as in
 * SentencePiece), so decoding restores the spaces; any other whitespace forms pieces of its own (spaces in them
 * written "▁"). Merges never cross a piece, and "[" is always a piece alone, so plain text can never produce a
 * special token. A character training never saw encodes as [unk]. Text that itself contains "▁" decodes it as a
 * space — the one place where decode(encode(text)) differs from text.
 *
 * Added tokens (PLUM's semantic-ID tokens, issue #10) are whole tokens appended after the learned vocabulary,
 * written `<a12>`: a level letter and a code. In text they are always one token, never merged or split, and a
 * single space before one is absorbed (it carries no meaning between identifiers), so it decodes without it.
 */
import { CodePoints } from './code-points';
import { learnMerges } from './bpe-train';
import { SPECIAL, SPECIAL_TOKENS } from './types';

export const WORD_START = '\u2581';

export interface TokenizerJSON {
  type: 'bpe';
  /** 1: no added tokens; 2: `added` lists them. */
  version: 1 | 2;
  /** Token strings by id; ids 0..6 are SPECIAL_TOKENS; added tokens come last. */
  vocab: string[];
  /** Merges by rank, as token ids: vocab[a] + vocab[b] is in the vocabulary. */
  merges: [number, number][];
  /** How many tokens at the end of `vocab` are added tokens (version 2). */
  added?: number;
}

/** The form of an added token: `<`, a level letter, a code of 1–7 digits, `>`. */
export const ADDED_TOKEN = /^<[a-z]\d{1,7}>$/;
// An added token where it stands in text, with the one space before it that it absorbs.
const ADDED_IN_TEXT = / ?<[a-z]\d{1,7}>/g;

export interface TrainOptions {
  /** Largest vocabulary, special tokens included; a small corpus may yield fewer. */
  vocabSize: number;
  /** A pair seen fewer times than this is never merged (default 2). */
  minFrequency?: number;
}

export interface EncodedSpans {
  ids: number[];
  /** Per token: 0 for a standalone token, k when it lies in spans[k - 1] (the outermost span around it). */
  entity: number[];
  /**
   * Code point offsets of each token's characters, end-exclusive. The space a word-start "▁" stands for is not
   * counted, so a token never crosses a span edge; a lone "▁" marker token has an empty range.
   */
  offsets: { start: number; end: number }[];
}

// Alternatives, tried in order at each position: [space] word | [space] digits | [space] symbol; whitespace up to
// (not including) a space that starts the next piece; any other whitespace run. Together they tile any text.
const PIECE = /( ?)([\p{L}\p{M}]+|\p{N}+|[^\s\p{L}\p{N}\p{M}])|\s+(?!\S)|\s+/gu;
const SENTENCE_END = new Set(['.', '!', '?', '\n']);
const SHIFT = 2097152;

/**
 * Pieces of `text` as (piece string, content start and end in code points, whether it carries a word-start marker).
 * Added tokens (those in `added`) are pieces of their own, their leading space dropped.
 */
function scanPieces(
  text: string,
  visit: (piece: string, start: number, end: number, marker: boolean) => void,
  added?: ReadonlySet<string>,
): void {
  if (!added || added.size === 0 || !text.includes('<')) return scanPlain(text, 0, visit);
  let from = 0;
  let cp = 0;
  for (const m of text.matchAll(ADDED_IN_TEXT)) {
    const token = m[0].trimStart();
    if (!added.has(token)) continue;
    const before = text.slice(from, m.index);
    scanPlain(before, cp, visit);
    cp += codePoints(before);
    const space = m[0].length - token.length;
    visit(token, cp + space, cp + space + token.length, false);
    cp += space + token.length;
    from = m.index + m[0].length;
  }
  scanPlain(text.slice(from), cp, visit);
}

function scanPlain(text: string, offset: number, visit: (piece: string, start: number, end: number, marker: boolean) => void): void {
  let cp = offset;
  for (const m of text.matchAll(PIECE)) {
    const len = codePoints(m[0]);
    if (m[2] !== undefined) {
      const marker = m[1] === ' ';
      visit(marker ? WORD_START + m[2] : m[2], cp + (marker ? 1 : 0), cp + len, marker);
    } else visit(m[0].replaceAll(' ', WORD_START), cp, cp + len, false);
    cp += len;
  }
}

function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

interface EncodedPiece {
  ids: number[];
  /** Code points in each token's string (the marker counts as one). */
  lens: number[];
}

export class Tokenizer {
  private readonly vocab: readonly string[];
  private readonly merges: readonly (readonly [number, number])[];
  private readonly ids = new Map<string, number>();
  private readonly chars = new Map<string, number>();
  private readonly ranks = new Map<number, { rank: number; id: number }>();
  private readonly cache = new Map<string, EncodedPiece>();
  /** The added tokens' strings (the last `addedCount` of the vocabulary). */
  private readonly addedSet: ReadonlySet<string>;

  constructor(
    vocab: readonly string[],
    merges: readonly (readonly [number, number])[],
    readonly addedCount = 0,
  ) {
    SPECIAL_TOKENS.forEach((s, i) => {
      if (vocab[i] !== s) throw new Error(`token ${i} must be the special token ${s}, not ${JSON.stringify(vocab[i])}`);
    });
    if (vocab.length >= SHIFT) throw new RangeError(`vocabulary of ${vocab.length} tokens is too large`);
    vocab.forEach((t, id) => {
      if (typeof t !== 'string' || t.length === 0) throw new Error(`token ${id} is not a non-empty string`);
      if (this.ids.has(t)) throw new Error(`token ${JSON.stringify(t)} appears twice (ids ${this.ids.get(t)} and ${id})`);
      this.ids.set(t, id);
      if (id >= SPECIAL_TOKENS.length && codePoints(t) === 1) this.chars.set(t, id);
    });
    merges.forEach(([a, b], rank) => {
      const left = a >= SPECIAL_TOKENS.length ? vocab[a] : undefined;
      const right = b >= SPECIAL_TOKENS.length ? vocab[b] : undefined;
      const id = left !== undefined && right !== undefined ? this.ids.get(left + right) : undefined;
      if (id === undefined) throw new Error(`merge ${rank} (${a}, ${b}) does not make a token of the vocabulary`);
      const key = a * SHIFT + b;
      if (!this.ranks.has(key)) this.ranks.set(key, { rank, id });
    });
    if (!Number.isInteger(addedCount) || addedCount < 0 || addedCount > vocab.length - SPECIAL_TOKENS.length)
      throw new RangeError(`${addedCount} added tokens do not fit a vocabulary of ${vocab.length}`);
    const added = vocab.slice(vocab.length - addedCount);
    for (const t of added) if (!ADDED_TOKEN.test(t)) throw new Error(`added token ${JSON.stringify(t)} is not of the form <a12>`);
    this.addedSet = new Set(added);
    this.vocab = [...vocab];
    this.merges = merges.map(([a, b]) => [a, b] as const);
  }

  /** A tokenizer with `tokens` appended as added tokens (those it already has are skipped), the rest unchanged. */
  withAdded(tokens: Iterable<string>): Tokenizer {
    const fresh = [...new Set(tokens)].filter((t) => !this.ids.has(t));
    if (fresh.length === 0) return this;
    return new Tokenizer([...this.vocab, ...fresh], this.merges, this.addedCount + fresh.length);
  }

  /** Whether `id` is an added token. */
  isAdded(id: number): boolean {
    return id >= this.vocab.length - this.addedCount && id < this.vocab.length;
  }

  get vocabSize(): number {
    return this.vocab.length;
  }

  tokenToId(token: string): number | undefined {
    return this.ids.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.vocab[id];
  }

  encode(text: string): number[] {
    const out: number[] = [];
    scanPieces(text, (piece) => out.push(...this.piece(piece).ids), this.addedSet);
    return out;
  }

  /** Text of `ids`; special tokens are dropped, or written as "[MASK]" etc. with `specials: 'show'`. */
  decode(ids: readonly number[], opts: { specials?: 'skip' | 'show' } = {}): string {
    let s = '';
    for (const id of ids) {
      const t = this.vocab[id];
      if (t === undefined) throw new RangeError(`token id ${id} is outside the vocabulary of ${this.vocab.length}`);
      if (id < SPECIAL_TOKENS.length) {
        if (opts.specials === 'show') s += t;
      } else s += t;
    }
    return s.replaceAll(WORD_START, ' ');
  }

  /**
   * Encodes with a token boundary at every edge of `spans` (code point offsets, end-exclusive), so that each
   * outermost span is a whole number of tokens; nested spans are covered by their outer span, and a span that
   * crosses an earlier-starting one is ignored. A single space right before a span rides into the span's first
   * token as its word-start marker, so an entity is tokenized as it would be in running text.
   */
  encodeWithSpans(text: string, spans: readonly { start: number; end: number }[]): EncodedSpans {
    const cps = new CodePoints(text);
    const region = new Int32Array(cps.length);
    for (const s of outermost(spans, cps.length)) region.fill(s.index + 1, s.start, s.end);
    const out: EncodedSpans = { ids: [], entity: [], offsets: [] };
    const emit = (piece: string, start: number, marker: boolean, entity: number): void => {
      const { ids, lens } = this.piece(piece);
      let cur = start;
      ids.forEach((id, i) => {
        const width = lens[i]! - (i === 0 && marker ? 1 : 0);
        out.ids.push(id);
        out.entity.push(entity);
        out.offsets.push({ start: cur, end: cur + width });
        cur += width;
      });
    };
    scanPieces(
      text,
      (piece, start, end, marker) => {
        if (this.addedSet.has(piece)) {
          // An added token is never split, even by a span edge inside it.
          emit(piece, start, false, region[start]!);
          return;
        }
        let withMarker = marker;
        // The marker's space belongs to the span that holds it; when that is not the span of the word, it stands alone.
        if (marker && region[start - 1] !== 0 && region[start - 1] !== region[start]) {
          emit(WORD_START, start - 1, false, region[start - 1]!);
          withMarker = false;
        }
        let from = start;
        for (let p = start + 1; p <= end; p++) {
          if (p < end && region[p] === region[p - 1]) continue;
          emit((withMarker ? WORD_START : '') + cps.slice(from, p).replaceAll(' ', WORD_START), from, withMarker, region[from]!);
          withMarker = false;
          from = p;
        }
      },
      this.addedSet,
    );
    return out;
  }

  /** Whether a token ends a sentence: its text ends with . ! ? or a newline. An arrow, so it can be passed unbound. */
  readonly endsSentence = (id: number): boolean => {
    if (id < SPECIAL_TOKENS.length) return false;
    const t = this.vocab[id];
    return t !== undefined && SENTENCE_END.has(t[t.length - 1]!);
  };

  toJSON(): TokenizerJSON {
    const base = { type: 'bpe' as const, vocab: [...this.vocab], merges: this.merges.map(([a, b]) => [a, b] as [number, number]) };
    return this.addedCount > 0 ? { ...base, version: 2, added: this.addedCount } : { ...base, version: 1 };
  }

  static fromJSON(json: unknown): Tokenizer {
    if (typeof json !== 'object' || json === null) throw new Error('tokenizer JSON must be an object');
    const j = json as Record<string, unknown>;
    if (j.type !== 'bpe' || (j.version !== 1 && j.version !== 2))
      throw new Error(`unsupported tokenizer ${String(j.type)} version ${String(j.version)}`);
    const { vocab, merges } = j;
    if (!Array.isArray(vocab) || !vocab.every((t): t is string => typeof t === 'string'))
      throw new Error('tokenizer vocab must be an array of strings');
    const isPair = (m: unknown): m is [number, number] => Array.isArray(m) && m.length === 2 && m.every((x) => Number.isInteger(x));
    if (!Array.isArray(merges) || !merges.every(isPair)) throw new Error('tokenizer merges must be pairs of token ids');
    const added = j.version === 2 ? j.added : 0;
    if (!Number.isInteger(added)) throw new Error('tokenizer added must be a count of tokens');
    return new Tokenizer(vocab, merges, added as number);
  }

  /** BPE of one piece: merges applied lowest rank first, each to every non-overlapping occurrence, left to right. */
  private piece(piece: string): EncodedPiece {
    const hit = this.cache.get(piece);
    if (hit) return hit;
    if (this.addedSet.has(piece)) return { ids: [this.ids.get(piece)!], lens: [codePoints(piece)] };
    let ids = Array.from(piece, (ch) => this.chars.get(ch) ?? SPECIAL.unk);
    let lens = ids.map(() => 1);
    for (;;) {
      let best: { rank: number; id: number } | undefined;
      let a = 0;
      let b = 0;
      for (let i = 0; i + 1 < ids.length; i++) {
        const m = this.ranks.get(ids[i]! * SHIFT + ids[i + 1]!);
        if (m && (!best || m.rank < best.rank)) {
          best = m;
          a = ids[i]!;
          b = ids[i + 1]!;
        }
      }
      if (!best) break;
      const nextIds: number[] = [];
      const nextLens: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        if (i + 1 < ids.length && ids[i] === a && ids[i + 1] === b) {
          nextIds.push(best.id);
          nextLens.push(lens[i]! + lens[i + 1]!);
          i++;
        } else {
          nextIds.push(ids[i]!);
          nextLens.push(lens[i]!);
        }
      }
      ids = nextIds;
      lens = nextLens;
    }
    const out = { ids, lens };
    // Pieces repeat heavily (words, dates, titles); the bound keeps a long run on unseen text from growing it forever.
    if (this.cache.size >= 200_000) this.cache.clear();
    this.cache.set(piece, out);
    return out;
  }
}

function outermost(spans: readonly { start: number; end: number }[], length: number): { index: number; start: number; end: number }[] {
  const sorted = spans.map((s, index) => {
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end <= s.start || s.end > length) {
      throw new RangeError(`span ${index + 1} [${s.start}, ${s.end}) is not a non-empty range of the text's ${length} code points`);
    }
    return { index, start: s.start, end: s.end };
  });
  sorted.sort((x, y) => x.start - y.start || y.end - x.end || x.index - y.index);
  const kept: typeof sorted = [];
  for (const s of sorted) {
    const last = kept[kept.length - 1];
    if (!last || s.start >= last.end) kept.push(s);
  }
  return kept;
}

/** Learns a BPE vocabulary from `texts`: pieces are counted once, then merged over the count table. */
export function trainTokenizer(texts: Iterable<string>, opts: TrainOptions): Tokenizer {
  const reserved = SPECIAL_TOKENS.length;
  if (!Number.isInteger(opts.vocabSize) || opts.vocabSize <= reserved)
    throw new RangeError(`vocabSize must be an integer above ${reserved}`);
  const counts = new Map<string, number>();
  for (const text of texts) scanPieces(text, (piece) => counts.set(piece, (counts.get(piece) ?? 0) + 1));
  const { symbols, merges } = learnMerges(counts, {
    maxSymbols: opts.vocabSize - reserved,
    minFrequency: opts.minFrequency ?? 2,
    requiredChars: [WORD_START],
    forbidden: new Set<string>(SPECIAL_TOKENS),
  });
  return new Tokenizer(
    [...SPECIAL_TOKENS, ...symbols],
    merges.map(([a, b]) => [a + reserved, b + reserved]),
  );
}
