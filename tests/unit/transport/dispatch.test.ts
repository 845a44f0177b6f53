import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatch } from '../../../main/transport/dispatch';
import type { Handlers } from '../../../main/handler-types';
import { StudioError } from '../../../main/errors';

const seen: unknown[] = [];
const handlers = {
  'datasets.get': (args: { id: number }) => {
    seen.push(args);
    if (args.id === 404) throw new StudioError('not_found', 'dataset 404 not found');
    return { id: args.id };
  },
  'rows.users': (args: unknown) => args,
  'datasets.list': () => {
    throw new Error('disk on fire');
  },
} as unknown as Handlers;

test('unknown calls are refused before any handler runs', async () => {
  const r = await dispatch(handlers, 'db.exec', { sql: 'DROP TABLE users' });
  assert.deepEqual(r, { ok: false, error: { code: 'bad_input', message: 'unknown call "db.exec"' } });
  const proto = await dispatch(handlers, '__proto__', {});
  assert.equal(proto.ok, false);
});

test('a payload that breaks the schema is refused with the field named, and the handler never sees it', async () => {
  seen.length = 0;
  const r = await dispatch(handlers, 'datasets.get', { id: 'DROP' });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 'bad_input');
    assert.match(r.error.message, /^datasets\.get: id: /);
    assert.deepEqual(r.error.where, { field: 'id' });
  }
  const extra = await dispatch(handlers, 'datasets.get', { id: 1, path: '/etc/passwd' });
  assert.equal(extra.ok, false, 'unknown keys are refused (strict schemas)');
  assert.equal(seen.length, 0);
});

test('defaults are filled in from the contract', async () => {
  const r = await dispatch(handlers, 'rows.users', { datasetId: 3 });
  assert.deepEqual(r, { ok: true, value: { datasetId: 3, offset: 0, limit: 100, dir: 'asc', filter: '', sort: 'id' } });
});

test('handler errors come back typed, unexpected ones as internal without a stack', async () => {
  assert.deepEqual(await dispatch(handlers, 'datasets.get', { id: 404 }), {
    ok: false,
    error: { code: 'not_found', message: 'dataset 404 not found' },
  });
  const r = await dispatch(handlers, 'datasets.list', {});
  assert.deepEqual(r, { ok: false, error: { code: 'internal', message: 'disk on fire' } });
});
