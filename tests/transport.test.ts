/**
 * src/transport.ts hands openapi-fetch a stand-in for `Request` (one Request per call instead
 * of two: see bench/README.md). That is only sound while openapi-fetch reads nothing of the
 * Request it builds but `method`. This test fails loudly the day a new openapi-fetch (patch
 * updates are allowed by package.json) reads or calls anything else.
 */
import createClient from 'openapi-fetch';
import { expect, it } from 'vitest';

it('openapi-fetch reads only `method` of the Request it constructs', async () => {
  const touched = new Set<string>();
  // eslint-disable-next-line @typescript-eslint/no-extraneous-class -- constructed by openapi-fetch with `new`
  class RecordingRequest {
    constructor(url: string, init: RequestInit) {
      const target: Record<string, unknown> = { url, init, method: init.method ?? 'GET' };
      return new Proxy(target, {
        get(object, key) {
          if (typeof key === 'string' && key !== 'url' && key !== 'init') touched.add(`get ${key}`);
          return object[String(key)];
        },
        has(object, key) {
          return key in object;
        },
        set(object, key, value) {
          object[String(key)] = value; // openapi-fetch copies unknown init keys onto the request
          return true;
        },
      });
    }
  }
  const replies = [
    Response.json({ ok: true }),
    new Response(null, { status: 204 }),
    Response.json({ code: 'X' }, { status: 404 }),
  ];
  const client = createClient<Record<string, Record<string, never>>>({
    baseUrl: 'https://api.example',
    // The stand-in, typed as src/transport.ts passes it.
    Request: RecordingRequest as unknown as typeof Request,
    fetch: () => Promise.resolve(replies.shift() ?? Response.json({})),
  });
  for (const method of ['POST', 'DELETE', 'GET'] as const) {
    await client.request(
      method.toLowerCase() as 'get',
      '/public/x/{id}' as never,
      {
        params: { path: { id: '1' }, query: { a: 1 } },
        body: '{"a":1}',
        bodySerializer: (body: unknown) => body,
        querySerializer: () => 'a=1',
        parseAs: 'text',
        signal: new AbortController().signal,
        headers: { 'X-A': '1' },
      } as never,
    );
  }
  expect([...touched]).toEqual(['get method']);
});
