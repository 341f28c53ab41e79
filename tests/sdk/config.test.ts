/** Client options: the key, the base URL, the numeric limits — bad input is refused before sending. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULTS, Userplane, UserplaneConfigError, type RateLimitStore } from '../../src/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../../scripts/spec.js';
import { VERSION } from '../../src/shared/version.js';
import { API_KEY } from '../support/fixtures.js';
import { idempotentOperation } from '../support/operations.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('API key', () => {
  it('reads USERPLANE_API_KEY when no apiKey is given, and sends it as the Bearer token', async () => {
    vi.stubEnv('USERPLANE_API_KEY', API_KEY);
    const sent: Request[] = [];
    const userplane = new Userplane({
      baseUrl: 'https://api.example',
      fetch: (request) => {
        sent.push(request);
        return Promise.resolve(Response.json(idempotentOperation.body()));
      },
    });
    await idempotentOperation.call(userplane);
    expect(sent[0]?.headers.get('authorization')).toBe(`Bearer ${API_KEY}`);
  });

  it('refuses a missing key, naming the option and the variable', () => {
    vi.stubEnv('USERPLANE_API_KEY', '');
    expect(() => new Userplane()).toThrow(/pass \{ apiKey \}.*USERPLANE_API_KEY/);
  });

  it.each([
    ['no uspl_ prefix', 'sk_live_abc'],
    ['only the prefix', 'uspl_'],
    ['whitespace', 'uspl_abc def'],
    ['a newline (header injection)', 'uspl_abc\r\nX-Evil: 1'],
  ])('refuses a malformed key: %s, without echoing it', (_, key) => {
    let error: unknown;
    try {
      new Userplane({ apiKey: key });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserplaneConfigError);
    expect(String(error)).toMatch(/Malformed API key.*uspl_/);
    // The message names the prefix itself; the key must not be echoed beyond that.
    expect(String(error).replace('"uspl_…"', '')).not.toContain(key);
  });

  it('refuses a key that is not a string', () => {
    expect(() => new Userplane({ apiKey: 42 as unknown as string })).toThrow(/got a number/);
  });
});

describe('baseUrl', () => {
  it('defaults to the spec server', () => {
    vi.stubEnv('USERPLANE_BASE_URL', '');
    expect(new Userplane({ apiKey: API_KEY }).baseUrl).toBe('https://api.userplane.io/api/v1');
  });
  it('reads USERPLANE_BASE_URL', () => {
    vi.stubEnv('USERPLANE_BASE_URL', 'http://127.0.0.1:4010/');
    expect(new Userplane({ apiKey: API_KEY }).baseUrl).toBe('http://127.0.0.1:4010');
  });
  it.each(['not a url', 'ftp://example.com', 'https://user:pw@api.example', 'https://api.example/?x=1'])(
    'refuses %j',
    (url) => {
      expect(() => new Userplane({ apiKey: API_KEY, baseUrl: url })).toThrow(UserplaneConfigError);
    },
  );
});

describe('limits', () => {
  it('a client without options makes 4 attempts (3 retries, upstream’s advice), and no consumer can change the defaults', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    let attempts = 0;
    const userplane = new Userplane({
      apiKey: API_KEY,
      baseUrl: 'https://api.example',
      fetch: () => {
        attempts++;
        return Promise.resolve(new Response(null, { status: 503 }));
      },
    });
    await expect(idempotentOperation.call(userplane)).rejects.toThrow(/503/);
    // The documented figure, not DEFAULTS read back: a wrong default must fail here.
    expect(attempts).toBe(4);
    expect(DEFAULTS.maxRetries).toBe(3);
    expect(() => {
      Object.assign(DEFAULTS, { maxRetries: 0 });
    }).toThrow(TypeError);
    expect(Object.isFrozen(DEFAULTS)).toBe(true);
  });
  it.each([
    { maxRetries: -1 },
    { maxRetries: 1.5 },
    { maxRetries: Number.NaN },
    { timeout: 0 },
    { timeout: Number.POSITIVE_INFINITY },
    { timeout: 2 ** 31 },
    { maxRetryAfter: -5 },
    { rateLimit: true as unknown as false },
    { rateLimit: 'on' as unknown as false },
    { rateLimit: { requests: 0 } },
    { rateLimit: { requests: 100_001 } },
    { rateLimit: { per: 0.5 } },
    { rateLimit: { maxWait: -1 } },
    { rateLimit: { store: {} as RateLimitStore } },
    { rateLimit: { store: { take: () => 0 } as unknown as RateLimitStore } },
  ])('refuses %j', (options) => {
    expect(() => new Userplane({ apiKey: API_KEY, ...options })).toThrow(UserplaneConfigError);
  });
  it('refuses a bad per-call limit without sending', async () => {
    const fetch = vi.fn<(request: Request) => Promise<Response>>();
    const userplane = new Userplane({ apiKey: API_KEY, fetch });
    await expect(idempotentOperation.call(userplane, undefined, { timeout: -1 })).rejects.toThrow(UserplaneConfigError);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('custom fetch and headers', () => {
  it('uses the given fetch, with the key, default and per-call headers', async () => {
    const fetch = vi.fn<(request: Request) => Promise<Response>>(() =>
      Promise.resolve(Response.json(idempotentOperation.body())),
    );
    const userplane = new Userplane({
      apiKey: API_KEY,
      baseUrl: 'https://api.example/v1',
      fetch,
      headers: { 'X-App': 'tests' },
    });
    const { model, pathParams } = idempotentOperation;
    const params = {
      ...idempotentOperation.params(),
      ...Object.fromEntries(pathParams.map((name) => [name, `${name}_1`])),
    };
    await idempotentOperation.call(userplane, params, { headers: { 'X-Trace': 't1' } });
    const request = fetch.mock.calls[0]![0];
    const path = model.path.replace(/\{([^}]+)\}/g, '$1_1');
    expect(request.url.split('?')[0]).toBe(`https://api.example/v1${path}`);
    expect(request.method).toBe(model.method.toUpperCase());
    expect(request.headers.get('authorization')).toBe(`Bearer ${API_KEY}`);
    expect(request.headers.get('x-app')).toBe('tests');
    expect(request.headers.get('x-trace')).toBe('t1');
  });

  it('percent-encodes path params', async () => {
    const fetch = vi.fn<(request: Request) => Promise<Response>>(() =>
      Promise.resolve(Response.json(idempotentOperation.body())),
    );
    const userplane = new Userplane({ apiKey: API_KEY, baseUrl: 'https://api.example', fetch });
    const { model, pathParams } = idempotentOperation;
    const values = ['a/b?c', 'ü #1', '%2e%2e'];
    const encoded = ['a%2Fb%3Fc', '%C3%BC%20%231', '%252e%252e'];
    const params = {
      ...idempotentOperation.params(),
      ...Object.fromEntries(pathParams.map((name, i) => [name, values[i % 3]])),
    };
    await idempotentOperation.call(userplane, params);
    let index = 0;
    const path = model.path.replace(/\{[^}]+\}/g, () => encoded[index++ % 3]!);
    expect(fetch.mock.calls[0]![0].url.split('?')[0]).toBe(`https://api.example${path}`);
  });
});

describe('identity', () => {
  it('every request says which SDK and version sent it, and on which runtime', async () => {
    const sent: Request[] = [];
    const fetch = (request: Request): Promise<Response> => {
      sent.push(request);
      return Promise.resolve(Response.json(idempotentOperation.body()));
    };
    await idempotentOperation.call(new Userplane({ apiKey: API_KEY, baseUrl: 'https://api.example', fetch }));
    expect(sent[0]?.headers.get('user-agent')).toBe(`userplane-typescript/${VERSION} node/${process.versions.node}`);
    expect(sent[0]?.headers.get('accept')).toBe('application/json');
  });

  it('VERSION is the package version', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
