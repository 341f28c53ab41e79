// The support tool's tests with vitest's fake timers, around the real client on `api.fetch`: the
// first test of the file retries a call, and ends once the clock is advanced.
import { Userplane } from 'userplane';
import { createFakeUserplane } from 'userplane/testing';
import { afterEach, expect, test, vi } from 'vitest';
import { closeTicket } from './tickets.js';

const api = createFakeUserplane();
afterEach(() => {
  vi.useRealTimers();
  api.reset();
});

test('first in the file: a 503, then the retry, on fake timers', async () => {
  vi.useFakeTimers();
  api.links.delete.fault('unavailable', { times: 1 });
  const userplane = new Userplane({ apiKey: 'uspl_test_key', fetch: api.fetch });
  const closing = closeTicket(userplane, 'ws_1', 'lnk_1');
  await vi.advanceTimersByTimeAsync(10_000);
  expect(await closing).toBe('deleted');
  expect(api.links.delete.calls).toHaveLength(2);
});

test('answers given `times` keep their place when the standing answer comes after', async () => {
  api.links.delete.fault('network', { times: 2 });
  api.links.delete.respond({ message: 'deleted' });
  expect(await closeTicket(api.client(), 'ws_1', 'lnk_1')).toBe('deleted');
  expect(api.links.delete.calls).toHaveLength(3);
  expect(api.pending()).toEqual([]);
});
