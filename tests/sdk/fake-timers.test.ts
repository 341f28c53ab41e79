/**
 * A user's tests under vitest's fake timers: every wait of the SDK (a backoff, a turn under the
 * rate limit, an attempt's time limit) is a timer the test's clock runs, and nothing is loaded on
 * demand on the way — so the first test of a file, with the SDK not yet warm, ends like any other
 * (a chunk imported on the first failure once hung it: the backoff timer was set after the clock
 * had been advanced).
 */
import { afterEach, expect, it, vi } from 'vitest';
import { MemoryRateLimitStore, Userplane } from '../../src/index.js';
import { API_KEY } from '../support/fixtures.js';
import { flakyClient } from '../support/flaky-client.js';
import { idempotentOperation } from '../support/operations.js';

afterEach(() => {
  vi.useRealTimers();
});

it('the first test of the file: a retried call ends once the fake clock is advanced', async () => {
  vi.useFakeTimers();
  const { userplane, sent } = flakyClient();
  const result = idempotentOperation.call(userplane);
  await vi.advanceTimersByTimeAsync(10_000);
  await expect(result).resolves.toEqual(idempotentOperation.body());
  expect(sent()).toBe(2);
});

it('a 429 with Retry-After, paced: the pause runs on the fake clock, to the millisecond', async () => {
  vi.useFakeTimers();
  let sent = 0;
  const userplane = new Userplane({
    apiKey: API_KEY,
    baseUrl: 'https://api.example',
    rateLimit: { store: new MemoryRateLimitStore() },
    fetch: () =>
      Promise.resolve(
        ++sent === 1
          ? new Response(null, { status: 429, headers: { 'retry-after': '30' } })
          : Response.json(idempotentOperation.body()),
      ),
  });
  const result = idempotentOperation.call(userplane);
  await vi.advanceTimersByTimeAsync(29_999);
  expect(sent).toBe(1);
  await vi.advanceTimersByTimeAsync(1);
  await expect(result).resolves.toEqual(idempotentOperation.body());
  expect(sent).toBe(2);
});

it('an attempt that hangs times out on the fake clock', async () => {
  vi.useFakeTimers();
  const userplane = new Userplane({
    apiKey: API_KEY,
    baseUrl: 'https://api.example',
    maxRetries: 0,
    timeout: 5_000,
    rateLimit: false,
    fetch: (request) =>
      new Promise((_, reject) => {
        request.signal.addEventListener('abort', () => {
          reject(new DOMException('aborted', 'AbortError'));
        });
      }),
  });
  const result = idempotentOperation.call(userplane).catch((error: unknown) => error);
  await vi.advanceTimersByTimeAsync(5_000);
  expect(await result).toMatchObject({ kind: 'timeout', attempts: 1 });
});
