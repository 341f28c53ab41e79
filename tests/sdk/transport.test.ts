/**
 * src/request/transport.ts hands openapi-fetch a stand-in for `Request` (one Request per call
 * instead of two: see bench/README.md) that holds `method` and the fetch arguments (`url`, `init`),
 * nothing else. That is only sound while openapi-fetch reads nothing of the Request it builds but
 * `method`. This test fails loudly the day a new openapi-fetch (patch updates are allowed by
 * package.json) reads or calls anything else.
 */
import createClient from 'openapi-fetch';
import { expect, it } from 'vitest';

it('openapi-fetch reads only `method` of the Request it constructs', async () => {
  const touched = new Set<string>();
  // eslint-disable-next-line @typescript-eslint/no-extraneous-class -- constructed by openapi-fetch with `new`
  class RecordingRequest {
    constructor(url: string, init: RequestInit) {
      // The stand-in's own shape: `method`, and the arguments fetch is called with.
      const target: Record<string, unknown> = { method: init.method ?? 'GET', url, init };
      return new Proxy(target, {
        get(object, key) {
          if (typeof key === 'string') touched.add(`get ${key}`);
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
    // The stand-in, typed as src/request/transport.ts passes it.
    Request: RecordingRequest as unknown as typeof Request,
    fetch: () => Promise.resolve(replies.shift() ?? Response.json({})),
  });
  // As src/request/attempt.ts calls it: the body read by the SDK's own fetch, openapi-fetch
  // handed a stand-in Response (parseAs 'stream').
  for (const method of ['POST', 'DELETE', 'GET'] as const) {
    await client.request(
      method.toLowerCase() as 'get',
      '/public/x/{id}' as never,
      {
        params: { path: { id: '1' }, query: { a: 1 } },
        body: '{"a":1}',
        bodySerializer: (body: unknown) => body,
        querySerializer: () => 'a=1',
        parseAs: 'stream',
        signal: new AbortController().signal,
        headers: { 'X-A': '1' },
      } as never,
    );
  }
  expect([...touched]).toEqual(['get method']);
});
