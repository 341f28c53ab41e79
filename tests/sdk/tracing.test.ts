/**
 * The `tracer` option with a real OpenTelemetry SDK (sdk-trace-base, an in-memory exporter, the
 * AsyncLocalStorage context manager for parenting): on every outcome a call has — success, a
 * retried 503, a 429's pause, a refused call (invalid params, a full window, a spent budget), a
 * timeout, an abort, a paged list walked with `for await` — the call's span, its attempts' spans
 * and its events; and, over generated plans of faults, that spans and `logger` events tell one
 * story and that the key is in no span. Calls go to `userplane/testing`'s fake (its clock: waits
 * take no time). Generic over the operation model.
 */
import { context, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keyRedactor, Userplane, type LogEvent, type UserplaneOptions } from '../../src/index.js';
import { createFakeUserplane, type FakeFault, type FakeUserplane } from '../../src/testing/index.js';
import { handleOf } from '../support/fake-handle.js';
import { API_KEY } from '../support/fixtures.js';
import { findOperation, idempotentOperation, methodFor, nonIdempotent } from '../support/operations.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer: Tracer = provider.getTracer('userplane-tests');
const contextManager = new AsyncLocalStorageContextManager();
beforeAll(() => {
  contextManager.enable();
  context.setGlobalContextManager(contextManager);
});
afterAll(async () => {
  context.disable();
  await provider.shutdown();
});
beforeEach(() => {
  exporter.reset();
});

const { INTERNAL, CLIENT } = SpanKind;
const { UNSET, ERROR } = SpanStatusCode;
const BASE_URL = 'https://api.userplane.test/api/v1';

const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
const callSpans = (): ReadableSpan[] => spans().filter((span) => span.kind === INTERNAL && span.name !== 'job');
const attemptsOf = (call: ReadableSpan): ReadableSpan[] =>
  spans().filter((span) => span.parentSpanContext?.spanId === call.spanContext().spanId);
const only = (list: ReadableSpan[]): ReadableSpan => {
  expect(list).toHaveLength(1);
  return list[0]!;
};
const settled = (promise: Promise<unknown>): Promise<unknown> => promise.catch((error: unknown) => error);

function fakeClient(options: UserplaneOptions = {}): { api: FakeUserplane; userplane: Userplane } {
  const api = createFakeUserplane();
  return { api, userplane: api.client({ apiKey: API_KEY, baseUrl: BASE_URL, tracer, ...options }) };
}

describe('a traced call', () => {
  it('succeeds: its INTERNAL span, child of the active span, and one CLIENT span per the HTTP conventions', async () => {
    const { userplane } = fakeClient();
    await tracer.startActiveSpan('job', async (job) => {
      await nonIdempotent.call(userplane);
      job.end();
    });
    const call = only(callSpans());
    const job = only(spans().filter((span) => span.name === 'job'));
    expect(call).toMatchObject({ name: nonIdempotent.id, kind: INTERNAL, status: { code: UNSET } });
    expect(call.parentSpanContext?.spanId).toBe(job.spanContext().spanId);
    const attempt = only(attemptsOf(call));
    const method = nonIdempotent.model.method.toUpperCase();
    expect(attempt).toMatchObject({ name: method, kind: CLIENT, status: { code: UNSET } });
    const { 'url.full': url, ...attributes } = attempt.attributes;
    expect(attributes).toEqual({
      'http.request.method': method,
      'http.response.status_code': 200,
      'server.address': 'api.userplane.test',
      'server.port': 443,
    });
    expect(url).toMatch(/^https:\/\/api\.userplane\.test\/api\/v1\//);
    // The attempt lies within its call.
    expect(attempt.startTime[0] * 1e9 + attempt.startTime[1]).toBeGreaterThanOrEqual(
      call.startTime[0] * 1e9 + call.startTime[1] - 1e6,
    );
  });

  it('a retried 503: two attempts, the second a resend, the backoff an event on the call', async () => {
    const { api, userplane } = fakeClient();
    handleOf(api, idempotentOperation.id)['fault']?.('unavailable', { times: 1 });
    await idempotentOperation.call(userplane);
    const call = only(callSpans());
    const [first, second] = attemptsOf(call);
    expect(first).toMatchObject({ status: { code: ERROR } });
    expect(first?.attributes).toMatchObject({ 'http.response.status_code': 503, 'error.type': '503' });
    expect(first?.attributes).not.toHaveProperty('http.request.resend_count');
    expect(second?.attributes).toMatchObject({ 'http.response.status_code': 200, 'http.request.resend_count': 1 });
    expect(call.events.map((event) => event.name)).toEqual(['userplane.retry']);
    expect(call.events[0]?.attributes).toMatchObject({ attempt: 1 });
    expect(typeof call.events[0]?.attributes?.['delayMs']).toBe('number');
  });

  it("a 429's pause: the pause and the wait for it are events, the call succeeds on its second attempt", async () => {
    const { api, userplane } = fakeClient();
    handleOf(api, nonIdempotent.id)['fault']?.('rate-limited', { times: 1, retryAfter: 2000 });
    await nonIdempotent.call(userplane);
    const call = only(callSpans());
    expect(call.status.code).toBe(UNSET);
    expect(attemptsOf(call).map((span) => span.attributes['http.response.status_code'])).toEqual([429, 200]);
    expect(call.events.map((event) => [event.name, event.attributes?.['delayMs']])).toEqual([
      ['userplane.pause', 2000],
      ['userplane.wait', 2000],
    ]);
    expect(call.events[1]?.attributes).toMatchObject({ reason: 'pause' });
  });

  it('refused before sending — invalid params, a full window, a spent budget: a call span, ERROR, no attempt span', async () => {
    const { userplane } = fakeClient({ rateLimit: { requests: 1, per: 60_000, maxWait: 0 } });
    await settled(methodFor(userplane, nonIdempotent.id)('not params'));
    await nonIdempotent.call(userplane);
    await settled(nonIdempotent.call(userplane));
    const [invalid, sent, paced] = callSpans();
    expect(invalid).toMatchObject({ status: { code: ERROR }, attributes: { 'error.type': 'validation' } });
    expect(attemptsOf(invalid!)).toHaveLength(0);
    expect(attemptsOf(sent!)).toHaveLength(1);
    expect(paced).toMatchObject({ status: { code: ERROR }, attributes: { 'error.type': 'pacing' } });
    expect(attemptsOf(paced!)).toHaveLength(0);

    // A Retry-After of an hour: the budget is spent, and the next call fails unsent, with the API's code.
    const spent = fakeClient({ maxRetries: 0 });
    handleOf(spent.api, nonIdempotent.id)['fault']?.('rate-limited', { retryAfter: 3_600_000 });
    await settled(nonIdempotent.call(spent.userplane));
    exporter.reset();
    await settled(nonIdempotent.call(spent.userplane));
    expect(only(spans())).toMatchObject({ status: { code: ERROR }, attributes: { 'error.type': 'RATE_LIMITED' } });
  });

  it('a timeout and an abort: the attempt ends with its failure as error.type, and so does the call', async () => {
    const { api, userplane } = fakeClient({ timeout: 5000, maxRetries: 0 });
    handleOf(api, nonIdempotent.id)['fault']?.('hang');
    await settled(nonIdempotent.call(userplane));
    // Aborted while its request is out: a `fetch` that answers only its signal, on real time.
    const controller = new AbortController();
    const hanging = new Userplane({
      apiKey: API_KEY,
      baseUrl: BASE_URL,
      tracer,
      fetch: (request) => {
        queueMicrotask(() => {
          controller.abort();
        });
        return new Promise((_, reject) => {
          request.signal.addEventListener('abort', () => {
            reject(new Error('aborted'));
          });
        });
      },
    });
    await settled(nonIdempotent.call(hanging, undefined, { signal: controller.signal }));
    const [timedOut, cancelled] = callSpans();
    for (const [call, type] of [
      [timedOut, 'timeout'],
      [cancelled, 'abort'],
    ] as const) {
      expect(call).toMatchObject({ status: { code: ERROR }, attributes: { 'error.type': type } });
      expect(only(attemptsOf(call!))).toMatchObject({ status: { code: ERROR }, attributes: { 'error.type': type } });
      expect(only(attemptsOf(call!)).attributes).not.toHaveProperty('http.response.status_code');
    }
  });

  const list = findOperation((model) => model.pageItems !== undefined);
  it.skipIf(list === undefined)(
    'a paged list walked with for await: a call span per page, each with its attempt',
    async () => {
      const { api, userplane } = fakeClient();
      handleOf(api, list!.id)['items']?.(Array.from({ length: 5 }, () => ({})));
      await tracer.startActiveSpan('job', async (job) => {
        const pages = methodFor(userplane, list!.id)({ ...list!.params(), page: 1, per_page: 2 });
        const items: unknown[] = [];
        for await (const item of pages as unknown as AsyncIterable<unknown>) items.push(item);
        expect(items).toHaveLength(5);
        job.end();
      });
      const calls = callSpans();
      expect(calls.map((span) => span.name)).toEqual([list!.id, list!.id, list!.id]);
      for (const call of calls) expect(only(attemptsOf(call)).attributes['url.full']).toMatch(/page=\d/);
    },
  );
});

describe('over generated plans of faults', () => {
  const FAULTS: FakeFault[] = ['unavailable', 'server-error', 'network', 'rate-limited'];
  it('the spans tell what the logger heard, every attempt a child of its call, and the key in none of them', async () => {
    const redact = keyRedactor(API_KEY);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...FAULTS), { maxLength: 3 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }),
        async (faults, keyInParams, maxRetries) => {
          exporter.reset();
          const events: LogEvent[] = [];
          const { api, userplane } = fakeClient({ maxRetries, logger: (event) => events.push(event) });
          const handle = handleOf(api, idempotentOperation.id);
          for (const fault of faults)
            handle['fault']?.(fault, {
              times: 1,
              ...(fault === 'network' || fault === 'server-error' ? {} : { retryAfter: 1000 }),
            });
          // A path parameter holding the key (pasted in the wrong field): its URL holds it.
          const params = idempotentOperation.params();
          const pathParam = idempotentOperation.pathParams[0];
          if (keyInParams && pathParam !== undefined) params[pathParam] = API_KEY;
          const error = await idempotentOperation.call(userplane, params).then(
            () => undefined,
            (caught: unknown) => caught,
          );
          const call = only(callSpans());
          const attempts = attemptsOf(call);
          expect(attempts).toHaveLength(events.filter((event) => event.type === 'attempt').length);
          expect(call.events.map((event) => event.name)).toEqual(
            events.filter((event) => event.type !== 'attempt').map((event) => `userplane.${event.type}`),
          );
          expect(call.status.code).toBe(error === undefined ? UNSET : ERROR);
          const told = JSON.stringify(
            spans().map(({ name, attributes, events: spanEvents, status }) => ({
              name,
              attributes,
              spanEvents,
              status,
            })),
          );
          expect(redact(told)).toBe(told);
        },
      ),
      { numRuns: 60, seed: 34 },
    );
  });
});
