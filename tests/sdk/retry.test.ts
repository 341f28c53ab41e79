/**
 * Retry, timeout and abort behaviour against the programmable fault server. Timing checks use
 * the server's recorded arrival times; backoff jitter is pinned with a stubbed Math.random
 * where a test is about counts rather than waits.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  InternalServerError,
  isUserplaneError,
  RateLimitError,
  ServiceUnavailableError,
  Userplane,
  UserplaneAbortError,
  UserplaneConnectionError,
  UserplaneTimeoutError,
  type UserplaneOptions,
} from '../../src/index.js';
import { useFaultServer } from '../support/fault-server.js';
import { API_KEY } from '../support/fixtures.js';
import { idempotentOperation, idempotentWithBody, nonIdempotent } from '../support/operations.js';

const server = useFaultServer();
afterEach(() => {
  vi.restoreAllMocks();
});

/** Pacing off: this file is about each call's own retries (tests/sdk/rate-limit.test.ts paces). */
function client(options: UserplaneOptions = {}): Userplane {
  return new Userplane({ apiKey: API_KEY, baseUrl: server.url, rateLimit: false, ...options });
}

const rateLimited = (headers: Record<string, string> = {}) => ({
  status: 429,
  headers,
  body: { defined: true, code: 'RATE_LIMITED', status: 429, message: 'Rate limit exceeded' },
});
const unavailable = { status: 503, body: { defined: true, code: 'SERVICE_UNAVAILABLE', status: 503, message: 'down' } };
const html502 = {
  status: 502,
  headers: { 'content-type': 'text/html' },
  body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
};

/** Backoff jitter of 0: retries go out at once, so count-only tests do not wait. */
function noJitter(): void {
  vi.spyOn(Math, 'random').mockReturnValue(0);
}

describe('429 and Retry-After', () => {
  it('retries a 429 and returns the success', async () => {
    noJitter();
    server.reply(rateLimited(), { status: 200, body: nonIdempotent.body() });
    const result = await nonIdempotent.call(client());
    expect(result).toEqual(nonIdempotent.body());
    expect(server.requests).toHaveLength(2);
  });

  it('waits at least Retry-After in delta-seconds', async () => {
    server.reply(rateLimited({ 'retry-after': '1' }), { status: 200, body: nonIdempotent.body() });
    await nonIdempotent.call(client());
    const [first, second] = server.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
  });

  it('waits until a Retry-After HTTP-date', async () => {
    // Two seconds ahead, at second precision as HTTP-dates are: the retry may not arrive earlier.
    const retryAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 2000);
    server.reply(rateLimited({ 'retry-after': retryAt.toUTCString() }), {
      status: 200,
      body: nonIdempotent.body(),
    });
    await nonIdempotent.call(client());
    expect(server.requests[1]!.at).toBeGreaterThanOrEqual(retryAt.getTime());
  });

  it('makes exactly 1 + maxRetries attempts, then throws RateLimitError with the count', async () => {
    noJitter();
    server.reply(rateLimited(), rateLimited(), rateLimited(), rateLimited());
    const error: unknown = await idempotentOperation.call(client({ maxRetries: 2 })).catch((e: unknown) => e);
    expect(server.requests).toHaveLength(3);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(isUserplaneError(error) && error.attempts).toBe(3);
    expect(String(error)).toMatch(/gave up after 3 attempts/);
  });

  it('per-call maxRetries overrides the client default', async () => {
    noJitter();
    server.reply(rateLimited(), rateLimited());
    await idempotentOperation.call(client({ maxRetries: 5 }), undefined, { maxRetries: 0 }).catch(() => undefined);
    expect(server.requests).toHaveLength(1);
  });

  it('does not sleep through a Retry-After above maxRetryAfter: throws at once, carrying the wait', async () => {
    server.reply(rateLimited({ 'retry-after': '3600' }));
    const started = Date.now();
    const error: unknown = await nonIdempotent.call(client({ maxRetryAfter: 60_000 })).catch((e: unknown) => e);
    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(3_600_000);
    expect((error as RateLimitError).message).toMatch(/longer than maxRetryAfter/);
    // "At once": well under the 60 s it would otherwise have slept (loose bound, shared machine).
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('5xx', () => {
  it('retries 503 even for POST (not processed)', async () => {
    noJitter();
    server.reply(unavailable, { status: 200, body: nonIdempotent.body() });
    await nonIdempotent.call(client());
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('throws ServiceUnavailableError when 503 persists', async () => {
    noJitter();
    server.reply(unavailable, unavailable);
    const error = await idempotentWithBody.call(client({ maxRetries: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toBeInstanceOf(InternalServerError);
  });

  it('retries an HTML 502 for PUT and succeeds', async () => {
    noJitter();
    server.reply(html502, { status: 200, body: idempotentWithBody.body() });
    const result = await idempotentWithBody.call(client());
    expect(result).toEqual(idempotentWithBody.body());
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry an HTML 502 for POST; the error still has status, code and a readable message', async () => {
    server.reply(html502);
    const error = await nonIdempotent.call(client()).catch((e: unknown) => e);
    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(InternalServerError);
    if (!isUserplaneError(error, nonIdempotent.id)) throw new Error(`expected a ${nonIdempotent.id} error`);
    expect(error.status).toBe(502);
    expect(error.code).toBe('HTTP_502');
    expect(error.defined).toBe(false);
    expect(error.message).toContain('502 Bad Gateway');
    expect(error.message).not.toContain('<h1>');
  });
});

describe('connection failures', () => {
  it('a reset on POST is not retried: one attempt, a connection error with its cause', async () => {
    server.reply({ reset: 'before-response' }, { status: 200, body: nonIdempotent.body() });
    const error = await nonIdempotent.call(client()).catch((e: unknown) => e);
    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(UserplaneConnectionError);
    expect((error as UserplaneConnectionError).cause).toBeInstanceOf(Error);
    expect((error as UserplaneConnectionError).attempts).toBe(1);
  });

  it('a body cut off mid-way on POST is not retried either', async () => {
    server.reply({ reset: 'mid-body', status: 200 });
    const error = await nonIdempotent.call(client()).catch((e: unknown) => e);
    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(UserplaneConnectionError);
  });

  it('a reset on PUT is retried, with the identical body', async () => {
    noJitter();
    server.reply({ reset: 'before-response' }, { status: 200, body: idempotentWithBody.body() });
    const params = idempotentWithBody.params();
    await idempotentWithBody.call(client(), params);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
    const bodyFields = Object.keys(JSON.parse(server.requests[0]!.body) as object);
    expect(bodyFields.length).toBeGreaterThan(0);
    for (const field of bodyFields) expect(params).toHaveProperty(field);
  });

  it('a refused connection is a connection error', async () => {
    const userplane = new Userplane({
      apiKey: API_KEY,
      baseUrl: 'http://127.0.0.1:9',
      maxRetries: 0,
      rateLimit: false,
    });
    await expect(idempotentOperation.call(userplane)).rejects.toBeInstanceOf(UserplaneConnectionError);
  });
});

describe('abort and timeout', () => {
  it('an already-aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort(new Error('not needed'));
    const error = await nonIdempotent.call(client(), undefined, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserplaneAbortError);
    expect((error as UserplaneAbortError).cause).toEqual(new Error('not needed'));
    expect(server.requests).toHaveLength(0);
  });

  it('aborting during the backoff sleep stops it at once', async () => {
    server.reply(rateLimited({ 'retry-after': '30' }));
    const controller = new AbortController();
    let abortedAt = 0;
    server.onRequest(() => {
      // Abort shortly after the 429 has been answered, while the client sleeps 30 s.
      setTimeout(() => {
        abortedAt = Date.now();
        controller.abort();
      }, 100);
    });
    const error = await nonIdempotent.call(client(), undefined, { signal: controller.signal }).catch((e: unknown) => e);
    const settledAt = Date.now();
    expect(error).toBeInstanceOf(UserplaneAbortError);
    expect((error as UserplaneAbortError).attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(settledAt - abortedAt).toBeLessThan(5_000); // vs the 30 s sleep it cut short
  });

  it('aborting during the request stops it', async () => {
    server.reply({ status: 200, body: nonIdempotent.body(), delay: 30_000 });
    const controller = new AbortController();
    server.onRequest(() => {
      controller.abort();
    });
    const error = await nonIdempotent.call(client(), undefined, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserplaneAbortError);
  });

  it('a slow response times out, as a timeout and not an abort; POST is not retried', async () => {
    server.reply({ status: 200, body: nonIdempotent.body(), delay: 5_000 });
    const error = await nonIdempotent.call(client({ timeout: 200 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserplaneTimeoutError);
    expect((error as UserplaneTimeoutError).timeout).toBe(200);
    expect(server.requests).toHaveLength(1);
  });

  it('each attempt has its own timeout: a slow PUT is retried and can then succeed', async () => {
    noJitter();
    server.reply(
      { status: 200, body: idempotentWithBody.body(), delay: 5_000 },
      { status: 200, body: idempotentWithBody.body() },
    );
    const result = await idempotentWithBody.call(client(), undefined, { timeout: 300 });
    expect(result).toEqual(idempotentWithBody.body());
    expect(server.requests).toHaveLength(2);
  });
});
