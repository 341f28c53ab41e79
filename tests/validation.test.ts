/** Params are validated with the generated validators before any request: bad input never leaves. */
import { describe, expect, it, vi } from 'vitest';
import { Userplane, UserplaneValidationError } from '../src/index.js';
import { API_KEY } from './support/fixtures.js';

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

describe('params validation', () => {
  it('names every bad field by its path, and sends nothing', async () => {
    const error = await validationError((u) =>
      u.links.create({
        workspaceId: '',
        domainId: 'dom_1',
        linkReference: 'x'.repeat(2049),
        linkMeta: { ok: 'fine', tooLong: 'y'.repeat(1025) },
      }),
    );
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      'linkMeta.tooLong',
      'linkReference',
      'workspaceId',
    ]);
    expect(error.operationId).toBe('links.create');
    expect(error.attempts).toBe(0);
    expect(error.message).toMatch(/^links\.create: invalid params — /);
  });

  it('reports a missing required field as missing, not as unknown (body and path alike)', async () => {
    // params.ts tells valibot's two closed-object issues apart by `expected` ("never" for an
    // unknown key): this fails loudly the day valibot words them otherwise.
    const error = await validationError((u) => u.links.create({ workspaceId: 'ws_1' } as never));
    expect(error.issues).toEqual([
      { path: 'domainId', message: expect.stringMatching(/"domainId".*undefined/) as string },
    ]);
    const path = await validationError((u) => u.links.delete({ workspaceId: 'ws_1' } as never));
    expect(path.issues).toEqual([{ path: 'linkId', message: expect.stringMatching(/"linkId".*undefined/) as string }]);
  });

  it('refuses fields the spec does not know (additionalProperties: false)', async () => {
    const error = await validationError((u) => u.links.update({ workspaceId: 'w', linkId: 'l', meta: {} } as never));
    expect(error.issues).toEqual([{ path: 'meta', message: 'is not a known field' }]);
  });

  it('refuses unknown params of an operation without a body', async () => {
    const error = await validationError((u) => u.links.delete({ workspaceId: 'w', linkId: 'l', force: true } as never));
    expect(error.issues).toEqual([{ path: 'force', message: 'is not a parameter of this operation' }]);
  });

  it('refuses a wrong enum value', async () => {
    const error = await validationError((u) =>
      u.links.update({ workspaceId: 'w', linkId: 'l', linkProviderType: 'myspace' as never }),
    );
    expect(error.issues[0]?.path).toBe('linkProviderType');
  });

  it.each([null, 'ws_1', 42, ['ws_1']])('refuses params that are not an object: %j', async (params) => {
    const error = await validationError((u) => u.links.delete(params as never));
    expect(error.issues[0]?.message).toMatch(/expected an object of params/);
  });

  it('refuses params that throw when read (a getter), as a validation error', async () => {
    const params = {
      workspaceId: 'w',
      get linkId(): string {
        throw new Error('boom');
      },
    };
    const error = await validationError((u) => u.links.delete(params));
    expect(error.issues).toEqual([{ path: '', message: 'the params could not be read' }]);
    expect(error.cause).toEqual(new Error('boom'));
  });

  it.each(['.', '..'])('refuses the path param %j, which would change the URL path', async (id) => {
    const error = await validationError((u) => u.links.delete({ workspaceId: 'w', linkId: id }));
    expect(error.issues).toEqual([{ path: 'linkId', message: `must not be "${id}"` }]);
  });

  // Shrunk counter-examples of tests/properties.test.ts with the matching guard removed: without
  // it, encodeURIComponent throws and the call failed as a "connection" error.
  it.each([
    [{ workspaceId: '\ud800', linkId: ' ' }, 'workspaceId'],
    [{ workspaceId: 'ws_1', linkId: 'a\udfffb' }, 'linkId'],
  ])('refuses a path param with a lone surrogate: %j', async (params, field) => {
    const error = await validationError((u) => u.links.delete(params));
    expect(error.issues).toEqual([{ path: field, message: 'is not well-formed Unicode (lone surrogate)' }]);
  });

  it('sends a path param made of a valid surrogate pair (an emoji)', async () => {
    const { fetch, userplane } = offlineClient();
    fetch.mockResolvedValue(Response.json({ message: 'ok', data: {} }));
    await userplane.links.delete({ workspaceId: 'ws_😀', linkId: 'l' });
    expect(fetch.mock.calls[0]![0].url).toBe('https://api.example/public/workspace/ws_%F0%9F%98%80/links/l');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %j instead of dropping it', async (key) => {
    const linkMeta = JSON.parse(`{"${key}": "x", "fine": "y"}`) as Record<string, string>;
    const error = await validationError((u) => u.links.update({ workspaceId: 'w', linkId: 'l', linkMeta }));
    expect(error.issues).toEqual([{ path: `linkMeta.${key}`, message: `the key "${key}" is not allowed` }]);
  });
});

describe('what is sent', () => {
  it('fills spec defaults (linkReusable: false) and sends the body once serialized', async () => {
    const { fetch, userplane } = offlineClient();
    fetch.mockResolvedValue(Response.json({ message: 'ok', data: {} }));
    await userplane.links.create({ workspaceId: 'ws_1', domainId: 'dom_1', linkMeta: { a: 'b' } });
    const request = fetch.mock.calls[0]![0];
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(await request.json()).toEqual({ domainId: 'dom_1', linkReusable: false, linkMeta: { a: 'b' } });
  });

  it('sends no body for an operation without one', async () => {
    const { fetch, userplane } = offlineClient();
    fetch.mockResolvedValue(Response.json({ message: 'ok', data: {} }));
    await userplane.links.delete({ workspaceId: 'w', linkId: 'l' });
    expect(fetch.mock.calls[0]![0].body).toBeNull();
  });
});
