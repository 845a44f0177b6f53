/**
 * CoNLL-2003 BIO: each record is a document (`-DOCSTART- -X- -X- O`, a blank line, then one `token -X- _ TAG` line
 * per token and a blank line). Tokens are cut at span boundaries; BIO cannot nest, so only outermost spans are
 * written. Reading, documents are matched to records by their tokens (whitespace is not kept by the format);
 * a file without -DOCSTART- is read as one record per sentence.
 */
import { bioOf } from './bio';
import { FormatError, fromBio, type ImportedDoc, type SpanFormatModule } from './types';

const DOCSTART = '-DOCSTART- -X- -X- O';

export const conll: SpanFormatModule = {
  extension: 'conll',
  mime: 'text/plain',
  write(records) {
    let spans = 0;
    const out: string[] = [];
    for (const r of records) {
      const bio = bioOf(r);
      spans += bio.spans;
      out.push(DOCSTART, '');
      bio.tokens.forEach((t, i) => out.push(`${t.text} -X- _ ${bio.tags[i]}`));
      out.push('');
    }
    return { text: out.map((l) => `${l}\n`).join(''), spans };
  },
  read(text) {
    const lines = text.split(/\r?\n/);
    const byDoc = lines.some((l) => l.startsWith('-DOCSTART-'));
    const docs: { line: number; tokens: string[]; tags: string[]; lines: number[] }[] = [];
    let cur: (typeof docs)[number] | null = null;
    lines.forEach((raw, i) => {
      const line = i + 1;
      const l = raw.trim();
      if (l.startsWith('-DOCSTART-')) {
        cur = { line, tokens: [], tags: [], lines: [] };
        docs.push(cur);
        return;
      }
      if (!l) {
        if (!byDoc) cur = null;
        return;
      }
      const cols = l.split(/\s+/);
      if (cols.length < 2) throw new FormatError(line, null, 'expected a token and a tag separated by whitespace');
      if (!cur) {
        if (byDoc) throw new FormatError(line, null, 'token before the first -DOCSTART-');
        cur = { line, tokens: [], tags: [], lines: [] };
        docs.push(cur);
      }
      const d = cur as (typeof docs)[number];
      d.tokens.push(cols[0]!);
      d.tags.push(cols[cols.length - 1]!);
      d.lines.push(line);
    });
    return docs.map((d): ImportedDoc => ({
      line: d.line,
      tokens: d.tokens,
      spans: [],
      tokenSpans: fromBio(
        d.tags,
        (i) => `tag of "${d.tokens[i]}"`,
        (i) => d.lines[i]!,
      ),
    }));
  },
};
