import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, render, Rich, TemplateSyntaxError, type Context } from '../../../main/templates/lang/index';

const run = (src: string, ctx: Context = {}): Rich => render(compile(src), ctx);
const spanTexts = (r: Rich): string[] => r.spans.map((s) => `${s.label}:${Array.from(r.text).slice(s.start, s.end).join('')}`);

function syntaxError(src: string): TemplateSyntaxError {
  try {
    compile(src);
  } catch (err) {
    assert.ok(err instanceof TemplateSyntaxError, `expected a TemplateSyntaxError for ${JSON.stringify(src)}, got ${String(err)}`);
    return err;
  }
  assert.fail(`no error for ${JSON.stringify(src)}`);
}

test('syntax errors name the line and column where they are', () => {
  const cases: [string, number, number, RegExp][] = [
    ['Hello {{ name', 1, 7, /never closed/],
    ['a\nb {% if x %}c', 2, 3, /endif/],
    ['line one\n  {{ x | nope }}', 2, 10, /unknown filter "nope"/],
    ['{{ 1 + }}', 1, 8, /expected a value/],
    ['{% endfor %}', 1, 1, /no matching open block/],
    ['x\n\n   {{ a b }}', 3, 9, /unexpected "b"/],
    ['{{ "open }}', 1, 1, /never closed/],
    ['{% while x %}{% endwhile %}', 1, 4, /unknown statement "while"/],
    ['{{ x | join(1, 2) }}', 1, 8, /takes 0 to 1 argument/],
    ['{{ x is weird }}', 1, 9, /unknown test/],
  ];
  for (const [src, line, column, message] of cases) {
    const e = syntaxError(src);
    assert.deepEqual([e.line, e.column], [line, column], `${JSON.stringify(src)}: ${e.message}`);
    assert.match(e.reason, message);
  }
});

test('free variables exclude loop and set names, with positions', () => {
  const t = compile(
    '{% set n = history | length %}{{ user_id }}\n{% for h in history if h != item_title %}{{ loop.index }} {{ h }} {{ n }}{% endfor %}',
  );
  assert.deepEqual(
    t.variables.map((v) => [v.name, v.line, v.column]),
    [
      ['history', 1, 12],
      ['user_id', 1, 34],
      ['item_title', 2, 29],
    ],
  );
});

test('entity spans are carried exactly through output, join, loops, concatenation and slices', () => {
  const ctx: Context = {
    user_id: Rich.entity('u7', 'USER'),
    history: [Rich.entity('Toy Story', 'ITEM'), Rich.entity('Heat', 'ITEM'), Rich.entity('Kraków 🎬', 'ITEM')],
  };
  const r = run(
    'User {{ user_id }}: {{ history | join(" -> ") }}. Last: {{ history[-1] }}{% for h in history[:2] %} [{{ loop.index }}. {{ h ~ "!" }}]{% endfor %}',
    ctx,
  );
  assert.equal(r.text, 'User u7: Toy Story -> Heat -> Kraków 🎬. Last: Kraków 🎬 [1. Toy Story!] [2. Heat!]');
  assert.deepEqual(spanTexts(r), [
    'USER:u7',
    'ITEM:Toy Story',
    'ITEM:Heat',
    'ITEM:Kraków 🎬',
    'ITEM:Kraków 🎬',
    'ITEM:Toy Story',
    'ITEM:Heat',
  ]);
  // Offsets count code points: the emoji is one.
  const last = r.spans[4]!;
  assert.equal(last.end - last.start, 8);
});

test('filters keep spans when they keep the text, and never leave half an entity', () => {
  const title = Rich.entity('The Quiet Harbour', 'ITEM');
  assert.deepEqual(spanTexts(run('{{ t | upper }}', { t: title })), ['ITEM:THE QUIET HARBOUR']);
  assert.deepEqual(spanTexts(run('{{ t | trim }}', { t: new Rich('  x ', [{ start: 2, end: 3, label: 'A' }]) })), ['A:x']);
  const long = run('{{ items | join(", ") | truncate(24) }}', {
    items: [Rich.entity('Alpha Beta', 'ITEM'), Rich.entity('Gamma Delta Epsilon', 'ITEM')],
  });
  assert.equal(long.text, 'Alpha Beta, Gamma Delta...');
  assert.deepEqual(spanTexts(long), ['ITEM:Alpha Beta'], 'the cut title keeps no span');
  assert.deepEqual(spanTexts(run('{{ t | replace("Quiet", "Loud") }}', { t: title })), []);
  assert.deepEqual(spanTexts(run('{{ t | replace("zzz", "y") }}', { t: title })), ['ITEM:The Quiet Harbour']);
});

test('expressions: conditions, comparisons, arithmetic, tests and defaults behave as in Jinja', () => {
  assert.equal(run("{{ 'like' if rating >= 4 else 'dislike' }}", { rating: 4 }).text, 'like');
  assert.equal(run("{{ 'like' if rating >= 4 else 'dislike' }}", { rating: 3 }).text, 'dislike');
  assert.equal(run('{{ (rating * 2 + 1) // 2 }} {{ 7 % 3 }} {{ -x }}', { rating: 4.5, x: 2 }).text, '5 1 -2');
  assert.equal(run('{% if a is defined and b is not defined %}ok{% endif %}', { a: 1 }).text, 'ok');
  assert.equal(run('{{ missing | default("n/a") }}|{{ e | default("-", true) }}', { e: '' }).text, 'n/a|-');
  assert.equal(run('{% if "b" in xs and "z" not in xs %}yes{% else %}no{% endif %}', { xs: ['a', 'b'] }).text, 'yes');
  assert.equal(run('{% if x %}a{% elif y %}b{% else %}c{% endif %}', { y: 1 }).text, 'b');
  assert.equal(run('{% for x in xs %}{{ x }}{% else %}none{% endfor %}', { xs: [] }).text, 'none');
  assert.equal(run('{{ xs | length }} {{ xs | first }} {{ xs | last }} {{ xs | reverse | join }}', { xs: [1, 2, 3] }).text, '3 1 3 321');
  assert.equal(run('{{ 3.14159 | round(2) }} {{ "7" | int + 1 }}').text, '3.14 8');
});

test('whitespace control trims around tags, comments vanish', () => {
  assert.equal(run('a  {{- x -}}  b {# note #}c', { x: 1 }).text, 'a1b c');
  assert.equal(run('{% for x in xs -%}\n  {{ x }}\n{%- endfor %}', { xs: [1, 2] }).text, '12');
});

test('runtime type errors name their position', () => {
  assert.throws(
    () => run('ok\n{{ n | join }}', { n: 5 }),
    (e: unknown) => e instanceof TemplateSyntaxError && e.line === 2 && /needs a list/.test(e.reason),
  );
  assert.throws(
    () => run('{{ a - b }}', { a: 'x', b: 1 }),
    (e: unknown) => e instanceof TemplateSyntaxError && e.column === 6,
  );
});
