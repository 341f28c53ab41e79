/**
 * The failure matrix's machinery (tests/sdk/failure-matrix*.test.ts): a row is an input or a fault,
 * with the error kind it must end in, the attempts made, the requests that reached `fetch`, and a
 * time bound; `run` plays one against a client whose `fetch` is scripted (or a real one).
 */
import { expect } from 'vitest';
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
  /** The waits the SDK planned, in ms, as its logger reported them: backoff before a retry, and waits for a turn. */
  waits: number[];
  error: unknown;
}

/** Runs `act` against a client whose `fetch` is `fetch`, counting what reached it. */
export async function run(
  fetch: (request: Request, n: number) => Promise<unknown>,
  act: (userplane: Userplane) => Promise<unknown>,
  options: UserplaneOptions = {},
): Promise<Outcome> {
  let sent = 0;
  const waits: number[] = [];
  let error: unknown;
  try {
    const userplane = new Userplane({
      apiKey: API_KEY,
      baseUrl: 'https://api.example',
      // Paced as by default, with a store of its own: one row's 429 must not pause the next.
      rateLimit: { store: new MemoryRateLimitStore() },
      fetch: (request) => fetch(request, ++sent) as Promise<Response>,
      ...options,
      logger: (event) => {
        if (event.type === 'retry' || event.type === 'wait') waits.push(event.delayMs);
        options.logger?.(event);
      },
    });
    await act(userplane);
  } catch (e) {
    error = e;
  }
  const kind = error === undefined ? 'success' : isUserplaneError(error) ? error.kind : 'not a UserplaneError';
  return { kind, attempts: isUserplaneError(error) ? error.attempts : undefined, sent, waits, error };
}

export const ok = (): Promise<Response> => Promise.resolve(Response.json(idempotentOperation.body()));
export const networkDown = (): Promise<never> =>
  Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNRESET') }));
export const del = (userplane: Userplane, options?: RequestOptions): Promise<unknown> =>
  idempotentOperation.call(userplane, undefined, options);
export const create = (userplane: Userplane, options?: RequestOptions): Promise<unknown> =>
  nonIdempotent.call(userplane, undefined, options);

/**
 * Each row: what, the expected kind, attempts, requests sent, and the waits the SDK planned
 * (none, unless the row says: "at once" is a count of waits, not a reading of a clock, so a slow
 * machine cannot make it fail; backoff is pinned to 0 by the runner); `check`, anything more the
 * row promises.
 */
export type Row = [
  name: string,
  expected: { kind: Outcome['kind']; attempts: number | undefined; sent: number; waits?: number[] },
  play: () => Promise<Outcome>,
  check?: (outcome: Outcome) => void | Promise<void>,
];

/** The waits column of the printed table. */
const waitsOf = (outcome: Pick<Outcome, 'waits'>): string =>
  outcome.waits.length === 0 ? 'none' : outcome.waits.map((ms) => `${Math.round(ms)} ms`).join(', ');

/** A row of the printed table, from what happened (never a fixed string). */
export const tableRow = (
  name: string,
  outcome: Pick<Outcome, 'kind' | 'attempts' | 'sent' | 'waits'>,
  note = '',
): string =>
  `| ${name} | \`${outcome.kind}\`${note} | ${String(outcome.attempts ?? '—')} | ${outcome.sent} | ${waitsOf(outcome)} |`;

export const TABLE_HEAD = ['| input or fault | kind | attempts | requests sent | waits |', '|---|---|---:|---:|---|'];

/** Plays a row and checks what it promises; returns what happened. */
export async function playRow([, expected, play, check]: Row): Promise<Outcome> {
  const outcome = await play();
  expect(
    { kind: outcome.kind, attempts: outcome.attempts, sent: outcome.sent, waits: outcome.waits },
    String(outcome.error),
  ).toEqual({ ...expected, waits: expected.waits ?? outcome.waits.map(() => 0) });
  await check?.(outcome);
  return outcome;
}
