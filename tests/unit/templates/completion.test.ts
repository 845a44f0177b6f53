import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionContext, completionOptions, type Vocabulary } from '../../../renderer/src/pages/templates/completion';

const vocab: Vocabulary = {
  variables: [
    { name: 'user_id', type: 'entity', label: 'USER', doc: "the user's id" },
    { name: 'history', type: 'list', label: 'ITEM', doc: 'titles of earlier items' },
  ],
  filters: [{ name: 'join', doc: 'items joined by a separator' }],
};

test('plain text, closed tags, comments and string literals ask for nothing', () => {
  assert.equal(completionContext('What will user'), null);
  assert.equal(completionContext('{{ user_id }} then'), null);
  assert.equal(completionContext('{# a note about hist'), null);
  assert.equal(completionContext('{{ history | join(", hist'), null);
  assert.equal(completionContext("{{ 'hist"), null);
  assert.equal(completionContext('{{ 12'), null);
});

test('a word inside {{ }} completes variables from where the word starts', () => {
  const before = 'User {{ use';
  assert.deepEqual(completionContext(before), { kind: 'variable', from: before.length - 3 });
  // After an operator or inside a call's arguments, still a variable.
  assert.deepEqual(completionContext('{{ x if hi'), { kind: 'variable', from: '{{ x if '.length });
  assert.deepEqual(completionContext('{{ history | join(sep'), { kind: 'variable', from: '{{ history | join('.length });
  const options = completionOptions({ kind: 'variable', from: 0 }, vocab);
  assert.deepEqual(
    options.map((o) => o.label),
    ['user_id', 'history', 'loop'],
  );
  assert.equal(options[0]?.info, "the user's id", 'the doc is shown as completion info');
  assert.equal(options[0]?.detail, 'entity · USER');
});

test('after | the filters complete, with their docs', () => {
  assert.deepEqual(completionContext('{{ history |'), { kind: 'filter', from: '{{ history |'.length });
  assert.deepEqual(completionContext('{{ history | jo'), { kind: 'filter', from: '{{ history | '.length });
  assert.deepEqual(completionContext('{{ history|jo'), { kind: 'filter', from: '{{ history|'.length });
  const options = completionOptions({ kind: 'filter', from: 0 }, vocab);
  assert.deepEqual(
    options.map((o) => [o.label, o.info]),
    [['join', 'items joined by a separator']],
  );
});

test('the start of {% %} completes statements; inside it, variables; a dot completes members', () => {
  assert.deepEqual(completionContext('{% fo'), { kind: 'statement', from: '{% '.length });
  assert.deepEqual(completionContext('{%- en'), { kind: 'statement', from: '{%- '.length });
  assert.deepEqual(completionContext('{% for x in hist'), { kind: 'variable', from: '{% for x in '.length });
  assert.deepEqual(completionContext('{% if loop.fi'), { kind: 'member', from: '{% if loop.'.length, object: 'loop' });
  const loop = completionOptions({ kind: 'member', from: 0, object: 'loop' }, vocab).map((o) => o.label);
  assert.ok(loop.includes('index') && loop.includes('first') && loop.includes('last'));
  assert.deepEqual(completionOptions({ kind: 'member', from: 0, object: 'unknown' }, vocab), []);
  const statements = completionOptions({ kind: 'statement', from: 0 }, vocab).map((o) => o.label);
  assert.deepEqual(statements, ['if', 'elif', 'else', 'endif', 'for', 'endfor', 'set']);
});
