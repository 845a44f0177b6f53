/** Code-point offsets (what spans and the tokenizer count in) against a string's UTF-16 offsets. Pure. */
/** Maps code point offsets of one text to UTF-16 offsets in O(1) after an O(n) build. */
export class CodePoints {
  /** utf16[cp] = UTF-16 offset of code point cp; utf16[length] = text.length. */
  readonly utf16: Uint32Array;
  readonly length: number;

  constructor(readonly text: string) {
    const offsets: number[] = [];
    for (let u = 0; u < text.length;) {
      offsets.push(u);
      const c = text.charCodeAt(u);
      u += c >= 0xd800 && c <= 0xdbff && u + 1 < text.length ? 2 : 1;
    }
    offsets.push(text.length);
    this.utf16 = Uint32Array.from(offsets);
    this.length = offsets.length - 1;
  }

  slice(start: number, end: number): string {
    return this.text.slice(this.utf16[start], this.utf16[end]);
  }

  /** Code point offset of a UTF-16 offset; undefined when it falls inside a surrogate pair. */
  fromUtf16(u: number): number | undefined {
    let lo = 0;
    let hi = this.length;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.utf16[mid]!;
      if (v === u) return mid;
      if (v < u) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
