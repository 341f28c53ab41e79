/**
 * Params are validated with the generated validators before any request: bad input never
 * leaves. Each case is made at a field of the right shape (tests/support/operations.ts), so it
 * holds for any spec the pull brings.
 */
import { describe, expect, it, vi } from 'vitest';
import { Userplane, UserplaneValidationError } from '../../src/index.js';
import { API_KEY } from '../support/fixtures.js';
import { idempotentOperation, nonIdempotent, pickField, pickOperation } from '../support/operations.js';

type Schema = Record<string, unknown>;

function offlineClient() {
  const fetch = vi.fn<(request: Request) => Promise<Response>>();
  return { fetch, userplane: new Userplane({ apiKey: API_KEY, baseUrl: 'https://api.example', fetch }) };
}

async function validationError(run: (userplane: Userplane) => Promise<unknown>): Promise<UserplaneValidationError> {
  const { fetch, userplane } = offlineClient();
  const error: unknown = await run(userplane).catch((e: unknown) => e);
  expect(fetch).not.toHaveBeenCalled();
  expect(error).toBeInstanceOf(UserplaneValidationError);
  return error as UserplaneValidationError;
}

const {
  operation: withLimits,
  broken,
  expected,
} = (() => {
  // The first operation with a body, its params broken at every field that has a limit.
  const operation = nonIdempotent;
  const params = operation.params();
  const paths: string[] = [];
  for (const p of operation.model.parameters) {
    if (p.in === 'path' && typeof p.schema['minLength'] === 'number' && p.schema['minLength'] > 0) {
      params[p.name] = '';
      paths.push(p.name);
    }
  }
  const properties = (operation.model.body?.schema['properties'] ?? {}) as Record<string, Schema>;
  for (const [name, schema] of Object.entries(properties)) {
    const additional = schema['additionalProperties'] as Schema | undefined;
    if (schema['type'] === 'string' && typeof schema['maxLength'] === 'number') {
      params[name] = 'x'.repeat(schema['maxLength'] + 1);
      paths.push(name);
    } else if (schema['type'] === 'object' && typeof additional?.['maxLength'] === 'number') {
      params[name] = { fine: 'y', tooLong: 'y'.repeat(additional['maxLength'] + 1) };
      paths.push(`${name}.tooLong`);
    }
  }
  return { operation, broken: params, expected: paths.sort() };
})();

describe('params validation', () => {
  it('names every bad field by its path, and sends nothing', async () => {
    expect(expected.length).toBeGreaterThanOrEqual(2);
    const error = await validationError((u) => withLimits.call(u, broken));
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(expected);
    expect(error.operationId).toBe(withLimits.id);
    expect(error.attempts).toBe(0);
    expect(error.message.startsWith(`${withLimits.id}: invalid params — `)).toBe(true);
  });

  it('reports a missing required field as missing, not as unknown (body and path alike)', async () => {
    // params.ts tells valibot's two closed-object issues apart by `expected` ("never" for an
    // unknown key): this fails loudly the day valibot words them otherwise.
    for (const where of ['body', 'path'] as const) {
      const field = pickField(`a required ${where} field`, (f) => f.in === where && f.required);
      const params = field.operation.params();
      delete params[field.name];
      const error = await validationError((u) => field.operation.call(u, params));
      expect(error.issues).toEqual([{ path: field.name, message: 'is required' }]);
    }
  });

  it('refuses fields the spec does not know (additionalProperties: false)', async () => {
    const operation = pickOperation('with a closed body', (m) => m.body?.schema['additionalProperties'] === false);
    const error = await validationError((u) => operation.call(u, { ...operation.params(), sdkUnknown: {} }));
    expect(error.issues).toEqual([{ path: 'sdkUnknown', message: 'is not a known field' }]);
  });

  it('refuses unknown params of an operation without a body', async () => {
    const operation = pickOperation('without a body', (m) => m.body === undefined);
    const error = await validationError((u) => operation.call(u, { ...operation.params(), sdkForce: true }));
    expect(error.issues).toEqual([{ path: 'sdkForce', message: 'is not a parameter of this operation' }]);
  });

  it('refuses a wrong enum value', async () => {
    const field = pickField('an enum', (f) => Array.isArray(f.schema['enum']));
    const error = await validationError((u) =>
      field.operation.call(u, { ...field.operation.params(), [field.name]: 'sdk-not-a-member' }),
    );
    expect(error.issues[0]?.path).toBe(field.name);
  });

  it.each([null, 'ws_1', 42, ['ws_1']])('refuses params that are not an object: %j', async (params) => {
    const error = await validationError((u) => idempotentOperation.call(u, params));
    expect(error.issues[0]?.message).toMatch(/expected an object of params/);
  });

  it('refuses params that throw when read (a getter), as a validation error', async () => {
    const [name = ''] = idempotentOperation.pathParams;
    const params = Object.defineProperty({ ...idempotentOperation.params() }, name, {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    const error = await validationError((u) => idempotentOperation.call(u, params));
    expect(error.issues).toEqual([{ path: '', message: 'the params could not be read' }]);
    expect(error.cause).toEqual(new Error('boom'));
  });

  it.each(['.', '..'])('refuses the path param %j, which would change the URL path', async (id) => {
    const name = idempotentOperation.pathParams.at(-1) ?? '';
    const error = await validationError((u) =>
      idempotentOperation.call(u, { ...idempotentOperation.params(), [name]: id }),
    );
    expect(error.issues).toEqual([{ path: name, message: `must not be "${id}"` }]);
  });

  // Shrunk counter-examples of tests/sdk/properties.test.ts with the matching guard removed: without
  // it, encodeURIComponent throws and the call failed as a "connection" error.
  it.each(['\ud800', 'a\udfffb'])('refuses a path param with a lone surrogate: %j', async (value) => {
    for (const name of idempotentOperation.pathParams) {
      const error = await validationError((u) =>
        idempotentOperation.call(u, { ...idempotentOperation.params(), [name]: value }),
      );
      expect(error.issues).toEqual([{ path: name, message: 'is not well-formed Unicode (lone surrogate)' }]);
    }
  });

  it('sends a path param made of a valid surrogate pair (an emoji)', async () => {
    const { fetch, userplane } = offlineClient();
    fetch.mockResolvedValue(Response.json(idempotentOperation.body()));
    const [name = ''] = idempotentOperation.pathParams;
    await idempotentOperation.call(userplane, { ...idempotentOperation.params(), [name]: 'id_😀' });
    expect(fetch.mock.calls[0]![0].url).toContain('/id_%F0%9F%98%80');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %j instead of dropping it', async (key) => {
    const field = pickField('an open object in a body', (f) => f.in === 'body' && f.schema['type'] === 'object');
    const value = JSON.parse(`{"${key}": "x", "fine": "y"}`) as Record<string, string>;
    const error = await validationError((u) =>
      field.operation.call(u, { ...field.operation.params(), [field.name]: value }),
    );
    expect(error.issues).toEqual([{ path: `${field.name}.${key}`, message: `the key "${key}" is not allowed` }]);
  });
});

describe('what is sent', () => {
  it('fills spec defaults and sends the body once serialized', async () => {
    const field = pickField('a body field with a default', (f) => f.in === 'body' && 'default' in f.schema);
    const { fetch, userplane } = offlineClient();
    fetch.mockResolvedValue(Response.json(field.operation.body()));
    const params = field.operation.params();
    delete params[field.name];
    await field.operation.call(userplane, params);
    const request = fetch.mock.calls[0]![0];
    expect(request.headers.get('content-type')).toBe('application/json');
    const sent = (await request.json()) as Record<string, unknown>;
    expect(sent[field.name]).toEqual(field.schema['default']);
    const bodyFields = Object.keys(sent).filter((name) => name !== field.name);
    for (const name of bodyFields) expect(sent[name]).toEqual(params[name]);
  });

  it('sends no body for an operation without one', async () => {
    const operation = pickOperation('without a body', (m) => m.body === undefined);
    const { fetch, userplane } = offlineClient();
    fetch.mockResolvedValue(Response.json(operation.body()));
    await operation.call(userplane);
    expect(fetch.mock.calls[0]![0].body).toBeNull();
  });
});
