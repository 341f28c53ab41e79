/**
 * Hostile and malformed responses: each gives a documented, typed outcome — never a crash,
 * never a hang. (The README's "Reliability" section lists what each gives.)
 */
import { describe, expect, it } from 'vitest';
import {
  isUserplaneError,
  Userplane,
  UserplaneApiError,
  UserplaneResponseError,
  UserplaneTimeoutError,
  type UserplaneOptions,
} from '../../src/index.js';
import { useFaultServer } from '../support/fault-server.js';
import { API_KEY } from '../support/fixtures.js';
import { idempotentOperation, idempotentWithBody, withDeclaredCode } from '../support/operations.js';

/** Turns the first string leaf of a body (depth first) into a number; returns its dotted path. */
function firstStringLeaf(body: Record<string, unknown>, at = ''): string {
  for (const [key, value] of Object.entries(body)) {
    const path = at === '' ? key : `${at}.${key}`;
    if (typeof value === 'string') {
      body[key] = 42;
      return path;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const found = firstStringLeaf(value as Record<string, unknown>, path);
      if (found !== '') return found;
    }
  }
  return '';
}

const server = useFaultServer();

function client(options: UserplaneOptions = {}): Userplane {
  return new Userplane({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0, rateLimit: false, ...options });
}

async function updateOutcome(options: UserplaneOptions = {}): Promise<unknown> {
  return idempotentWithBody.call(client(options)).catch((e: unknown) => e);
}

describe('2xx responses', () => {
  it('non-JSON under a JSON content-type → UserplaneResponseError, not retried', async () => {
    server.reply({ status: 200, headers: { 'content-type': 'application/json' }, body: '<html>maintenance</html>' });
    const error = await updateOutcome({ maxRetries: 3 });
    expect(error).toBeInstanceOf(UserplaneResponseError);
    expect((error as UserplaneResponseError).message).toMatch(/not JSON/);
    expect((error as UserplaneResponseError).body).toBe('<html>maintenance</html>');
    expect((error as UserplaneResponseError).cause).toBeInstanceOf(SyntaxError);
    expect(server.requests).toHaveLength(1);
  });

  it('truncated JSON → UserplaneResponseError', async () => {
    server.reply({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"message":"ok","da' });
    expect(await updateOutcome()).toBeInstanceOf(UserplaneResponseError);
  });

  it.each([
    ['an empty 200', { status: 200 }],
    [
      'an empty 200 with a JSON content-type',
      { status: 200, headers: { 'content-type': 'application/json' }, body: '' },
    ],
    ['a 204 where the spec declares a body', { status: 204 }],
  ])('%s → UserplaneResponseError (empty body)', async (_, reply) => {
    server.reply(reply);
    const error = await updateOutcome();
    expect(error).toBeInstanceOf(UserplaneResponseError);
    expect((error as UserplaneResponseError).message).toMatch(/empty body/);
  });

  it('valid JSON under a wrong content-type is read as JSON', async () => {
    server.reply({
      status: 200,
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(idempotentWithBody.body()),
    });
    expect(await updateOutcome()).toEqual(idempotentWithBody.body());
  });

  describe('a body that does not match the schema', () => {
    // The operation's own valid body with its first string leaf turned into a number.
    const drifted = idempotentWithBody.body();
    const leaf = firstStringLeaf(drifted);

    it('is returned as sent by default (validateResponses: false)', async () => {
      server.reply({ status: 200, body: drifted });
      expect(await updateOutcome()).toEqual(drifted);
    });

    it('→ UserplaneResponseError naming the paths with validateResponses: true', async () => {
      server.reply({ status: 200, body: drifted });
      const error = await updateOutcome({ validateResponses: true });
      expect(error).toBeInstanceOf(UserplaneResponseError);
      expect((error as UserplaneResponseError).message).toContain(`does not match the spec — ${leaf}: `);
    });

    it('a new field the spec does not know fails validation too (additionalProperties: false)', async () => {
      server.reply({ status: 200, body: { ...idempotentWithBody.body(), extra: true } });
      expect(await updateOutcome({ validateResponses: true })).toBeInstanceOf(UserplaneResponseError);
    });

    it('a matching body passes validation', async () => {
      server.reply({ status: 200, body: idempotentWithBody.body() });
      expect(await updateOutcome({ validateResponses: true })).toEqual(idempotentWithBody.body());
    });
  });

  it('a body over maxResponseBytes (4 MiB by default): a response error that says it was processed, not retried', async () => {
    const big = { ...idempotentWithBody.body(), message: 'm'.repeat(20 * 2 ** 20) };
    server.reply({ status: 200, body: big });
    const error = await updateOutcome({ maxRetries: 3 });
    expect(error).toBeInstanceOf(UserplaneResponseError);
    expect(String(error)).toMatch(/larger than maxResponseBytes \(4194304 B\).*processed, so it is not retried/);
    expect(server.requests).toHaveLength(1);
  });

  it('a body under a raised maxResponseBytes (20 MB of 32 MiB) is read whole', async () => {
    const big = { ...idempotentWithBody.body(), message: 'm'.repeat(20 * 2 ** 20) };
    server.reply({ status: 200, body: big });
    const result = (await updateOutcome({ maxResponseBytes: 32 * 2 ** 20 })) as { message: string };
    expect(result.message).toHaveLength(20 * 2 ** 20);
  });

  it('a body slower than the timeout → UserplaneTimeoutError (the timeout covers reading it)', async () => {
    server.reply({ status: 200, body: idempotentWithBody.body(), delay: 2_000 });
    expect(await updateOutcome({ timeout: 100 })).toBeInstanceOf(UserplaneTimeoutError);
  });

  it('"__proto__" in a response body stays data: no prototype pollution', async () => {
    server.reply({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(idempotentOperation.body()).replace(/^\{/, '{"__proto__":{"polluted":true},'),
    });
    const result = (await idempotentOperation.call(client())) as Record<string, unknown>;
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
  });
});

describe('error responses', () => {
  it('a huge HTML error page gives a short message', async () => {
    server.reply({
      status: 500,
      headers: { 'content-type': 'text/html' },
      body: `<html>${'x'.repeat(5 * 2 ** 20)}</html>`,
    });
    const error = await updateOutcome();
    expect(error).toBeInstanceOf(UserplaneApiError);
    expect((error as UserplaneApiError).message.length).toBeLessThan(500);
  });

  it('"__proto__" in an error body stays data: no prototype pollution', async () => {
    const notFound = withDeclaredCode(404);
    server.reply({
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: `{"defined":true,"code":"${notFound.code}","status":404,"message":"m","data":{"__proto__":{"polluted":true}}}`,
    });
    const error = await notFound.operation.call(client()).catch((e: unknown) => e);
    expect(isUserplaneError(error, notFound.operation.id, notFound.code as never)).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('a redirect is not followed: a typed error that says so', async () => {
    server.reply({ status: 307, headers: { location: 'https://elsewhere.example/api' } });
    const error = await updateOutcome({ maxRetries: 3 });
    expect(error).toBeInstanceOf(UserplaneApiError);
    expect((error as UserplaneApiError).status).toBe(307);
    expect((error as UserplaneApiError).message).toMatch(
      /redirect to https:\/\/elsewhere\.example\/api is not followed/,
    );
    expect(server.requests).toHaveLength(1);
  });
});
