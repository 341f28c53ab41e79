/**
 * The failure matrix, continued: each way the SDK's promises broke against a misbehaving
 * server or caller (the key shown, "not sent" when it was sent, a caller's mistake reported as
 * the network's, an error losing itself, pacing state outliving its scope) as a named row — kind,
 * attempts, requests that reached `fetch`, a time bound, and what else the row promises. The
 * invariants over generated servers (tests/sdk/invariants.test.ts) look for the cases nobody listed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  isUserplaneError,
  MemoryRateLimitStore,
  NotFoundError,
  type Userplane,
  UserplaneError,
  type RequestOptions,
} from '../../src/index.js';
import { API_KEY } from '../support/fixtures.js';
import { startHostileServer, type HostileServer } from '../support/hostile-server.js';
import { leakingViews } from '../support/leaks.js';
import { create, del, ok, playRow, run, TABLE_HEAD, tableRow, type Outcome, type Row } from '../support/matrix.js';
import { idempotentOperation, withDeclaredCode } from '../support/operations.js';

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(() => server.close());
afterEach(() => {
  vi.restoreAllMocks();
});

const answer =
  (status: number, body: string | object, headers: Record<string, string> = {}) =>
  (): Promise<Response> =>
    Promise.resolve(
      typeof body === 'string' ? new Response(body, { status, headers }) : Response.json(body, { status, headers }),
    );
const noLeak =
  (key = API_KEY) =>
  (outcome: Outcome): void => {
    expect(leakingViews(outcome.error, key)).toEqual([]);
  };
/** A body that never ends: chunks as fast as they are read. */
const endless = (): Promise<Response> =>
  Promise.resolve(
    new Response(
      new ReadableStream({
        pull: (controller) => {
          controller.enqueue(new Uint8Array(64 * 1024).fill(32));
        },
      }),
      { status: 200 },
    ),
  );
/** A call through the loopback server, scripted by `X-Call`. */
const viaServer = (id: string, act: (u: Userplane, o: RequestOptions) => Promise<unknown>) => (u: Userplane) =>
  act(u, { headers: { 'X-Call': id } });
const realFetch = (request: Request): Promise<Response> => fetch(request);

const rows: Row[] = [
  [
    'a 401 in the legacy { error, message } shape echoing the key',
    { kind: 'api', attempts: 1, sent: 1 },
    () =>
      run(answer(401, { error: `invalid token Bearer ${API_KEY}`, message: 'unauthorized' }), (u) =>
        del(u, { maxRetries: 0 }),
      ),
    noLeak(),
  ],
  [
    'the key echoed as the error code',
    { kind: 'api', attempts: 1, sent: 1 },
    () => run(answer(401, { defined: true, code: API_KEY, status: 401, message: 'm' }), del),
    noLeak(),
  ],
  [
    'an HTML error page with the key straddling the excerpt’s cut',
    { kind: 'api', attempts: 1, sent: 1 },
    () => run(answer(403, `<html>${'x'.repeat(197)}${API_KEY} and more</html>`), del),
    noLeak(),
  ],
  [
    'a 2xx that is not JSON holding the key (the parser quotes the body)',
    { kind: 'response', attempts: 1, sent: 1 },
    () => run(answer(200, `${API_KEY} is not JSON`), del),
    noLeak(),
  ],
  [
    'a short key (uspl_abcd) echoed whole',
    { kind: 'api', attempts: 1, sent: 1 },
    () =>
      run(answer(403, { defined: false, code: 'X', status: 403, message: 'key abcd refused' }), del, {
        apiKey: 'uspl_abcd',
      }),
    noLeak('uspl_abcd'),
  ],
  [
    'a baseUrl with a password in it, refused',
    { kind: 'config', attempts: 0, sent: 0 },
    () => run(ok, del, { baseUrl: 'https://user:s3cr3t-passw0rd@proxy.example/api?token=t0k3n' }),
    (outcome) => {
      expect(String(outcome.error)).not.toMatch(/s3cr3t|t0k3n|user:/);
    },
  ],
  [
    'a POST answered 200 with an endless body: processed, so a response error (not "not sent")',
    { kind: 'response', attempts: 1, sent: 1 },
    () => run(endless, create),
    (outcome) => {
      expect(String(outcome.error)).toMatch(/larger than maxResponseBytes.*processed/);
    },
  ],
  [
    'a 64 KiB gzip body that inflates to 64 MiB',
    { kind: 'response', attempts: 1, sent: 1 },
    () => {
      server.script('bomb', [{ status: 200, body: { kind: 'bomb' } }]);
      return run(realFetch, viaServer('bomb', create), { baseUrl: server.url });
    },
  ],
  ...['Expect', 'Transfer-Encoding', 'Connection', 'Keep-Alive', 'Upgrade', 'Content-Length'].map((header): Row => [
    `a per-call ${header} header (the runtime's own)`,
    { kind: 'config', attempts: 0, sent: 0 },
    () => run(ok, (u) => create(u, { headers: { [header]: header === 'Content-Length' ? '5' : 'x' } })),
    (outcome) => {
      expect(String(outcome.error)).toContain(`"${header}"`);
    },
  ]),
  [
    'a declared 404 whose data nests 5,000 arrays deep',
    { kind: 'api', attempts: 1, sent: 1 },
    () => {
      const { operation, code } = withDeclaredCode(404);
      const body = `{"defined":true,"code":"${code}","status":404,"message":"m","data":${'['.repeat(5000)}1${']'.repeat(5000)}}`;
      return run(answer(404, body, { 'content-type': 'application/json', 'x-request-id': 'r1' }), (u) =>
        operation.call(u),
      );
    },
    (outcome) => {
      const { operation, code } = withDeclaredCode(404);
      expect(outcome.error).toBeInstanceOf(NotFoundError);
      expect(isUserplaneError(outcome.error, operation.id, code as never)).toBe(true);
      expect(outcome.error).toMatchObject({ headers: { 'x-request-id': 'r1' } });
      expect(() => JSON.stringify(outcome.error)).not.toThrow();
    },
  ],
  [
    'a signal whose addEventListener throws: refused, and the one pacing turn is still there',
    { kind: 'config', attempts: 0, sent: 0 },
    async () => {
      const store = new MemoryRateLimitStore();
      const rateLimit = { requests: 1, per: 60_000, maxWait: 0, store };
      const hostile = {
        aborted: false,
        addEventListener: () => {
          throw new Error('no');
        },
      } as unknown as AbortSignal;
      const outcome = await run(ok, (u) => del(u, { signal: hostile }), { rateLimit });
      const next = await run(ok, del, { rateLimit });
      expect(next.kind).toBe('success');
      return outcome;
    },
  ],
  [
    'a Retry-After of an hour from one server does not pause a client of another with the same key',
    { kind: 'success', attempts: undefined, sent: 1 },
    async () => {
      const limited = answer(
        429,
        { defined: true, code: 'RATE_LIMITED', status: 429, message: 'm' },
        { 'retry-after': '3600' },
      );
      // The default store: shared per key and base URL.
      await run(limited, del, { baseUrl: 'https://staging.example', rateLimit: {} }).catch(() => undefined);
      return run(ok, del, { baseUrl: 'https://production.example', rateLimit: {} });
    },
  ],
  [
    'a new client, while the budget is spent: retryAfter from the store, and the reason said',
    { kind: 'api', attempts: 0, sent: 0 },
    async () => {
      const store = new MemoryRateLimitStore();
      const limited = answer(
        429,
        { defined: true, code: 'RATE_LIMITED', status: 429, message: 'm' },
        { 'retry-after': '3600' },
      );
      await run(limited, del, { rateLimit: { store } });
      return run(ok, del, { rateLimit: { store } });
    },
    (outcome) => {
      expect(outcome.error).toMatchObject({ status: 429, retryAfter: expect.any(Number) as number });
      expect((outcome.error as { retryAfter: number }).retryAfter).toBeGreaterThan(3_500_000);
      expect(String(outcome.error)).toMatch(/asked to wait longer than maxRetryAfter/);
    },
  ],
  [
    'JSON.stringify(err), as structured loggers serialise errors',
    { kind: 'api', attempts: 1, sent: 1 },
    () => run(answer(404, { defined: false, code: 'X', status: 404, message: 'gone' }), del),
    (outcome) => {
      const json = JSON.parse(JSON.stringify(outcome.error)) as Record<string, unknown>;
      expect(json).toMatchObject({
        name: 'NotFoundError',
        message: expect.stringContaining('404 X: gone') as string,
        status: 404,
      });
      expect(outcome.error).toBeInstanceOf(UserplaneError);
    },
  ],
  [
    'params with two unknown fields: both listed; a missing one said to be required',
    { kind: 'validation', attempts: 0, sent: 0 },
    () => {
      const params: Record<string, unknown> = { ...idempotentOperation.params(), sdkOne: 1, sdkTwo: 2 };
      delete params[idempotentOperation.pathParams[0]!];
      return run(ok, (u) => idempotentOperation.call(u, params));
    },
    (outcome) => {
      const issues = (outcome.error as { issues: { path: string; message: string }[] }).issues;
      expect(issues).toEqual(
        expect.arrayContaining([
          { path: 'sdkOne', message: expect.any(String) as string },
          { path: 'sdkTwo', message: expect.any(String) as string },
          { path: idempotentOperation.pathParams[0], message: 'is required' },
        ]),
      );
    },
  ],
];

const table: string[] = [...TABLE_HEAD];
afterAll(() => {
  console.log(table.join('\n'));
});

describe('the failure matrix: hostile servers and callers', () => {
  it.each(rows)('%s', async (...row) => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // backoff of 0: retry counts, not waits
    table.push(tableRow(row[0], await playRow(row)));
  });
});
