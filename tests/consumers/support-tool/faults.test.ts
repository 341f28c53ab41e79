// Each fault the fake plays, repeating forever, with the client's defaults: the test ends at once,
// on the fake's clock, and says what the client would have waited.
import { isUserplaneError } from 'userplane';
import { createFakeUserplane, type FakeFault } from 'userplane/testing';
import { expect, test } from 'vitest';
import { closeTicket } from './tickets.js';

const kinds: FakeFault[] = ['rate-limited', 'unavailable', 'server-error', 'network', 'hang'];

test.each(kinds)('%s, every time', async (kind) => {
  const api = createFakeUserplane();
  api.links.delete.fault(kind);
  const started = performance.now();
  const error: unknown = await closeTicket(api.client(), 'ws_1', 'lnk_1').catch((err: unknown) => err);
  const wall = performance.now() - started;
  const waited = api.waits.reduce((total, wait) => total + wait.ms, 0);
  console.log(
    `${kind}: ${wall.toFixed(0)} ms of wall time; the client waited ${waited} ms (${api.waits.map((w) => w.reason).join(', ')})`,
  );
  expect(isUserplaneError(error)).toBe(true);
  expect(waited).toBeGreaterThan(0);
  // Every retry says what it waited for: at least the backoff, the pause or the time limit before it.
  for (const call of api.links.delete.calls.slice(1)) expect(call.waited.length).toBeGreaterThan(0);
});

test('a 429 asking for 30 s: the retry came after at least those 30 s', async () => {
  const api = createFakeUserplane();
  api.links.delete.fault('rate-limited', { times: 1, retryAfter: 30_000 });
  expect(await closeTicket(api.client(), 'ws_1', 'lnk_1')).toBe('deleted');
  const [first, second] = api.links.delete.calls;
  expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(30_000);
  expect(second?.waited).toEqual([{ operationId: 'links.delete', reason: 'pause', ms: 30_000 }]);
});
