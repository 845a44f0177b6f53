/** Hugging Face token classification JSONL: `{record_id, tokens: [...], tags: ["B-ITEM", "I-ITEM", "O", ...]}` (also reads `ner_tags` as strings). Outermost spans only. */
import { bioOf } from './bio';
import { FormatError, fromBio, readJsonl, recordIdOf, type SpanFormatModule } from './types';

export const hf: SpanFormatModule = {
  extension: 'jsonl',
  mime: 'application/x-ndjson',
  write(records) {
    let spans = 0;
    const text = records
      .map((r) => {
        const bio = bioOf(r);
        spans += bio.spans;
        return `${JSON.stringify({ record_id: r.id, tokens: bio.tokens.map((t) => t.text), tags: bio.tags })}\n`;
      })
      .join('');
    return { text, spans };
  },
  read(text) {
    return readJsonl(text, (o, line) => {
      const tokens = o.tokens;
      const tags = o.tags ?? o.ner_tags;
      const tagField = o.tags !== undefined ? 'tags' : 'ner_tags';
      if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === 'string'))
        throw new FormatError(line, 'tokens', 'expected a list of strings');
      if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string'))
        throw new FormatError(line, tagField, 'expected a list of tag strings (O, B-LABEL, I-LABEL)');
      if (tags.length !== tokens.length) throw new FormatError(line, tagField, `${tags.length} tags for ${tokens.length} tokens`);
      const recordId = recordIdOf(o, line);
      return {
        line,
        tokens: tokens as string[],
        spans: [],
        tokenSpans: fromBio(
          tags as string[],
          (i) => `${tagField}[${i}]`,
          () => line,
        ),
        ...(recordId ? { recordId } : {}),
      };
    });
  },
};
