/**
 * Python literals (dicts, lists, tuples, strings, numbers, True/False/None): the 2014 Amazon
 * metadata files were written with Python's repr(), not as JSON, so `{'asin': '0001', ...}`.
 * Throws SyntaxError with a position, like JSON.parse.
 */

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
  a: '\x07',
  v: '\v',
};

export function parsePythonLiteral(text: string): unknown {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${i}`);
  };
  const space = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };

  const string = (): string => {
    const quote = text[i++]!;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const ch = text[i++]!;
      if (ch === quote) return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const e = text[i++] ?? fail('unterminated string');
      if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = text.slice(i, i + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) fail('bad escape');
        out += String.fromCodePoint(parseInt(hex, 16));
        i += len;
      } else if (e === '\n') {
        // A backslash-newline continues the line.
      } else {
        out += ESCAPES[e] ?? `\\${e}`;
      }
    }
  };

  const sequence = (close: string): unknown[] => {
    i++;
    const out: unknown[] = [];
    for (;;) {
      space();
      if (text[i] === close) {
        i++;
        return out;
      }
      out.push(value());
      space();
      if (text[i] === ',') i++;
      else if (text[i] !== close) fail(`expected , or ${close}`);
    }
  };

  const dict = (): Record<string, unknown> => {
    i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      space();
      if (text[i] === '}') {
        i++;
        return out;
      }
      const key = value();
      space();
      if (text[i++] !== ':') fail('expected :');
      out[String(key)] = value();
      space();
      if (text[i] === ',') i++;
      else if (text[i] !== '}') fail('expected , or }');
    }
  };

  const value = (): unknown => {
    space();
    const ch = text[i];
    if (ch === '{') return dict();
    if (ch === '[') return sequence(']');
    if (ch === '(') return sequence(')');
    if (ch === "'" || ch === '"') return string();
    const m = /^(?:True|False|None|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(text.slice(i, i + 40));
    if (!m) return fail('unexpected character');
    i += m[0].length;
    return m[0] === 'True' ? true : m[0] === 'False' ? false : m[0] === 'None' ? null : Number(m[0]);
  };

  const result = value();
  space();
  if (i < text.length) fail('unexpected text after the value');
  return result;
}
