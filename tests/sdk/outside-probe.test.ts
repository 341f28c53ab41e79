/**
 * What a second outside probe broke, one named test each: the key in a runtime error's own
 * fields, in a lower-cased header name, in a refused header name; a call outside the error
 * family (a Response whose getter throws, params that throw on every operation shape); options
 * read through the prototype chain; and clients that cost more the more there are. (A store that
 * never answers: tests/sdk/rate-limit.test.ts, against a real redis-server made unresponsive.)
 */
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { format, inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { operations, specServerUrl } from '../../src/generated/operations.js';
import {
  isUserplaneError,
  Userplane,
  UserplaneConfigError,
  type UserplaneError,
  type UserplaneOptions,
} from '../../src/index.js';
import { buildResources } from '../../src/operations/namespaces.js';
import { resolveOptions } from '../../src/options/resolve.js';
import { registeredStores } from '../../src/pacing/store.js';
import { callOperation } from '../../src/request/call.js';
import type { OperationDefinition } from '../../src/request/operation.js';
import { createTransport } from '../../src/request/transport.js';
import { API_KEY } from '../support/fixtures.js';
import { idempotentOperation, nonIdempotent } from '../support/operations.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Every way a log line or a crash report could show an error: console.log's, util.inspect's, JSON's, String's. */
function views(error: unknown): string {
  const json = ((): string => {
    try {
      return JSON.stringify(error);
    } catch {
      return '';
    }
  })();
  return [format('%o', error), inspect(error, { depth: 20, showHidden: true }), json, String(error)].join('\n');
}

/** Any six characters in a row of the key's secret, in any letter case, in `text`. */
function leaks(text: string, key: string): string[] {
  const secret = key.slice(5).toLowerCase();
  const folded = text.toLowerCase();
  const found: string[] = [];
  for (let at = 0; at + 6 <= secret.length; at++)
    if (folded.includes(secret.slice(at, at + 6))) found.push(secret.slice(at, at + 6));
  return found;
}

/** A raw TCP server answering each request with `reply(request bytes)`, then closing. */
async function rawServer(reply: (request: Buffer) => Buffer): Promise<{ url: string; close(): void }> {
  const server = createTcpServer((socket) => {
    socket.once('data', (data: Buffer) => {
      socket.end(reply(data));
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('the key in everything an error can reach', () => {
  it.each([
    ['a second Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n', 'connection'],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'connection'],
    ['a malformed status line', 'HTTP/1.1 2x0 OK\r\n', 'connection'],
    // The echo reads as headers: the key comes back as a response header, in a response error.
    ['a header line the echo completes', 'HTTP/1.1 200 OK\r\nX-Echo: ', 'response'],
  ])(
    "a gateway that echoes the request after %s: whatever the runtime's error keeps, the key never shows",
    async (_, head, kind) => {
      const key = 'uspl_GatewayEcho_Q7xW2vB9kP4m';
      const server = await rawServer((request) => Buffer.concat([Buffer.from(head), request]));
      try {
        const userplane = new Userplane({ apiKey: key, baseUrl: server.url, maxRetries: 0, rateLimit: false });
        const error: unknown = await idempotentOperation.call(userplane).catch((e: unknown) => e);
        expect(isUserplaneError(error)).toBe(true);
        expect((error as UserplaneError).kind).toBe(kind);
        // The runtime's error is still the cause, its own fields kept — the key out of them.
        if (kind === 'connection') expect(inspect(error, { depth: 20 })).toMatch(/HTTPParserError|HPE_/);
        expect(leaks(views(error), key)).toEqual([]);
      } finally {
        server.close();
      }
    },
  );

  it('a 401 whose header name holds a mixed-case key: fetch lower-cases it, redaction ignores letter case', async () => {
    const key = 'uspl_MiXeDcAsE_Zq9xW2vB7kP4';
    const userplane = new Userplane({
      apiKey: key,
      baseUrl: 'https://api.example',
      rateLimit: false,
      fetch: () => Promise.resolve(new Response('{}', { status: 401, headers: { [`x-${key}`]: key.toUpperCase() } })),
    });
    const error: unknown = await idempotentOperation.call(userplane).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'api', status: 401 });
    expect(leaks(views(error), key)).toEqual([]);
    expect(leaks(JSON.stringify((error as { headers: unknown }).headers), key)).toEqual([]);
  });

  it('a header name that holds the key, pasted in the wrong field: refused without quoting it, at construction and per call', async () => {
    const headers = { [`Authorization: Bearer ${API_KEY}`]: '' };
    const refused = (() => {
      try {
        return new Userplane({ apiKey: API_KEY, headers });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(UserplaneConfigError);
    expect(leaks(views(refused), API_KEY)).toEqual([]);
    const userplane = new Userplane({
      apiKey: API_KEY,
      baseUrl: 'https://api.example',
      fetch: () => Promise.reject(new Error('sent')),
    });
    const perCall: unknown = await idempotentOperation.call(userplane, undefined, { headers }).catch((e: unknown) => e);
    expect(perCall).toMatchObject({ kind: 'config', attempts: 0 });
    expect(leaks(views(perCall), API_KEY)).toEqual([]);
  });
});

describe('every path inside the family', () => {
  /** A Response whose `name` getter throws, every other field as a 200's. */
  const throwing = (name: 'status' | 'headers' | 'body' | 'statusText'): Response => {
    const response = Response.json(idempotentOperation.body());
    return new Proxy(response, {
      get(target, property) {
        if (property === name) throw new Error(`the ${name} getter threw`);
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  };

  it.each(['status', 'headers', 'body', 'statusText'] as const)(
    'a fetch option whose Response throws from its %s getter: a config error, the request handed over (attempts 1)',
    async (name) => {
      let sent = 0;
      const userplane = new Userplane({
        apiKey: API_KEY,
        baseUrl: 'https://api.example',
        fetch: () => {
          sent++;
          return Promise.resolve(throwing(name));
        },
      });
      const error: unknown = await idempotentOperation.call(userplane).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'config', attempts: 1 });
      expect(sent).toBe(1);
      // The turn it took was given back: the next call is not held up.
      const again: unknown = await idempotentOperation.call(userplane).catch((e: unknown) => e);
      expect(again).toMatchObject({ kind: 'config', attempts: 1 });
    },
  );

  /** Operations of each shape, whatever the spec holds today: a POST with a body, a paged list, one without params. */
  const shapes: Record<string, OperationDefinition> = {
    'things.create': {
      method: 'post',
      path: '/things',
      bodyRequired: true,
      validators: { body: (operations as Record<string, OperationDefinition>)[nonIdempotent.id]!.validators.body! },
    },
    'things.list': {
      method: 'get',
      path: '/things',
      query: { page: 'form' },
      pageItems: 'things',
      validators: {},
    },
    me: { method: 'get', path: '/me', validators: {} },
  };
  const hostile = {
    'a Proxy whose every trap throws': () =>
      new Proxy({}, { get: thrower, ownKeys: thrower, has: thrower, getOwnPropertyDescriptor: thrower }),
    'a getter that throws': () => ({
      get page(): number {
        throw new Error('the params getter threw');
      },
    }),
  };
  function thrower(): never {
    throw new Error('the params Proxy threw');
  }

  describe.each(Object.keys(shapes))('%s', (operationId) => {
    it.each(Object.keys(hostile) as (keyof typeof hostile)[])(
      '%s as params: a validation error, nothing sent',
      async (what) => {
        let sent = 0;
        const options = resolveOptions({ apiKey: API_KEY, baseUrl: 'https://api.example', rateLimit: false });
        const transport = createTransport({
          baseUrl: options.baseUrl,
          fetch: () => {
            sent++;
            return Promise.resolve(Response.json({ data: { things: [], pagination: { hasMore: false } } }));
          },
        });
        const context = { transport, options, authorization: `Bearer ${API_KEY}` };
        const tree = buildResources(
          (id, operation, params, requestOptions, page) =>
            callOperation(context, id, operation, params, requestOptions, page),
          shapes,
        ) as unknown as Record<string, unknown>;
        let method: unknown = tree;
        for (const segment of operationId.split('.')) method = (method as Record<string, unknown>)[segment];
        const call = (): Promise<unknown> => (method as (params: unknown) => Promise<unknown>)(hostile[what]());
        let error: unknown;
        try {
          error = await call().catch((e: unknown) => e);
        } catch (thrown) {
          error = { thrown };
        }
        expect(isUserplaneError(error), format('%o', error)).toBe(true);
        expect(error).toMatchObject({ kind: 'validation', attempts: 0 });
        expect(sent).toBe(0);
      },
    );
  });
});

describe('options are the caller’s own', () => {
  it('a polluted Object.prototype (baseUrl, apiKey, headers, fetch, the environment’s names) changes nothing', async () => {
    const sent: Request[] = [];
    vi.stubGlobal('fetch', (input: string | Request, init?: RequestInit) => {
      sent.push(new Request(input, init));
      return Promise.resolve(Response.json(idempotentOperation.body()));
    });
    const polluted: Record<string, unknown> = {
      baseUrl: 'https://evil.example',
      apiKey: 'uspl_polluted_0123456789',
      headers: { 'x-polluted': 'yes' },
      fetch: () => Promise.reject(new Error('the polluted fetch')),
      timeout: 1,
      maxRetries: 1000,
      USERPLANE_BASE_URL: 'https://evil-env.example',
    };
    const prototype = Object.prototype as Record<string, unknown>;
    let userplane: Userplane;
    let result: Promise<unknown>;
    try {
      Object.assign(prototype, polluted);
      userplane = new Userplane({ apiKey: API_KEY });
      result = idempotentOperation.call(userplane, undefined, {}).catch((e: unknown) => e);
      await result;
    } finally {
      for (const name of Object.keys(polluted)) Reflect.deleteProperty(prototype, name);
    }
    expect(await result).toEqual(idempotentOperation.body());
    expect(userplane.baseUrl).toBe(specServerUrl);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toMatch(new RegExp(`^${specServerUrl}/`));
    expect(sent[0]?.headers.get('authorization')).toBe(`Bearer ${API_KEY}`);
    expect(sent[0]?.headers.get('x-polluted')).toBeNull();
  });
});

describe('clients cost the same whatever their number', () => {
  it('making a client looks up its store, and walks no registry: WeakRef reads grow with the clients, not their square', () => {
    const deref = vi.spyOn(WeakRef.prototype, 'deref');
    const base = 'https://registry-walk.example';
    for (let i = 0; i < 2_000; i++) new Userplane({ apiKey: `uspl_tenant_${i}_0123456789`, baseUrl: base });
    // One look-up a client at most: sweeping every entry at each construction read 2 million.
    expect(deref.mock.calls.length).toBeLessThanOrEqual(2_000);
  });

  it('the registry forgets the stores of clients that are gone', async () => {
    const base = 'https://registry-gone.example';
    const count = (): number => registeredStores().filter((id) => id.endsWith(base.slice(8))).length;
    (() => {
      for (let i = 0; i < 100; i++)
        new Userplane({ apiKey: `uspl_gone_${i}_0123456789`, baseUrl: base } satisfies UserplaneOptions);
    })();
    expect(count()).toBe(100);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    for (let i = 0; i < 10 && count() > 0; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(count()).toBe(0);
  });
});
