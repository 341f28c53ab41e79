/**
 * The failure matrix's machinery (tests/failure-matrix*.test.ts): a row is an input or a fault,
 * with the error kind it must end in, the attempts made, the requests that reached `fetch`, and a
 * time bound; `run` plays one against a client whose `fetch` is scripted (or a real one).
 */
import {
  isUserplaneError,
  MemoryRateLimitStore,
  Userplane,
  type RequestOptions,
  type UserplaneErrorKind,
  type UserplaneOptions,
} from '../../src/index.js';
import { API_KEY } from './fixtures.js';
import { idempotentOperation, nonIdempotent } from './operations.js';

export interface Outcome {
  /** `success`: the call succeeded. */
  kind: UserplaneErrorKind | 'success' | 'not a UserplaneError';
  attempts: number | undefined;
  sent: number;
  ms: number;
  error: unknown;
}

/** Runs `act` against a client whose `fetch` is `fetch`, counting what reached it. */
export async function run(
  fetch: (request: Request, n: number) => Promise<unknown>,
  act: (userplane: Userplane) => Promise<unknown>,
  options: UserplaneOptions = {},
): Promise<Outcome> {
  let sent = 0;
  const started = performance.now();
  let error: unknown;
  try {
    const userplane = new Userplane({
      apiKey: API_KEY,
      baseUrl: 'https://api.example',
      // Paced as by default, with a store of its own: one row's 429 must not pause the next.
      rateLimit: { store: new MemoryRateLimitStore() },
      fetch: (request) => fetch(request, ++sent) as Promise<Response>,
      ...options,
    });
    await act(userplane);
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - started;
  const kind = error === undefined ? 'success' : isUserplaneError(error) ? error.kind : 'not a UserplaneError';
  return { kind, attempts: isUserplaneError(error) ? error.attempts : undefined, sent, ms, error };
}

export const ok = (): Promise<Response> => Promise.resolve(Response.json(idempotentOperation.body()));
export const networkDown = (): Promise<never> =>
  Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNRESET') }));
export const del = (userplane: Userplane, options?: RequestOptions): Promise<unknown> =>
  idempotentOperation.call(userplane, undefined, options);
export const create = (userplane: Userplane, options?: RequestOptions): Promise<unknown> =>
  nonIdempotent.call(userplane, undefined, options);

/**
 * Each row: what, the expected kind, attempts, requests sent, and a bound in ms (recorded
 * timestamps); `check`, anything more the row promises. "At once" is generous — under 1 s, where
 * a retry would wait up to 1 s of backoff before its second attempt — so a shared, noisy
 * machine does not make it flaky.
 */
export type Row = [
  name: string,
  expected: { kind: Outcome['kind']; attempts: number | undefined; sent: number; within: number },
  play: () => Promise<Outcome>,
  check?: (outcome: Outcome) => void | Promise<void>,
];
