/**
 * The bad-input and fault matrix: each row an input or a fault, with the error kind it must end
 * in, the attempts made, the requests that reached `fetch`, and a time bound. The README's
 * failure table is written from this file (the test prints it).
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryRateLimitStore, Userplane, type RateLimitStore } from '../../src/index.js';
import { API_KEY } from '../support/fixtures.js';
import { create, del, networkDown, ok, playRow, run, TABLE_HEAD, tableRow, type Row } from '../support/matrix.js';
import { idempotentOperation } from '../support/operations.js';

const rows: Row[] = [
  [
    'invalid header value in a call ("a\\nb")',
    { kind: 'config', attempts: 0, sent: 0 },
    () => run(ok, (u) => del(u, { headers: { 'X-Request-Id': 'a\nb' } })),
  ],
  [
    'header value not a string in a call',
    { kind: 'config', attempts: 0, sent: 0 },
    () => run(ok, (u) => del(u, { headers: { 'X-Count': 1 as unknown as string } })),
  ],
  [
    'invalid header value in the client options',
    { kind: 'config', attempts: 0, sent: 0 },
    () => run(ok, del, { headers: { 'X-Request-Id': 'a\r\nInjected: 1' } }),
  ],
  [
    'call options that are not an object',
    { kind: 'config', attempts: 0, sent: 0 },
    () => run(ok, (u) => del(u, 'fast' as never)),
  ],
  [
    'maxRetries -1 in a call',
    { kind: 'config', attempts: 0, sent: 0 },
    () => run(ok, (u) => del(u, { maxRetries: -1 })),
  ],
  [
    'timeout "5s" in a call',
    { kind: 'config', attempts: 0, sent: 0 },
    () => run(ok, (u) => del(u, { timeout: '5s' as unknown as number })),
  ],
  ['timeout 1.5 in the client options', { kind: 'config', attempts: 0, sent: 0 }, () => run(ok, del, { timeout: 1.5 })],
  [
    'a signal that is not an AbortSignal',
    { kind: 'config', attempts: 0, sent: 0 },
    () => run(ok, (u) => del(u, { signal: {} as AbortSignal })),
  ],
  [
    'fetch option that is not a function',
    { kind: 'config', attempts: 0, sent: 0 },
    () => run(ok, del, { fetch: 'fetch' as never }),
  ],
  [
    'params that are an array',
    { kind: 'validation', attempts: 0, sent: 0 },
    () => run(ok, (u) => idempotentOperation.call(u, [])),
  ],
  [
    'params missing a required field',
    { kind: 'validation', attempts: 0, sent: 0 },
    () => {
      const params = idempotentOperation.params();
      delete params[idempotentOperation.pathParams[0]!];
      return run(ok, (u) => idempotentOperation.call(u, params));
    },
  ],
  [
    'params with an unknown field',
    { kind: 'validation', attempts: 0, sent: 0 },
    () => run(ok, (u) => idempotentOperation.call(u, { ...idempotentOperation.params(), sdkUnknownField: true })),
  ],
  [
    'params with a getter that throws',
    { kind: 'validation', attempts: 0, sent: 0 },
    () =>
      run(ok, (u) =>
        idempotentOperation.call(
          u,
          Object.defineProperty({}, idempotentOperation.pathParams[0]!, {
            enumerable: true,
            get: () => {
              throw new Error('no');
            },
          }),
        ),
      ),
  ],
  [
    'a fetch that throws a non-network error',
    { kind: 'config', attempts: 1, sent: 1 },
    () => run(() => Promise.reject(new Error('proxy misconfigured')), del),
  ],
  [
    'a fetch that returns undefined',
    { kind: 'config', attempts: 1, sent: 1 },
    () => run(() => Promise.resolve(undefined), del),
  ],
  [
    'a fetch that returns a plain object',
    { kind: 'config', attempts: 1, sent: 1 },
    () => run(() => Promise.resolve({ status: 200 }), del),
  ],
  [
    'a network failure on DELETE (retried)',
    { kind: 'connection', attempts: 3, sent: 3 },
    () => run(networkDown, (u) => del(u, { maxRetries: 2 })),
  ],
  [
    'a network failure on POST (never re-sent)',
    { kind: 'connection', attempts: 1, sent: 1 },
    () => run(networkDown, create),
  ],
  [
    'a fetch that never settles, ignoring its signal',
    { kind: 'timeout', attempts: 1, sent: 1 },
    () =>
      run(
        () => new Promise(() => undefined),
        (u) => create(u, { timeout: 200 }),
      ),
  ],
  [
    'an abort with a custom reason, mid-request',
    { kind: 'abort', attempts: 1, sent: 1 },
    () => {
      const controller = new AbortController();
      setTimeout(() => {
        controller.abort(new Error('user left the page'));
      }, 50);
      return run(
        () => new Promise(() => undefined),
        (u) => del(u, { signal: controller.signal }),
      );
    },
  ],
  [
    'an already-aborted signal',
    { kind: 'abort', attempts: 0, sent: 0 },
    () => run(ok, (u) => del(u, { signal: AbortSignal.abort('stop') })),
  ],
  [
    '429 with Retry-After longer than maxRetryAfter',
    { kind: 'api', attempts: 1, sent: 1 },
    () =>
      run(
        () =>
          Promise.resolve(
            Response.json(
              { defined: true, code: 'RATE_LIMITED', status: 429, message: 'slow down' },
              { status: 429, headers: { 'retry-after': '3600' } },
            ),
          ),
        del,
      ),
  ],
  [
    'HTML 502 on POST',
    { kind: 'api', attempts: 1, sent: 1 },
    () =>
      run(
        () =>
          Promise.resolve(
            new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'content-type': 'text/html' } }),
          ),
        create,
      ),
  ],
  [
    'a 200 whose body is not JSON',
    { kind: 'response', attempts: 1, sent: 1 },
    () => run(() => Promise.resolve(new Response('<html>', { status: 200 })), del),
  ],
  [
    'rateLimit with a bad value (requests 0)',
    { kind: 'config', attempts: 0, sent: 0 },
    () => run(ok, del, { rateLimit: { requests: 0 } }),
  ],
  [
    'no turn under the rate limit within maxWait (window full)',
    { kind: 'pacing', attempts: 0, sent: 1 },
    () =>
      run(
        ok,
        async (u) => {
          await del(u);
          await del(u);
        },
        { rateLimit: { requests: 1, per: 60_000, maxWait: 100, store: new MemoryRateLimitStore() } },
      ),
  ],
  [
    'an abort while waiting for a turn',
    // The wait for the window's turn (a minute) was planned; the abort ended it.
    { kind: 'abort', attempts: 0, sent: 1, waits: [expect.any(Number) as number] },
    () =>
      run(
        ok,
        async (u) => {
          await del(u);
          await del(u, { signal: AbortSignal.timeout(100) });
        },
        { rateLimit: { requests: 1, per: 60_000, store: new MemoryRateLimitStore() } },
      ),
  ],
  [
    'a rate-limit store that fails',
    { kind: 'pacing', attempts: 0, sent: 0 },
    () => {
      const broken: RateLimitStore = {
        take: () => Promise.reject(new Error('redis down')),
        pause: () => undefined,
        paused: () => undefined,
      };
      return run(ok, del, { rateLimit: { store: broken } });
    },
  ],
  [
    'a rate-limit store whose take() never settles (maxWait 1000)',
    { kind: 'pacing', attempts: 0, sent: 0 },
    () => {
      const silent: RateLimitStore = {
        take: () => new Promise<number>(() => undefined),
        pause: () => undefined,
        paused: () => undefined,
      };
      return run(ok, del, { rateLimit: { store: silent, maxWait: 1000 } });
    },
  ],
  [
    'a rate-limit store whose release() throws at once',
    { kind: 'success', attempts: undefined, sent: 2 },
    () => {
      const memory = new MemoryRateLimitStore();
      const throwing: RateLimitStore = {
        take: (requests, per) => memory.take(requests, per),
        release: () => {
          throw new Error('release failed');
        },
        pause: () => undefined,
        paused: () => undefined,
      };
      return run(
        ok,
        async (u) => {
          await del(u);
          await del(u);
        },
        { rateLimit: { store: throwing } },
      );
    },
  ],
  [
    'a fetch option whose Response throws from its status getter',
    { kind: 'config', attempts: 1, sent: 1 },
    () =>
      run(
        () =>
          Promise.resolve(
            new Proxy(Response.json(idempotentOperation.body()), {
              get(target, property) {
                if (property === 'status') throw new Error('status getter');
                const value: unknown = Reflect.get(target, property, target);
                return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
              },
            }),
          ),
        del,
      ),
  ],
  [
    'params whose Proxy traps all throw (found by the invariants on a paged list)',
    { kind: 'validation', attempts: 0, sent: 0 },
    () => {
      const thrower = (): never => {
        throw new Error('trap');
      };
      const params = new Proxy({}, { get: thrower, ownKeys: thrower, has: thrower, getOwnPropertyDescriptor: thrower });
      return run(ok, (u) => idempotentOperation.call(u, params));
    },
  ],
  [
    'a call after the daily budget was found spent (429, Retry-After beyond maxRetryAfter)',
    { kind: 'api', attempts: 0, sent: 1 },
    () =>
      run(
        () =>
          Promise.resolve(
            Response.json(
              { defined: true, code: 'RATE_LIMITED', status: 429, message: 'daily' },
              { status: 429, headers: { 'retry-after': '3600' } },
            ),
          ),
        async (u) => {
          await del(u).catch(() => undefined);
          await del(u);
        },
      ),
  ],
  [
    'a logger that throws',
    { kind: 'success', attempts: undefined, sent: 1 },
    () =>
      run(ok, del, {
        logger: () => {
          throw new Error('logger broke');
        },
      }),
  ],
];

const table: string[] = [...TABLE_HEAD];
afterAll(() => {
  console.log(table.join('\n'));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  vi.doUnmock('../../src/request/response-validation.js');
});

describe('the failure matrix', () => {
  it.each(rows)('%s', async (...row) => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // backoff of 0: retry counts, not waits
    table.push(tableRow(row[0], await playRow(row)));
  });

  it('an abort keeps the caller’s reason as its cause', async () => {
    const reason = new Error('user left the page');
    const outcome = await run(ok, (u) => del(u, { signal: AbortSignal.abort(reason) }));
    expect(outcome.error).toMatchObject({ kind: 'abort', cause: reason });
  });

  it('a response-validation chunk that fails to load: a response error (the work is done), and the next call loads it', async () => {
    vi.doMock('../../src/request/response-validation.js', () => {
      throw new Error('chunk load failed');
    });
    const first = await run(ok, del, { validateResponses: true });
    table.push(tableRow('the response-validation chunk fails to load', first));
    expect(first).toMatchObject({ kind: 'response', attempts: 1, sent: 1 });
    expect(String(first.error)).toMatch(/could not be checked/);
    vi.doUnmock('../../src/request/response-validation.js');
    const second = await run(ok, del, { validateResponses: true });
    expect(second.kind).toBe('success');
  });

  it('a wall-clock step during a backoff neither stretches nor cuts the wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // first retry waits 500 ms
    let calls = 0;
    const userplane = new Userplane({
      apiKey: API_KEY,
      baseUrl: 'https://api.example',
      fetch: () =>
        Promise.resolve(
          ++calls === 1 ? new Response(null, { status: 503 }) : Response.json(idempotentOperation.body()),
        ),
    });
    const result = idempotentOperation.call(userplane);
    await vi.advanceTimersByTimeAsync(100);
    vi.setSystemTime(Date.now() - 3_600_000); // the wall clock steps back an hour
    await vi.advanceTimersByTimeAsync(399);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toEqual(idempotentOperation.body());
    expect(calls).toBe(2);
    table.push(
      tableRow('the wall clock steps back 1 h during a 500 ms backoff', {
        kind: 'success',
        attempts: 2,
        sent: calls,
        waits: [500],
      }),
    );
  });
});
