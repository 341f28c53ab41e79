/**
 * Security: the key never leaks (any error kind, its whole cause chain, the logger), never goes
 * to another origin, never crosses the network in clear text or ships to a browser by accident.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  isUserplaneError,
  keyRedactor,
  Userplane,
  UserplaneConfigError,
  type LogEvent,
  type UserplaneErrorKind,
} from '../../src/index.js';
import { startFaultServer, useFaultServer } from '../support/fault-server.js';
import { API_KEY } from '../support/fixtures.js';
import { idempotentOperation, idempotentWithBody, pickField } from '../support/operations.js';

const server = useFaultServer();
afterEach(() => {
  vi.unstubAllGlobals();
});

/** Every view of an error a log line or a crash report could show, down its cause chain. */
function views(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    out.push(inspect(current, { depth: 10, showHidden: true }));
    try {
      out.push(JSON.stringify(current));
    } catch {
      // a cause that cannot be serialized has nothing to leak through JSON
    }
    if (current instanceof Error) {
      out.push(current.toString(), current.stack ?? '', current.message);
      current = current.cause;
    } else {
      current = undefined;
    }
  }
  return out;
}

describe('the key never leaks', () => {
  it('from an error of every kind, its stack and cause chain, or the logger', async () => {
    const logged: LogEvent[] = [];
    const options = {
      apiKey: API_KEY,
      baseUrl: server.url,
      maxRetries: 1,
      logger: (event: LogEvent) => logged.push(event),
    };
    const echo = `Bearer ${API_KEY}`;
    const errors = new Map<UserplaneErrorKind, unknown>();
    const capture = async (promise: Promise<unknown>): Promise<void> => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      if (isUserplaneError(error)) errors.set(error.kind, error);
    };

    // api: the server echoes the key in its message, data and a header
    server.reply(
      { status: 429, headers: { 'retry-after': '0', 'x-echo': echo }, body: { message: echo } },
      {
        status: 401,
        headers: { 'x-echo': echo },
        body: { defined: true, code: 'API_KEY_INVALID', status: 401, message: echo, data: { echo } },
      },
    );
    await capture(idempotentOperation.call(new Userplane(options)));
    // response: a 2xx body that echoes the key and is not JSON
    server.reply({ status: 200, body: `not json ${echo}` });
    await capture(idempotentOperation.call(new Userplane(options)));
    // connection, with the runtime's own error as the cause
    await capture(idempotentOperation.call(new Userplane({ ...options, baseUrl: 'http://127.0.0.1:9' })));
    // timeout
    server.reply({ status: 200, body: {}, delay: 1000 }, { status: 200, body: {}, delay: 1000 });
    await capture(idempotentOperation.call(new Userplane({ ...options, timeout: 50 })));
    // abort, with the caller's reason as the cause
    await capture(idempotentOperation.call(new Userplane(options), undefined, { signal: AbortSignal.abort() }));
    // validation, where a validator message would echo the value
    const enumField = pickField('an enum', (f) => Array.isArray(f.schema['enum']));
    await capture(
      enumField.operation.call(new Userplane(options), { ...enumField.operation.params(), [enumField.name]: API_KEY }),
    );
    // config: a key with a typo
    try {
      new Userplane({ ...options, apiKey: `${API_KEY}\n` });
    } catch (error) {
      if (isUserplaneError(error)) errors.set(error.kind, error);
    }

    expect([...errors.keys()].sort()).toEqual([
      'abort',
      'api',
      'config',
      'connection',
      'response',
      'timeout',
      'validation',
    ]);
    for (const [kind, error] of errors) {
      for (const view of views(error)) expect(view, `${kind} error`).not.toContain(API_KEY);
    }
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toContain(API_KEY);
  });

  it('a throwing logger does not break the call', async () => {
    server.reply({ status: 200, body: { message: 'ok', data: {} } });
    const userplane = new Userplane({
      apiKey: API_KEY,
      baseUrl: server.url,
      logger: () => {
        throw new Error('logger down');
      },
    });
    await expect(idempotentOperation.call(userplane)).resolves.toEqual({ message: 'ok', data: {} });
  });

  it('per-call headers cannot replace the key', async () => {
    server.reply({ status: 200, body: { message: 'ok', data: {} } });
    await idempotentOperation.call(new Userplane({ apiKey: API_KEY, baseUrl: server.url }), undefined, {
      headers: { authorization: 'Bearer uspl_someone_else' },
    });
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });
});

describe('no credential to another origin', () => {
  it.each([
    ['another port', (port: number) => `http://127.0.0.1:${port}/steal`],
    ['another host', (port: number) => `http://localhost:${port}/steal`],
  ])('a redirect to %s is not followed, by the SDK or the raw client', async (_, target) => {
    const other = await startFaultServer();
    try {
      const location = target(Number(new URL(other.url).port));
      server.reply({ status: 302, headers: { location } }, { status: 302, headers: { location } });
      const userplane = new Userplane({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0 });
      const error = await idempotentOperation.call(userplane).catch((e: unknown) => e);
      expect(isUserplaneError(error, idempotentOperation.id) && error.status).toBe(302);
      const { model, pathParams } = idempotentOperation;
      const path = Object.fromEntries(pathParams.map((name) => [name, 'x_1']));
      const raw = await (
        userplane.raw as unknown as {
          request(method: string, url: string, init: unknown): Promise<{ response: Response }>;
        }
      ).request(model.method, model.path, { params: { path } });
      expect(raw.response.status).toBe(302);
      expect(server.requests).toHaveLength(2);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});

describe('transport security', () => {
  it.each(['http://api.userplane.io/api/v1', 'http://10.0.0.5:8080', 'http://127.example.com'])(
    'refuses plain http to %s',
    (baseUrl) => {
      expect(() => new Userplane({ apiKey: API_KEY, baseUrl })).toThrow(/plain http.*dangerouslyAllowHttp/);
    },
  );

  it.each(['http://localhost:4010', 'http://127.0.0.1:4010', 'http://127.1.2.3', 'http://[::1]:4010'])(
    'allows loopback %s',
    (baseUrl) => {
      expect(new Userplane({ apiKey: API_KEY, baseUrl }).baseUrl).toBe(new URL(baseUrl).href.replace(/\/$/, ''));
    },
  );

  it('allows plain http when opted in', () => {
    expect(
      () => new Userplane({ apiKey: API_KEY, baseUrl: 'http://10.0.0.5:8080', dangerouslyAllowHttp: true }),
    ).not.toThrow();
  });
});

describe('browsers', () => {
  function pretendBrowser(): void {
    vi.stubGlobal('window', { document: {} });
    vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0' });
  }

  it('refuses to run in a browser, saying why', () => {
    pretendBrowser();
    expect(() => new Userplane({ apiKey: API_KEY })).toThrow(UserplaneConfigError);
    expect(() => new Userplane({ apiKey: API_KEY })).toThrow(/browser.*dangerouslyAllowBrowser/);
  });

  it('runs in a browser when opted in', () => {
    pretendBrowser();
    expect(() => new Userplane({ apiKey: API_KEY, dangerouslyAllowBrowser: true })).not.toThrow();
  });
});

describe('prototype pollution', () => {
  it('a __proto__ key inside an object field is refused before sending, and nothing is polluted', async () => {
    const field = pickField('an object field', (f) => f.in === 'body' && f.schema['type'] === 'object');
    const value = JSON.parse('{"__proto__": {"polluted": "yes"}}') as Record<string, string>;
    const error = await field.operation
      .call(new Userplane({ apiKey: API_KEY, baseUrl: server.url }), {
        ...field.operation.params(),
        [field.name]: value,
      })
      .catch((e: unknown) => e);
    expect(isUserplaneError(error) && error.kind).toBe('validation');
    expect(server.requests).toHaveLength(0);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('params with a polluted-looking own __proto__ key are refused, not merged into a prototype', async () => {
    const params = JSON.parse(
      JSON.stringify(idempotentWithBody.params()).replace(/^\{/, '{"__proto__":{"polluted":"x"},'),
    ) as Record<string, unknown>;
    const error = await idempotentWithBody
      .call(new Userplane({ apiKey: API_KEY, baseUrl: server.url }), params)
      .catch((e: unknown) => e);
    expect(isUserplaneError(error) && error.kind).toBe('validation');
    expect(server.requests).toHaveLength(0);
  });
});

describe('keyRedactor, for your own logs', () => {
  it('over generated keys and texts: ends, and leaves no six characters of the secret in any case', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constant(''),
          fc.constant('uspl_'),
          fc.string({ maxLength: 12 }).map((s) => `uspl_${s}`),
        ),
        fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.constant('KEY')), { maxLength: 6 }),
        (key, parts) => {
          const text = parts.map((part) => (part === 'KEY' ? key.slice(5).toUpperCase() : part)).join(' ');
          const redacted = keyRedactor(key)(text).replaceAll('[redacted]', '\u0000');
          const secret = key.slice(5).toLowerCase();
          const width = Math.min(6, secret.length);
          for (let at = 0; width > 0 && at + width <= secret.length; at++) {
            expect(redacted.toLowerCase()).not.toContain(secret.slice(at, at + width));
          }
          if (secret === '') expect(redacted).toBe(text);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});
