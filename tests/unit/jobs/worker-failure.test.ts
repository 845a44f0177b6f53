import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { CancelledError, InputError, StudioError, toCallError, workerFailure } from '../../../main/errors';

/** What a worker posts crosses a structured clone, as it does between threads. */
const posted = async (err: unknown): Promise<ReturnType<typeof toCallError>> => {
  const { port1, port2 } = new MessageChannel();
  const got = new Promise<ReturnType<typeof toCallError>>((resolve) => port2.once('message', resolve));
  port1.postMessage(toCallError(err));
  const m = await got;
  port1.close();
  port2.close();
  return m;
};

test("a worker's bad-input error keeps its file, line and field on the main thread", async () => {
  const e = workerFailure(await posted(new InputError('/data/ratings.csv', 17, 'rating', 'not a number: "five"')));
  assert.ok(e instanceof StudioError);
  assert.equal(e.code, 'bad_input');
  assert.equal(e.message, '/data/ratings.csv:17 field "rating": not a number: "five"');
  assert.deepEqual(e.where, { file: '/data/ratings.csv', line: 17, field: 'rating' });
  assert.deepEqual(e.toCallError().where, { file: '/data/ratings.csv', line: 17, field: 'rating' });
});

test('a field-only error keeps its field; an unexpected error stays internal with no where', async () => {
  const field = workerFailure(await posted(new StudioError('bad_input', 'run config: itemIds: vocabulary differs', { field: 'itemIds' })));
  assert.deepEqual(field.where, { field: 'itemIds' });
  const crash = workerFailure(await posted(new RangeError('index out of range')));
  assert.equal(crash.code, 'internal');
  assert.equal(crash.message, 'index out of range');
  assert.equal(crash.where, undefined);
});

test('a cancellation stays a CancelledError, so the job is recorded as cancelled', async () => {
  assert.ok(workerFailure(await posted(new CancelledError())) instanceof CancelledError);
});
