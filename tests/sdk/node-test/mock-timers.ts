/**
 * Run by tests/sdk/node-test-timers.test.ts under `node --test`: a user's test with node:test's
 * mocked timers, the first of its file, retries a call of the real client and ends. node:test
 * mocks `setTimeout` but not `performance.now()`: the SDK's waits must trust the mocked timer.
 */
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { flakyClient } from '../../support/flaky-client.js';
import { idempotentOperation } from '../../support/operations.js';

/** Ticks the mocked clock until `promise` settles (a bounded number of times). */
async function tickUntil<T>(promise: Promise<T>, ms: number): Promise<T> {
  const state = { settled: false };
  void promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  for (let round = 0; round < 100 && !state.settled; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    mock.timers.tick(ms);
  }
  return promise;
}

void test('the first test of the file: a retried call ends once the mocked timers are ticked', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { userplane, sent } = flakyClient();
    assert.deepEqual(await tickUntil(idempotentOperation.call(userplane), 1_000), idempotentOperation.body());
    assert.equal(sent(), 2);
  } finally {
    mock.timers.reset();
  }
});
