/**
 * A client of the real SDK whose first answer is a 503 and the next ones the success body of an
 * idempotent operation: one retry, for tests of the waits users' own clocks run (vitest's fake
 * timers, node:test's mocked timers).
 */
import { Userplane, type UserplaneOptions } from '../../src/index.js';
import { API_KEY } from './fixtures.js';
import { idempotentOperation } from './operations.js';

/** The client, and `sent`: how many requests it has made. */
export function flakyClient(options: UserplaneOptions = {}): { userplane: Userplane; sent: () => number } {
  let sent = 0;
  const userplane = new Userplane({
    apiKey: API_KEY,
    baseUrl: 'https://api.example',
    fetch: () =>
      Promise.resolve(++sent === 1 ? new Response(null, { status: 503 }) : Response.json(idempotentOperation.body())),
    ...options,
  });
  return { userplane, sent: () => sent };
}
