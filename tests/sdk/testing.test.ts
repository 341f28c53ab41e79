/**
 * `userplane/testing` used as users use it: a client on the fake, every operation's default
 * answer, partial answers filled from the spec, every declared code, every fault, paging, calls;
 * and the fake's side of the contract checked against the live server's twin (a real oRPC
 * server built from the same spec): the same bad request gets the same 400 from both. Generic
 * over the operation model, like the fake itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRecord } from '../../scripts/spec.js';
import { fakes } from '../../src/generated/fakes.js';
import {
  isUserplaneError,
  Userplane,
  UserplaneApiError,
  UserplaneError,
  type OperationId,
  type UserplaneOptions,
} from '../../src/index.js';
import { createFakeUserplane, type FakeRow, type FakeUserplane } from '../../src/testing/index.js';
import { handleOf } from '../support/fake-handle.js';
import { API_KEY, modelOf, operationIds, sampleParams } from '../support/fixtures.js';
import { methodFor } from '../support/operations.js';
import { rawRequest } from '../support/raw-request.js';
import { paramsNear } from '../support/schema-arbitrary.js';
import { useTwin } from '../support/twin.js';

/** The generated rows, as the fake reads them. */
const rows: Readonly<Record<string, FakeRow>> = fakes;

const quiet: UserplaneOptions = { maxRetries: 0, validateResponses: true };
const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => error,
  );

const call = (api: FakeUserplane, operationId: string, name: string, ...args: unknown[]): unknown =>
  handleOf(api, operationId)[name]?.(...args);

/** `sample`, where a field is named like a sent parameter and has its type, with the value sent. */
function echoedSample(sample: unknown, sent: Record<string, unknown>): unknown {
  if (Array.isArray(sample)) return sample.map((item) => echoedSample(item, sent));
  if (typeof sample !== 'object' || sample === null) return sample;
  return Object.fromEntries(
    Object.entries(sample).map(([key, value]) => [
      key,
      Object.hasOwn(sent, key) && typeof sent[key] === typeof value && (typeof value !== 'object' || value === null)
        ? sent[key]
        : echoedSample(value, sent),
    ]),
  );
}

/** The path to the first string in a body, and a partial body setting it. */
function firstString(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return path;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = firstString(item, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}
const nested = (path: string[], leaf: unknown): unknown =>
  path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), leaf);

describe.each(operationIds)('%s on the fake', (operationId: OperationId) => {
  const row = rows[operationId];
  const model = modelOf(operationId);
  if (row === undefined) throw new Error(`no fake for ${operationId}`);

  it('answers the spec’s sample by default, valid under the spec; the call is recorded with its params', async () => {
    const api = createFakeUserplane();
    const params = sampleParams(operationId);
    const result = await methodFor(api.client(quiet), operationId)(params);
    if (row.body === undefined) expect(result).toBeUndefined();
    // The sample, where a field has the name of a parameter sent, with the value sent.
    else if (model.pageItems === undefined) expect(result).toEqual(echoedSample(row.body, params));
    const { calls } = handleOf(api, operationId);
    expect(calls).toHaveLength(1);
    expect(api.calls).toEqual(calls);
    for (const [name, value] of Object.entries(params))
      if (value !== undefined) expect((calls[0]?.params as Record<string, unknown> | undefined)?.[name]).toEqual(value);
    expect(calls[0]?.headers).toMatchObject({ authorization: 'Bearer uspl_fake_key' });
  });

  const path = firstString(row.body);
  it.runIf(path !== undefined && model.pageItems === undefined)(
    'fills a partial answer from the spec; answers in sequence, the last one staying',
    async () => {
      const api = createFakeUserplane();
      const fields = path ?? [];
      call(api, operationId, 'respond', nested(fields, 'first'), (c: { operationId: string }) =>
        nested(fields, `second for ${c.operationId}`),
      );
      const method = methodFor(api.client(quiet), operationId);
      const read = (body: unknown): unknown =>
        fields.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], body);
      const answers = [];
      const params = sampleParams(operationId) as Record<string, unknown>;
      for (let i = 0; i < 3; i++) answers.push(await method(params));
      expect(answers.map(read)).toEqual(['first', `second for ${operationId}`, `second for ${operationId}`]);
      // Everything else is the sample (with the values sent where a field is named like a parameter).
      const sample = echoedSample(row.body, params) as Record<string, unknown>;
      expect({ ...(answers[0] as object) }).toEqual(
        expect.objectContaining(
          Object.fromEntries(
            Object.keys(sample)
              .filter((k) => k !== fields[0])
              .map((k) => [k, sample[k]]),
          ),
        ),
      );
    },
  );

  it.runIf(row.body !== undefined && model.pageItems === undefined)(
    'refuses, when it is given, an answer the spec does not allow',
    () => {
      const api = createFakeUserplane();
      expect(() => call(api, operationId, 'respond', nested(path ?? ['x'], { not: 'a string' }))).toThrow(
        /userplane\/testing: the answer given to .* is not valid under the spec/,
      );
    },
  );

  it.each(Object.entries(row.errors))(
    'fail(%s) answers it as the live server does, and it narrows',
    async (code, [status, message]) => {
      const api = createFakeUserplane();
      call(api, operationId, 'fail', code);
      const error = await failure(methodFor(api.client(quiet), operationId)(sampleParams(operationId)));
      expect(isUserplaneError(error, operationId, code as never)).toBe(true);
      expect(error).toMatchObject({ status, code, defined: true });
      expect((error as Error).message).toContain(message.slice(0, 20));
    },
  );

  it('refuses a code the operation does not declare', () => {
    expect(() => call(createFakeUserplane(), operationId, 'fail', 'SOMETHING_NEW')).toThrow(
      /not a code the spec declares/,
    );
  });

  it('plays the faults a client must survive', async () => {
    const api = createFakeUserplane();
    const client = api.client({ ...quiet, timeout: 50 });
    const run = (): Promise<unknown> => failure(methodFor(client, operationId)(sampleParams(operationId)));
    call(api, operationId, 'fault', 'unavailable');
    expect(await run()).toMatchObject({ kind: 'api', status: 503 });
    call(api, operationId, 'fault', 'server-error');
    expect(await run()).toMatchObject({ kind: 'api', status: 500, defined: false, code: 'INTERNAL_SERVER_ERROR' });
    call(api, operationId, 'fault', 'network');
    expect(await run()).toMatchObject({ kind: 'connection' });
    call(api, operationId, 'fault', 'hang');
    expect(await run()).toMatchObject({ kind: 'timeout' });
    // Last: a 429 pauses every client of the fake's store for its Retry-After.
    call(api, operationId, 'fault', 'rate-limited', { retryAfter: 7000 });
    const limited = await run();
    expect(limited).toMatchObject({ kind: 'api', status: 429 });
    expect((limited as { headers: Record<string, string> }).headers['retry-after']).toBe('7');
  });

  it('a fault for `times` calls comes before the standing answer', async () => {
    const api = createFakeUserplane();
    call(api, operationId, 'respond');
    call(api, operationId, 'fault', 'unavailable', { times: 2 });
    const method = methodFor(api.client(quiet), operationId);
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await failure(method(sampleParams(operationId))));
    expect(
      outcomes.map((o) => (o instanceof UserplaneApiError ? o.status : o instanceof UserplaneError ? o.kind : 'ok')),
    ).toEqual([503, 503, 'ok']);
    expect(() => call(api, operationId, 'fault', 'network', { times: 0 })).toThrow(/times must be a whole number/);
  });
});

describe('paged lists on the fake', () => {
  // Today's spec may hold none; the fuller copy of tests/tooling/follow-upstream.test.ts runs this file too.
  const paged = operationIds.filter((id) => modelOf(id).pageItems !== undefined);
  it.skipIf(paged.length === 0)(
    `${paged.join(', ')}: \`for await\` walks the items given, page by page, in the spec’s envelope`,
    async () => {
      for (const operationId of paged) {
        const api = createFakeUserplane();
        const itemsKey = modelOf(operationId).pageItems ?? '';
        const data = (rows[operationId]?.body as { data: Record<string, unknown[]> }).data;
        const key = firstString(data[itemsKey]?.[0])?.[0] ?? 'id';
        call(
          api,
          operationId,
          'items',
          Array.from({ length: 5 }, (_, i) => ({ [key]: `item-${i}` })),
        );
        const seen: unknown[] = [];
        const list = methodFor(api.client(quiet), operationId)({ ...sampleParams(operationId), page: 1, per_page: 2 });
        for await (const item of list as unknown as AsyncIterable<Record<string, unknown>>) seen.push(item[key]);
        expect(seen).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4']);
        expect(handleOf(api, operationId)['calls']).toHaveLength(3);
      }
    },
  );
});

describe('the fake as a whole', () => {
  const operationId = operationIds[0] ?? 'links.create';

  it('a key other than the one it was made with is refused as the live server does', async () => {
    const api = createFakeUserplane({ apiKey: API_KEY });
    const error = await failure(
      methodFor(api.client({ ...quiet, apiKey: 'uspl_other_key_1' }), operationId)(sampleParams(operationId)),
    );
    expect(isUserplaneError(error, operationId, 'API_KEY_INVALID' as never)).toBe(true);
    const response = await api.fetch(`https://api.userplane.io/api/v1${modelOf(operationId).path}`, {
      method: modelOf(operationId).method,
    });
    expect(await response.json()).toMatchObject({ code: 'API_KEY_REQUIRED', status: 401 });
  });

  it('client() refuses a fetch of its own rather than silently replacing it', () => {
    const api = createFakeUserplane();
    expect(() => api.client({ fetch: api.fetch })).toThrow(/the fake is the fetch/);
  });

  it('malformed percent-encoding in a path is an answer, never a throw', async () => {
    const api = createFakeUserplane();
    const url = `https://api.userplane.io/api/v1${modelOf(operationId).path.replace(/\{[^}]+\}/g, '%zz')}`;
    const response = await api.fetch(url, { method: modelOf(operationId).method.toUpperCase() });
    expect(response.status).toBeGreaterThanOrEqual(200);
  });

  it('an unknown route is a 404, nothing recorded; reset forgets answers and calls', async () => {
    const api = createFakeUserplane();
    expect((await api.fetch('https://api.userplane.io/api/v1/nowhere')).status).toBe(404);
    expect(api.calls).toHaveLength(0);
    call(api, operationId, 'fail', Object.keys(rows[operationId]?.errors ?? {})[0]);
    await failure(methodFor(api.client(quiet), operationId)(sampleParams(operationId)));
    api.reset();
    expect(api.calls).toHaveLength(0);
    await expect(methodFor(api.client(quiet), operationId)(sampleParams(operationId))).resolves.toBeDefined();
  });

  it('pacing is the fake’s own: a long Retry-After on one fake does not slow another’s clients', async () => {
    const first = createFakeUserplane({ apiKey: API_KEY });
    call(first, operationId, 'fault', 'rate-limited', { retryAfter: 600_000 });
    await failure(methodFor(first.client(quiet), operationId)(sampleParams(operationId)));
    const second = createFakeUserplane({ apiKey: API_KEY });
    const started = Date.now();
    await methodFor(second.client(quiet), operationId)(sampleParams(operationId));
    // A shared pause would wait 600 s (or fail at once as `pacing`); this one did neither.
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});

describe('the fake’s 400 is the live server’s (the twin: real oRPC, same spec)', () => {
  const twin = useTwin();

  /** The request the SDK sends for the sample params, captured. */
  async function sampleRequest(operationId: OperationId): Promise<Request> {
    const api = createFakeUserplane();
    let captured: Request | undefined;
    const client = new Userplane({
      ...quiet,
      apiKey: API_KEY,
      fetch: async (request) => {
        captured = request.clone();
        return api.fetch(request);
      },
    });
    await methodFor(client, operationId)(sampleParams(operationId));
    if (captured === undefined) throw new Error('nothing sent');
    return captured;
  }

  /** Bad variants of a request, from the operation's shape: wrong body field types, bad query text, a body that is not JSON. */
  function variants(operationId: OperationId, url: URL, body: string): { name: string; url: URL; body: string }[] {
    const model = modelOf(operationId);
    const out: { name: string; url: URL; body: string }[] = [];
    if (model.body !== undefined) {
      out.push({ name: 'a body that is not JSON', url, body: '{' });
      for (const field of model.body.fields) {
        const parsed = JSON.parse(body || '{}') as Record<string, unknown>;
        out.push({ name: `body field ${field} an array`, url, body: JSON.stringify({ ...parsed, [field]: [[]] }) });
      }
    }
    for (const parameter of model.parameters.filter((p) => p.in === 'query')) {
      for (const text of ['', 'x1', '1.5']) {
        const bad = new URL(url);
        for (const key of [...bad.searchParams.keys()])
          if (key === parameter.name || key.startsWith(`${parameter.name}[`)) bad.searchParams.delete(key);
        bad.searchParams.append(parameter.name, text);
        out.push({ name: `${parameter.name}=${text}`, url: bad, body });
      }
      const sparse = new URL(url);
      sparse.searchParams.append(`${parameter.name}[1]`, 'b');
      out.push({ name: `${parameter.name}[1]=b`, url: sparse, body });
    }
    return out;
  }

  /**
   * Inputs on which the twin and the fake differ on purpose, because the twin's validators are
   * `z.fromJSONSchema`'s and the fake's are the SDK's: a string with characters beyond U+FFFF
   * near a length limit (JSON Schema counts code points; the SDK, like a hand-written zod or any
   * JavaScript server, counts UTF-16 units), and prototype-like keys in a map (zod refuses them;
   * the SDK refuses them before sending).
   */
  const differsByDesign = (params: Record<string, unknown>): boolean => {
    const text = JSON.stringify(params);
    return /[\u{10000}-\u{10FFFF}]/u.test(text) || /"(?:constructor|__proto__|prototype)":/.test(text);
  };

  const summary = async (response: Response): Promise<unknown> => {
    const text = await response.text();
    const body = (text === '' ? {} : JSON.parse(text)) as {
      code?: string;
      defined?: boolean;
      data?: { issues?: { path?: unknown[] }[] };
    };
    // Which fields, not how many issues each: validators word and split their issues differently.
    const paths = [...new Set((body.data?.issues ?? []).map((issue) => JSON.stringify(issue.path ?? [])))].sort();
    return { status: response.status, code: body.code, defined: body.defined, paths };
  };

  it.each(operationIds)(
    '%s: generated requests, mostly valid and sometimes not, get the same answer from both',
    { timeout: 120_000 },
    async (operationId) => {
      const model = modelOf(operationId);
      const api = createFakeUserplane({ apiKey: API_KEY });
      const differences: string[] = [];
      let compared = 0;
      await fc.assert(
        fc.asyncProperty(paramsNear(model), async (params) => {
          if (!isRecord(params) || differsByDesign(params)) return;
          const fake = rawRequest('https://api.userplane.io/api/v1', model, params);
          const live = rawRequest(twin.url, model, params);
          // A URL past an HTTP server's header limit (Node's: 16 KB) is the transport's 431, not the API's.
          if (fake === undefined || live === undefined || live.url.length > 8_000) return;
          const auth = new Headers(fake.init.headers);
          auth.set('authorization', `Bearer ${API_KEY}`);
          const [a, b] = await Promise.all([
            summary(await api.fetch(fake.url, { ...fake.init, headers: auth })),
            summary(await fetch(live.url, { ...live.init, headers: auth })),
          ]);
          compared++;
          if (JSON.stringify(a) !== JSON.stringify(b) && differences.length < 5) {
            differences.push(
              `${JSON.stringify(params).slice(0, 300)}: fake ${JSON.stringify(a)}, twin ${JSON.stringify(b)}`,
            );
          }
        }),
        { numRuns: Number(process.env['FC_RUNS'] ?? 600), seed: Number(process.env['FC_SEED'] ?? 42) },
      );
      console.log(`${operationId}: ${compared} generated requests compared, ${differences.length} differ`);
      expect(differences).toEqual([]);
    },
  );

  it.each(operationIds)(
    '%s: every bad variant gets the same status, code and issue paths from both',
    async (operationId) => {
      const sent = await sampleRequest(operationId);
      const body = sent.method === 'GET' || sent.method === 'HEAD' ? '' : await sent.text();
      const url = new URL(sent.url);
      const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };
      const differences: string[] = [];
      for (const variant of variants(operationId, url, body)) {
        const init = { method: sent.method, headers, ...(variant.body === '' ? {} : { body: variant.body }) };
        const twinUrl = `${twin.url}${variant.url.pathname.replace(/^\/api\/v1/, '')}${variant.url.search}`;
        const [fake, live] = await Promise.all([
          summary(await createFakeUserplane({ apiKey: API_KEY }).fetch(variant.url, init)),
          summary(await fetch(twinUrl, init)),
        ]);
        if (JSON.stringify(fake) !== JSON.stringify(live))
          differences.push(`${variant.name}: fake ${JSON.stringify(fake)}, twin ${JSON.stringify(live)}`);
      }
      expect(differences).toEqual([]);
    },
  );
});
