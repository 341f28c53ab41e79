/**
 * Every shape upstream's operations come in, for every operation of the spec that has it: array
 * query parameters as the live server parses them, parameters with defaults, success statuses
 * without content, paged lists. Generic over the operation model: on today's three operations
 * only the query-string rows run; on upstream's fuller spec (tests/upstream-shapes.test.ts runs
 * this file on a copy of the project with it) every shape does.
 */
import { describe, expect, it } from 'vitest';
import { serializeQuery } from '../src/request/query.js';
import { isUserplaneError, Userplane } from '../src/index.js';
import { useFaultServer, type RecordedRequest, type Reply } from './support/fault-server.js';
import { API_KEY, modelOf, operationIds, sampleBody, sampleParams } from './support/fixtures.js';
import { methodFor } from './support/operations.js';
import { parseQueryLikeOrpc, refuseLikeOrpc } from './support/orpc-query.js';
import { sampleValid } from './support/valid-arbitrary.js';

const server = useFaultServer();
const client = (): Userplane => new Userplane({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0 });
const entries = operationIds.map((id) => [id, modelOf(id)] as const);
const query = (request: RecordedRequest): string => new URL(request.url, server.url).search.slice(1);

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

  it('bracket arrays are what the live server reads as arrays; a bare key=a is a string there', () => {
    expect(parseQueryLikeOrpc(`?${serializeQuery({ a: ['x'] }, { a: 'brackets' })}`)).toEqual({ a: ['x'] });
    expect(parseQueryLikeOrpc('?a=x')).toEqual({ a: 'x' });
  });
});

const arrayFilters = entries.filter(([, m]) =>
  m.parameters.some((p) => p.in === 'query' && p.schema['type'] === 'array'),
);
describe.each(arrayFilters)('%s: array filters', (operationId, model) => {
  it.each([1, 2])('reach the oRPC-parsing server as arrays with %i element(s)', async (size) => {
    const arrays = model.parameters.filter((p) => p.in === 'query' && p.schema['type'] === 'array');
    const params: Record<string, unknown> = { ...sampleParams(operationId) };
    for (const p of arrays) params[p.name] = Array.from({ length: size }, (_, i) => `${p.name}_${i}`);
    server.handle((request) => refuseLikeOrpc(model, request.url) ?? { status: 200, body: sampleBody(operationId) });
    await methodFor(client(), operationId)(params);
    const received = parseQueryLikeOrpc(server.requests[0]!.url);
    console.log(`${operationId} ${size}: ?${query(server.requests[0]!)}`);
    for (const p of arrays) expect(received[p.name]).toEqual(params[p.name]);
  });
});

// Upstream marks `page` and `per_page` required *and* gives them a default.
const defaulted = entries.filter(([, m]) => m.parameters.some((p) => p.required && p.hasDefault));
describe.each(defaulted)('%s: required parameters with defaults', (operationId, model) => {
  it('are optional, and their defaults are sent', async () => {
    const params = Object.fromEntries(
      model.parameters.filter((p) => p.required && !p.hasDefault).map((p) => [p.name, sampleValid(p.schema, 1)]),
    );
    server.reply({ status: 200, body: sampleBody(operationId) });
    await methodFor(client(), operationId)(params);
    const received = new URL(server.requests[0]!.url, server.url).searchParams;
    console.log(`${operationId} with only its required params: ?${query(server.requests[0]!)}`);
    for (const p of model.parameters.filter((x) => x.required && x.hasDefault && x.in === 'query')) {
      expect(received.get(p.name)).toBe(String(p.schema['default']));
    }
  });
});

const empty = entries.flatMap(([id, m]) =>
  m.successes.filter((s) => s.mediaType === undefined).map((s) => [id, s.status] as const),
);
describe.each(empty)('%s: a declared %i without content', (operationId, status) => {
  it('resolves to undefined', async () => {
    server.reply({ status });
    await expect(methodFor(client(), operationId)(sampleParams(operationId))).resolves.toBeUndefined();
  });
});

const paged = entries.flatMap(([id, m]) => (m.pageItems === undefined ? [] : [[id, m.pageItems] as const]));
describe.each(paged)('%s: paged list of data.%s', (operationId, items) => {
  /** Page n of 3, each with its own items, answered by the page number the request asks for. */
  function threePages(request: RecordedRequest, fail?: number): Reply {
    const page = Number(new URL(request.url, server.url).searchParams.get('page'));
    if (page === fail) return { status: 500, body: { defined: false, code: 'BOOM', status: 500, message: 'failed' } };
    const body = sampleBody(operationId);
    const data = body['data'] as Record<string, unknown>;
    const [item] = data[items] as unknown[];
    data[items] = [1, 2, 3].map((i) => ({ ...(item as object), marker: `p${page}i${i}` }));
    data['pagination'] = { page, perPage: 3, total: 9, totalPages: 3, hasMore: page < 3 };
    return { status: 200, body };
  }
  const markers = (list: unknown[]): unknown[] => list.map((item) => (item as { marker: unknown }).marker);

  it('await gives the first page; for await yields every item across 3 pages in exactly 3 requests', async () => {
    server.handle((request) => threePages(request));
    const call = methodFor(client(), operationId);
    const first = (await call(sampleParams(operationId))) as { data: Record<string, unknown[]> };
    expect(markers(first.data[items]!)).toEqual(['p1i1', 'p1i2', 'p1i3']);
    server.reset();
    server.handle((request) => threePages(request));
    const seen: unknown[] = [];
    for await (const item of call({
      ...sampleParams(operationId),
      page: undefined,
    }) as unknown as AsyncIterable<unknown>) {
      seen.push(item);
    }
    expect(markers(seen)).toEqual(['p1i1', 'p1i2', 'p1i3', 'p2i1', 'p2i2', 'p2i3', 'p3i1', 'p3i2', 'p3i3']);
    expect(server.requests.map((r) => new URL(r.url, server.url).searchParams.get('page'))).toEqual(['1', '2', '3']);
  });

  it('breaking out of the loop requests nothing more; pages() walks whole pages', async () => {
    server.handle((request) => threePages(request));
    const call = methodFor(client(), operationId);
    for await (const item of call({ ...sampleParams(operationId), page: 1 }) as unknown as AsyncIterable<unknown>) {
      expect(markers([item])).toEqual(['p1i1']);
      break;
    }
    expect(server.requests).toHaveLength(1);
    const paged = call({ ...sampleParams(operationId), page: 2 }) as unknown as { pages(): AsyncIterable<unknown> };
    const pages: unknown[] = [];
    for await (const page of paged.pages()) pages.push(page);
    expect(pages).toHaveLength(2);
  });

  it('a failing page throws out of the loop with its page number', async () => {
    server.handle((request) => threePages(request, 2));
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const item of methodFor(
        client(),
        operationId,
      )({ ...sampleParams(operationId), page: 1 }) as unknown as AsyncIterable<unknown>) {
        seen.push(item);
      }
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(3);
    expect(isUserplaneError(error)).toBe(true);
    expect(error).toMatchObject({ page: 2, status: 500 });
    expect(String(error)).toMatch(/\(page 2\)/);
  });
});
