/**
 * Error bodies of every shape give a typed error (never a parse crash), and the key never
 * shows in any error the SDK makes.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readErrorBody } from '../../src/errors/error-body.js';
import { redactor, scrub } from '../../src/errors/redact.js';
import type { UserplaneError } from '../../src/index.js';
import {
  isUserplaneError,
  NotFoundError,
  Userplane,
  UserplaneApiError,
  type UserplaneOptions,
} from '../../src/index.js';
import { useFaultServer } from '../support/fault-server.js';
import { API_KEY, operationIds } from '../support/fixtures.js';
import { idempotentOperation, nonIdempotent, pickField, withDeclaredCode } from '../support/operations.js';

const server = useFaultServer();

function client(options: UserplaneOptions = {}): Userplane {
  return new Userplane({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0, rateLimit: false, ...options });
}

async function deleteError(): Promise<UserplaneApiError> {
  const error: unknown = await idempotentOperation.call(client()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserplaneApiError);
  return error as UserplaneApiError;
}

describe('readErrorBody: tolerant of every body', () => {
  const declared = ['SDK_NOT_FOUND', 'SDK_OTHER'];
  const read = (status: number, statusText: string, body: unknown, codes?: string[]) =>
    readErrorBody(
      status,
      statusText,
      typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body),
      codes,
    );
  it('reads the documented shape', () => {
    expect(
      read(
        404,
        'Not Found',
        { defined: true, code: 'SDK_NOT_FOUND', status: 404, message: 'Not found', data: { x: 1 } },
        declared,
      ),
    ).toEqual({ code: 'SDK_NOT_FOUND', defined: true, message: 'Not found', data: { x: 1 } });
  });
  it('treats a defined code the spec does not declare here as undeclared', () => {
    expect(read(404, '', { defined: true, code: 'SOMETHING_NEW', status: 404, message: 'm' }, declared).defined).toBe(
      false,
    );
  });
  it('reads the older { error, message } shape', () => {
    expect(read(404, '', { error: 'SDK_NOT_FOUND', message: 'gone' }, declared)).toMatchObject({
      code: 'SDK_NOT_FOUND',
      defined: false,
      message: 'gone',
    });
  });
  it.each([
    ['HTML', '<html><body><h1>502 Bad Gateway</h1>nginx</body></html>', /502 Bad Gateway nginx/],
    ['truncated JSON', '{"defined":true,"code":"SDK_NOT', /\{"defined":true,"code":"SDK_NOT/],
    ['empty', undefined, /empty body/],
    ['empty string', '', /empty body/],
    ['JSON that is not an object', 42, /42/],
    ['JSON null', null, /null/],
  ])('%s → HTTP_<status> with a useful message', (_, body, message) => {
    const error = read(502, 'Bad Gateway', body);
    expect(error.code).toBe('HTTP_502');
    expect(error.defined).toBe(false);
    expect(error.message).toMatch(message);
  });
  it('keeps only an excerpt of a huge body', () => {
    expect(read(500, '', 'x'.repeat(1_000_000)).message.length).toBeLessThan(400);
  });
  it('reads any depth of nesting; once scrubbed, keys and values are redacted at every level', () => {
    const deep = `${'['.repeat(5000)}"${API_KEY}"${']'.repeat(5000)}`;
    const body = read(
      404,
      '',
      `{"defined":true,"code":"SDK_NOT_FOUND","message":"m","data":{"${API_KEY}":${deep}}}`,
      declared,
    );
    expect(body).toMatchObject({ code: 'SDK_NOT_FOUND', defined: true });
    const error = scrub(Object.assign(new Error('m'), { data: body.data }), redactor(API_KEY));
    // Kept to 64 levels, so that serializing the error cannot overflow either.
    expect(JSON.stringify(error.data)).toMatch(/\[nested too deep\]/);
    expect(JSON.stringify(error.data)).not.toContain(API_KEY.slice(5, 11));
  });
});

describe('error responses over HTTP', () => {
  it('a documented 404 is a NotFoundError narrowed to its code', async () => {
    const { operation, code } = withDeclaredCode(404);
    server.reply({ status: 404, body: { defined: true, code, status: 404, message: 'Not found' } });
    const error: unknown = await operation.call(client()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(isUserplaneError(error, operation.id, code as never)).toBe(true);
    const other = Object.values(operation.model.errors)
      .flat()
      .find((c) => c !== code);
    if (other !== undefined) expect(isUserplaneError(error, operation.id, other as never)).toBe(false);
    const otherOperation = operationIds.find((id) => id !== operation.id);
    if (otherOperation !== undefined) expect(isUserplaneError(error, otherOperation)).toBe(false);
    expect((error as UserplaneApiError).headers['content-type']).toBe('application/json');
  });
  it.each([
    ['an empty body', { status: 404 }, 'HTTP_404', /empty body/],
    [
      'an empty JSON-typed body',
      { status: 404, headers: { 'content-type': 'application/json' }, body: '' },
      'HTTP_404',
      /empty body/,
    ],
    [
      'truncated JSON',
      { status: 404, headers: { 'content-type': 'application/json' }, body: '{"defined":true,"co' },
      'HTTP_404',
      /not the documented JSON/,
    ],
    [
      'the older shape',
      { status: 404, body: { error: 'LINK_NOT_FOUND', message: 'Link not found' } },
      'LINK_NOT_FOUND',
      /Link not found/,
    ],
  ])('%s still gives a typed error with the status', async (_, reply, code, message) => {
    server.reply(reply);
    const error = await deleteError();
    expect(error.status).toBe(404);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('the API key never leaks', () => {
  function expectNoKey(value: unknown): void {
    const views = [
      String(value),
      JSON.stringify(value),
      inspect(value, { depth: 10, showHidden: true }),
      value instanceof Error ? (value.stack ?? '') : '',
    ];
    for (const view of views) expect(view).not.toContain(API_KEY);
  }

  it('not from the client object', () => {
    const userplane = client();
    expectNoKey(userplane);
    expectNoKey(userplane.raw);
    expectNoKey(userplane.links);
  });

  it('not from an API error, even when the server echoes the key', async () => {
    server.reply({
      status: 401,
      headers: { 'x-echo': `Bearer ${API_KEY}` },
      body: {
        defined: true,
        code: 'API_KEY_INVALID',
        status: 401,
        message: `Key ${API_KEY} is invalid`,
        data: { key: API_KEY },
      },
    });
    const error = await deleteError();
    expect(error.code).toBe('API_KEY_INVALID');
    expectNoKey(error);
    expect(error.message).toContain('uspl_[redacted]');
  });

  it('not from a validation error that echoes a value', async () => {
    const field = pickField('an enum', (f) => Array.isArray(f.schema['enum']));
    const params = { ...field.operation.params(), [field.name]: API_KEY };
    const error: unknown = await field.operation.call(client(), params).catch((e: unknown) => e);
    expect(isUserplaneError(error) && error.kind).toBe('validation');
    expectNoKey(error);
  });

  it('not from connection, timeout, abort or config errors', async () => {
    const errors: unknown[] = [];
    const offline = new Userplane({ apiKey: API_KEY, baseUrl: 'http://127.0.0.1:9', maxRetries: 0 });
    errors.push(await idempotentOperation.call(offline).catch((e: unknown) => e));
    server.reply({ status: 200, delay: 2000 });
    errors.push(await nonIdempotent.call(client({ timeout: 50 })).catch((e: unknown) => e));
    errors.push(
      await nonIdempotent.call(client(), undefined, { signal: AbortSignal.abort() }).catch((e: unknown) => e),
    );
    try {
      new Userplane({ apiKey: `${API_KEY} ` });
    } catch (e) {
      errors.push(e);
    }
    expect(errors.map((e) => (e as UserplaneError).kind)).toEqual(['connection', 'timeout', 'abort', 'config']);
    for (const error of errors) expectNoKey(error);
  });
});
