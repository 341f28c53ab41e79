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
} from '../src/index.js';
import { useFaultServer } from './support/fault-server.js';
import { API_KEY, sampleBody, sampleParams } from './support/fixtures.js';

const server = useFaultServer();

function client(options: UserplaneOptions = {}): Userplane {
  return new Userplane({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0, rateLimit: false, ...options });
}

async function updateOutcome(options: UserplaneOptions = {}): Promise<unknown> {
  return client(options)
    .links.update(sampleParams('links.update'))
    .catch((e: unknown) => e);
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
      body: JSON.stringify(sampleBody('links.update')),
    });
    expect(await updateOutcome()).toEqual(sampleBody('links.update'));
  });

  describe('a body that does not match the schema', () => {
    const drifted = { message: 'ok', data: { workspaceId: 'ws_1', link: { linkId: 42 } } };

    it('is returned as sent by default (validateResponses: false)', async () => {
      server.reply({ status: 200, body: drifted });
      expect(await updateOutcome()).toEqual(drifted);
    });

    it('→ UserplaneResponseError naming the paths with validateResponses: true', async () => {
      server.reply({ status: 200, body: drifted });
      const error = await updateOutcome({ validateResponses: true });
      expect(error).toBeInstanceOf(UserplaneResponseError);
      expect((error as UserplaneResponseError).message).toMatch(/does not match the spec — data\.link\.linkId: /);
    });

    it('a new field the spec does not know fails validation too (additionalProperties: false)', async () => {
      server.reply({ status: 200, body: { ...sampleBody('links.update'), extra: true } });
      expect(await updateOutcome({ validateResponses: true })).toBeInstanceOf(UserplaneResponseError);
    });

    it('a matching body passes validation', async () => {
      server.reply({ status: 200, body: sampleBody('links.update') });
      expect(await updateOutcome({ validateResponses: true })).toEqual(sampleBody('links.update'));
    });
  });

  it('a huge body (20 MB) is read whole, without a crash', async () => {
    const big = { ...sampleBody('links.update'), message: 'm'.repeat(20 * 2 ** 20) };
    server.reply({ status: 200, body: big });
    const result = (await updateOutcome()) as { message: string };
    expect(result.message).toHaveLength(20 * 2 ** 20);
  });

  it('a body slower than the timeout → UserplaneTimeoutError (the timeout covers reading it)', async () => {
    server.reply({ status: 200, body: sampleBody('links.update'), delay: 2_000 });
    expect(await updateOutcome({ timeout: 100 })).toBeInstanceOf(UserplaneTimeoutError);
  });

  it('"__proto__" in a response body stays data: no prototype pollution', async () => {
    server.reply({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"message":"ok","__proto__":{"polluted":true},"data":{"workspaceId":"w","linkId":"l"}}',
    });
    const result = (await client().links.delete(sampleParams('links.delete'))) as unknown as Record<string, unknown>;
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
    server.reply({
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: '{"defined":true,"code":"LINK_NOT_FOUND","status":404,"message":"m","data":{"__proto__":{"polluted":true}}}',
    });
    const error = await updateOutcome();
    expect(isUserplaneError(error, 'links.update', 'LINK_NOT_FOUND')).toBe(true);
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
