/**
 * Every shape upstream's operations come in, for every operation of the spec that has it, as the
 * live server parses it — against its twin, a real oRPC OpenAPIHandler built from the spec
 * (scripts/servers/twin.ts): array query parameters of one, two and zero elements, parameters with
 * defaults, success statuses without content, paged lists walked over items the twin holds.
 * Generic over the operation model: on today's spec the rows its operations have run; on the
 * fuller spec of tests/tooling/follow-upstream.test.ts every shape does.
 */
import { ORPCError } from '@orpc/server';
import { describe, expect, it } from 'vitest';
import { sample } from '../../scripts/generate/sample.js';
import { loadSpec } from '../../scripts/spec.js';
import { isRecord } from '../../scripts/spec.js';
import { startTwin } from '../../scripts/servers/twin.js';
import { isUserplaneError, Userplane } from '../../src/index.js';
import { serializeQuery } from '../../src/request/query.js';
import { API_KEY, modelOf, operationIds, sampleParams } from '../support/fixtures.js';
import { methodFor } from '../support/operations.js';
import { unusedOperation } from '../support/spec-edits.js';
import { useTwin } from '../support/twin.js';

const twin = useTwin();

const client = (): Userplane => new Userplane({ apiKey: API_KEY, baseUrl: twin.url, maxRetries: 0, rateLimit: false });
const entries = operationIds.map((id) => [id, modelOf(id)] as const);
const rawQuery = (url: string): URLSearchParams => new URL(url, 'http://twin').searchParams;

describe('query strings', () => {
  it.each([
    ['a one-element array, in brackets', { a: ['x'] }, { a: 'brackets' }, 'a[0]=x'],
    ['a two-element array, in brackets', { a: ['x', 'y z'] }, { a: 'brackets' }, 'a[0]=x&a[1]=y%20z'],
    ['an empty array: omitted', { a: [], b: 1 }, { a: 'brackets' }, 'b=1'],
    ['undefined and null: omitted', { a: undefined, b: null, c: 'x' }, {}, 'c=x'],
    ['booleans and numbers', { t: true, f: false, n: 2, d: 0.5 }, {}, 't=true&f=false&n=2&d=0.5'],
    ['form, exploded', { a: ['x', 'y'] }, { a: 'form' }, 'a=x&a=y'],
    ['form, not exploded', { a: ['x', 'y'] }, { a: 'comma' }, 'a=x,y'],
    ['space and pipe delimited', { a: ['x', 'y'], b: ['x', 'y'] }, { a: 'space', b: 'pipe' }, 'a=x%20y&b=x|y'],
    ['reserved characters in values and names', { 'k&=': 'a&b=c/?#' }, {}, 'k%26%3D=a%26b%3Dc%2F%3F%23'],
  ] as const)('%s', (_, values, wires, expected) => {
    expect(serializeQuery(values, wires)).toBe(expected);
  });

  it('the twin (oRPC) reads what serializeQuery writes: bracket arrays, booleans, numbers; refuses a bare key=a for an array', async () => {
    const spec = loadSpec();
    const { path, operationId } = unusedOperation(spec);
    const paths = spec['paths'] as Record<string, unknown>;
    paths[path] = {
      get: {
        operationId,
        parameters: [
          { name: 'list', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
          { name: 'flag', in: 'query', schema: { type: 'boolean' } },
          { name: 'count', in: 'query', schema: { type: 'integer' } },
        ],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    };
    const edited = await startTwin({ apiKey: API_KEY, spec });
    const send = (query: string): Promise<Response> =>
      fetch(`${edited.url}${path}?${query}`, { headers: { authorization: `Bearer ${API_KEY}` } });
    try {
      for (const values of [
        { list: ['x'] },
        { list: ['x', 'y z'] },
        { flag: false, count: 0 },
        { flag: true, count: 12 },
      ]) {
        const response = await send(serializeQuery(values, { list: 'brackets' }));
        expect(response.status).toBe(200);
        expect(edited.calls.at(-1)?.input).toEqual(values);
      }
      for (const refused of ['list=x', 'list[1]=x', 'count=', 'count=1.5']) {
        const response = await send(refused);
        expect([refused, response.status]).toEqual([refused, 400]);
        expect(await response.json()).toMatchObject({ code: 'BAD_REQUEST', message: 'Input validation failed' });
      }
    } finally {
      await edited.stop();
    }
  });
});

const arrayFilters = entries.filter(([, m]) =>
  m.parameters.some((p) => p.in === 'query' && p.schema['type'] === 'array'),
);
describe.each(arrayFilters)('%s: array filters', (operationId, model) => {
  const arrays = model.parameters.filter((p) => p.in === 'query' && p.schema['type'] === 'array');
  it.each([0, 1, 2])('arrive at the twin as the arrays passed, with %i element(s)', async (size) => {
    const params: Record<string, unknown> = { ...sampleParams(operationId) };
    for (const p of arrays) {
      const schema = isRecord(p.schema['items']) ? p.schema['items'] : {};
      const members: unknown[] | undefined = Array.isArray(schema['enum']) ? schema['enum'] : undefined;
      const item = sample(schema, p.name);
      // Distinct values where the schema allows them: an enum's members, or the sample numbered.
      params[p.name] = Array.from({ length: size }, (_, i) =>
        members ? members[i % members.length] : typeof item === 'string' && !schema['format'] ? `${item}${i}` : item,
      );
    }
    await methodFor(client(), operationId)(params);
    const [call] = twin.calls;
    console.log(`${operationId} ${size}: ${call?.url ?? ''}`);
    // An empty array has no wire form: it is omitted, and the server sees no filter.
    for (const p of arrays) expect(call?.input[p.name]).toEqual(size === 0 ? undefined : params[p.name]);
  });
});

// Upstream marks `page` and `per_page` required *and* gives them a default.
const defaulted = entries.filter(([, m]) => m.parameters.some((p) => p.required && p.hasDefault));
describe.each(defaulted)('%s: required parameters with defaults', (operationId, model) => {
  it('are optional, and their defaults are sent', async () => {
    const params = Object.fromEntries(
      model.parameters.filter((p) => p.required && !p.hasDefault).map((p) => [p.name, sample(p.schema, p.name)]),
    );
    await methodFor(client(), operationId)(params);
    const received = rawQuery(twin.calls[0]?.url ?? '');
    console.log(`${operationId} with only its required params: ${twin.calls[0]?.url ?? ''}`);
    for (const p of model.parameters.filter((x) => x.required && x.hasDefault && x.in === 'query')) {
      expect(received.get(p.name)).toBe(String(p.schema['default']));
    }
  });
});

const empty = entries.flatMap(([id, m]) => (m.successes[0]?.mediaType === undefined ? [id] : []));
describe.each(empty)('%s: a success without content', (operationId) => {
  it('resolves to undefined', async () => {
    await expect(methodFor(client(), operationId)(sampleParams(operationId))).resolves.toBeUndefined();
  });
});

const paged = entries.flatMap(([id, m]) => (m.pageItems === undefined ? [] : [[id, m] as const]));
describe.each(paged)('%s: paged list', (operationId, model) => {
  const itemsKey = model.pageItems ?? '';
  const perPage = model.parameters.find((p) => p.name === 'per_page') ? { per_page: 3 } : {};
  /** Seven items the twin holds, told apart by their position. */
  const items = (): unknown[] => {
    const body = sample(model.successes[0]?.schema);
    const data = isRecord(body) ? body['data'] : undefined;
    const list: unknown[] = isRecord(data) && Array.isArray(data[itemsKey]) ? data[itemsKey] : [];
    const [item] = list;
    return Array.from({ length: 7 }, (_, i) => ({ ...(isRecord(item) ? item : {}), ...tag(item, i) }));
  };
  /** The first plain string field of an item, suffixed with its position. */
  const tag = (item: unknown, i: number): Record<string, string> => {
    const entry = isRecord(item)
      ? Object.entries(item).find(([, v]) => typeof v === 'string' && !/^\d{4}-|@/.test(v))
      : undefined;
    return entry ? { [entry[0]]: `${String(entry[1])}#${i}` } : {};
  };
  const pageAsked = (): (string | null)[] => twin.calls.map((call) => rawQuery(call.url).get('page'));
  const params = (): Record<string, unknown> => ({ ...sampleParams(operationId), page: undefined, ...perPage });

  it('for await yields every item the twin holds, one request per page', async () => {
    const held = items();
    twin.answer(operationId, { items: held });
    const seen: unknown[] = [];
    for await (const item of methodFor(client(), operationId)(params()) as unknown as AsyncIterable<unknown>)
      seen.push(item);
    expect(seen).toEqual(held);
    expect(twin.calls.length).toBe('per_page' in perPage ? 3 : 1);
    console.log(`${operationId}: pages asked ${JSON.stringify(pageAsked())}`);
  });

  it('breaking out of the loop requests nothing more; pages() walks whole pages from the one given', async () => {
    twin.answer(operationId, { items: items() });
    for await (const item of methodFor(client(), operationId)(params()) as unknown as AsyncIterable<unknown>) {
      expect(item).toBeDefined();
      break;
    }
    expect(twin.calls).toHaveLength(1);
    twin.reset();
    twin.answer(operationId, { items: items() });
    const pages: unknown[] = [];
    const list = methodFor(client(), operationId)({ ...params(), page: 2 }) as unknown as {
      pages(): AsyncIterable<unknown>;
    };
    for await (const page of list.pages()) pages.push(page);
    expect(pageAsked()[0]).toBe('2');
    expect(pages).toHaveLength(twin.calls.length);
  });

  it('a failing page throws out of the loop with its page number', async () => {
    twin.answer(
      operationId,
      { items: items() },
      {
        reply: () => {
          throw new ORPCError('INTERNAL_SERVER_ERROR', { status: 500 });
        },
      },
    );
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const item of methodFor(client(), operationId)(params()) as unknown as AsyncIterable<unknown>)
        seen.push(item);
    })().catch((e: unknown) => e);
    if (!('per_page' in perPage)) return; // one page holds everything: there is no second page to fail
    expect(seen).toHaveLength(3);
    expect(isUserplaneError(error)).toBe(true);
    expect(error).toMatchObject({ page: 2, status: 500 });
  });
});
