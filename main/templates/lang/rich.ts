/**
 * Text that carries entity spans (code-point offsets, end-exclusive) through rendering, so the blank-infilling
 * masks of a rendered prompt still cover whole entities (RecSysLLM §Training Phase).
 */
import type { SpanRef } from '../../../preload/api-entities';

export interface RichSpan {
  start: number;
  end: number;
  label: string;
  ref?: SpanRef | null;
}

const cpLength = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
};

export class Rich {
  readonly length: number;
  constructor(
    readonly text: string,
    readonly spans: readonly RichSpan[] = [],
  ) {
    this.length = cpLength(text);
  }

  /** One entity covering the whole text (empty text carries no span). */
  static entity(text: string, label: string, ref: SpanRef | null = null): Rich {
    return new Rich(text, text ? [{ start: 0, end: cpLength(text), label, ref }] : []);
  }

  /** The code points [start, end), keeping only spans wholly inside: an entity is never cut in two. */
  slice(start: number, end = this.length): Rich {
    const cps = Array.from(this.text);
    const text = cps.slice(start, end).join('');
    return new Rich(
      text,
      this.spans.filter((s) => s.start >= start && s.end <= end).map((s) => ({ ...s, start: s.start - start, end: s.end - start })),
    );
  }

  toString(): string {
    return this.text;
  }
}

/** Appends text and spans, shifting each span by the code points written so far. */
export class RichBuilder {
  private parts: string[] = [];
  private readonly spans: RichSpan[] = [];
  private length = 0;

  append(value: string | Rich): void {
    if (typeof value === 'string') {
      this.parts.push(value);
      this.length += cpLength(value);
      return;
    }
    for (const s of value.spans) this.spans.push({ ...s, start: s.start + this.length, end: s.end + this.length });
    this.parts.push(value.text);
    this.length += value.length;
  }

  build(): Rich {
    return new Rich(this.parts.join(''), this.spans);
  }
}

export const joinRich = (items: readonly (string | Rich)[], separator: string | Rich): Rich => {
  const b = new RichBuilder();
  items.forEach((item, k) => {
    if (k > 0) b.append(separator);
    b.append(item);
  });
  return b.build();
};

export { cpLength };
