/**
 * The README's promises as invariants over generated servers and callers (fast-check, fixed
 * seed): every operation, against a loopback server whose every answer is drawn from a space —
 * statuses (odd ones too), headers echoing the key in a name or a value, any Retry-After, a
 * Content-Encoding right, wrong or corrupt, bodies in the documented and legacy shapes with the
 * key in any field or key name, text with the key at any offset (around every cut the SDK
 * makes), empty, huge, endless, deeply nested, trickling, and connection faults before the
 * headers or mid-body. For every run:
 *   - the outcome is a result or a UserplaneError, and no view of the error (message, stack,
 *     String, JSON.stringify, util.inspect with showHidden, every cause) nor any logger event
 *     holds six characters in a row of the key's secret part (all of it, for a shorter one);
 *   - a kind that says "not sent" is true, and a POST reaches the server at most once unless
 *     it was answered 429 or 503;
 *   - a body is read no further than the cap (what the server could write stays bounded);
 *   - a declared error narrows to its class and code, with its headers, whatever is in `data`.
 * The same for hostile callers: signals, getters and proxies that throw, headers the runtime
 * refuses — refused at once, nothing sent, no pacing turn lost.
 *
 *   INVARIANT_RUNS=<n> FC_SEED=<n> npx vitest run tests/sdk/invariants.test.ts   for longer runs
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  InternalServerError,
  isUserplaneError,
  MemoryRateLimitStore,
  Userplane,
  UserplaneApiError,
  type LogEvent,
  type OperationId,
} from '../../src/index.js';
import { modelOf, operationIds, sampleParams } from '../support/fixtures.js';
import { CLASS_BY_STATUS } from '../support/error-classes.js';
import {
  DEEP,
  startHostileServer,
  type HostileBody,
  type HostileReply,
  type HostileServer,
} from '../support/hostile-server.js';
import { leaks, views } from '../support/leaks.js';
import { propertySeeds } from '../support/random.js';
import { methodFor } from '../support/operations.js';

const RUNS = Number(process.env['INVARIANT_RUNS'] ?? 150);
/** Hostile callers: each run is two calls and a client, and the space is smaller. */
const CALLER_RUNS = Math.ceil(RUNS / 1.5);
/** The fixed seed, and in CI one derived from the code (tests/support/random.ts). */
const SEEDS = propertySeeds(20_261_130);
const TIMEOUT = 400;
/** What loopback sockets and the runtime may buffer beyond the cap before the read stops. */
const BUFFERED = 16 * 2 ** 20;

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(() => server.close());

/** Keys as they are issued: random characters (fast-check's string arbitraries favour words such as "constructor"). */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'.split('');
const characters = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...ALPHABET), { minLength: min, maxLength: max }).map((chars) => chars.join(''));
const secret = fc.oneof({ weight: 5, arbitrary: characters(8, 40) }, { weight: 1, arbitrary: characters(4, 5) });

/** Where the key shows up in text: whole, its secret alone, in a header, a long run of it, or just six characters of it. */
const echo = (key: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(key, key.slice(5), `Bearer ${key}`, key.slice(3, -1), `token=${key.slice(5)}&x=1`),
    fc.nat({ max: Math.max(0, key.length - 11) }).map((at) => `(${key.slice(5 + at, 11 + at)})`),
  );

/** Text with the key at an offset near every cut the SDK makes (200, 1 KiB, 4 KiB, the cap) or anywhere. */
const textWithKey = (key: string, cap: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom(0, 195, 198, 200, 203, 1020, 1024, 1027, 4090, 4096, 4100, cap - 8, cap - 3, cap),
        fc.integer({ min: 0, max: 6000 }),
      ),
      echo(key),
      fc.constantFrom('', '<html><body>', '   \n\t'),
    )
    .map(([offset, echoed, prefix]) => `${prefix}${'x'.repeat(Math.max(0, offset - prefix.length))}${echoed} tail`);

function bodyArbitrary(operationId: OperationId, status: number, key: string, cap: number): fc.Arbitrary<HostileBody> {
  const declared = modelOf(operationId).errors[String(status)] ?? [];
  // `DEEP` in a value stands for 5,000 nested arrays with the key at the bottom (a 10 KB body).
  const deep = { depth: 5000, innermost: key };
  const json = (value: fc.Arbitrary<unknown>): fc.Arbitrary<HostileBody> =>
    value.map((v) => ({ kind: 'json', value: v, deep }));
  const data = fc.oneof(fc.constant(undefined), echo(key), fc.constantFrom(DEEP, { [key]: [key] }));
  const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>): fc.WeightedArbitrary<T> => ({ weight, arbitrary });
  const declaredError: fc.WeightedArbitrary<HostileBody>[] =
    declared.length === 0
      ? []
      : [
          // A declared error, anything in `data`: it must narrow.
          w(
            6,
            json(
              fc.record({
                defined: fc.constant(true),
                code: fc.constantFrom(...declared),
                status: fc.constant(status),
                message: fc.oneof(fc.constant('failed'), echo(key)),
                data,
              }),
            ),
          ),
        ];
  return fc.oneof(
    ...declaredError,
    // The documented shape: a declared code (when there is one) or any, the key anywhere.
    w(
      6,
      json(
        fc.record({
          defined: fc.boolean(),
          code: declared.length > 0 ? fc.oneof(fc.constantFrom(...declared), echo(key)) : echo(key),
          status: fc.constant(status),
          message: fc.oneof(fc.constant('failed'), echo(key)),
          data,
        }),
      ),
    ),
    // The legacy `{ error, message }` shape the narrative pages use.
    w(
      2,
      json(
        fc.record({
          error: fc.oneof(
            fc.constant('invalid token'),
            echo(key).map((e) => `invalid token ${e}`),
          ),
          message: echo(key),
        }),
      ),
    ),
    // A success-looking body with the key as a field name and value.
    w(3, json(echo(key).map((e) => ({ message: e, data: { [e]: e } })))),
    w(
      3,
      textWithKey(key, cap).map((text): HostileBody => ({ kind: 'text', text })),
    ),
    w(1, fc.constant<HostileBody>({ kind: 'empty' })),
    w(1, fc.constant<HostileBody>({ kind: 'huge', bytes: cap + 256 * 1024 })),
    w(1, fc.constant<HostileBody>({ kind: 'huge', bytes: cap + 256 * 1024, declared: true })),
    w(1, fc.constant<HostileBody>({ kind: 'endless' })),
    w(1, fc.constant<HostileBody>({ kind: 'bomb' })),
    w(2, json(fc.constant({ defined: true, code: declared[0] ?? 'X', status, message: 'deep', data: DEEP }))),
    w(
      1,
      textWithKey(key, 1024).map((text): HostileBody => ({ kind: 'trickle', text, chunks: 3, gapMs: 60 })),
    ),
  );
}

const STATUSES = [200, 201, 204, 301, 302, 400, 401, 403, 404, 410, 418, 429, 500, 501, 502, 503, 504];

function replyArbitrary(operationId: OperationId, key: string, cap: number): fc.Arbitrary<HostileReply> {
  const declaredStatuses = Object.keys(modelOf(operationId).errors).map(Number);
  const status = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...STATUSES) },
    { weight: 1, arbitrary: fc.constantFrom(...declaredStatuses, 200) },
  );
  return status.chain((status) =>
    fc
      .record(
        {
          status: fc.constant(status),
          statusText: fc.oneof(fc.constant('OK'), echo(key)),
          headers: fc.array(
            fc.oneof(
              echo(key).map((e): [string, string] => ['x-echo', e]),
              fc.constant<[string, string]>([`x-${key.slice(5)}`, 'name']),
              fc.constantFrom<[string, string]>(
                ['retry-after', '0'],
                ['retry-after', 'Thu, 01 Jan 1970 00:00:00 GMT'],
                ['retry-after', 'soon'],
                ['retry-after', '86400'],
                ['location', `https://elsewhere.example/?token=${key}`],
              ),
            ),
            { maxLength: 3 },
          ),
          body: bodyArbitrary(operationId, status, key, cap),
          // A wrong or corrupt encoding and a connection fault, each now and then.
          encoding: fc.oneof(
            { weight: 6, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: fc.constantFrom<HostileReply['encoding']>('gzip', 'claims-gzip', 'corrupt-gzip') },
          ),
          fault: fc.oneof(
            { weight: 8, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: fc.constantFrom<HostileReply['fault']>('before-headers', 'mid-body') },
          ),
        },
        { requiredKeys: ['status', 'statusText', 'headers', 'body', 'encoding', 'fault'] },
      )
      .map((reply) => {
        // Encodings apply to bodies the server holds whole; a 204 and a redirect carry none.
        const finite = reply.body.kind === 'json' || reply.body.kind === 'text';
        return { ...reply, ...(finite ? {} : { encoding: undefined }) } as HostileReply;
      }),
  );
}

const scenario = fc
  .record({
    operationId: fc.constantFrom(...operationIds),
    secret,
    cap: fc.constantFrom(4096, 65_536, 1_048_576),
    maxRetries: fc.integer({ min: 0, max: 2 }),
  })
  .chain((base) => {
    const key = `uspl_${base.secret}`;
    return fc.record({
      ...Object.fromEntries(Object.entries(base).map(([name, value]) => [name, fc.constant(value)])),
      key: fc.constant(key),
      replies: fc.array(replyArbitrary(base.operationId, key, base.cap), { minLength: 1, maxLength: 3 }),
    }) as fc.Arbitrary<typeof base & { key: string; replies: HostileReply[] }>;
  });

const tally = { runs: 0, results: 0, errorsByKind: new Map<string, number>(), narrowed: 0, capped: 0 };
afterAll(() => {
  console.log(
    `invariants over generated servers: ${tally.runs} runs, ${tally.results} results, errors ${JSON.stringify(Object.fromEntries(tally.errorsByKind))}, ${tally.narrowed} declared errors narrowed, ${tally.capped} bodies stopped at the cap`,
  );
});

describe('invariants over generated servers', () => {
  it(
    `${RUNS} generated servers per seed × every operation: no key shown, "not sent" true, reads bounded, declared errors narrowed`,
    { timeout: 600_000 },
    async () => {
      vi.spyOn(Math, 'random').mockReturnValue(0); // backoff of 0: retries go out at once
      let run = 0;
      for (const seed of SEEDS) {
        console.log(`seed ${seed} (FC_SEED=${seed} reproduces a failure)`);
        await fc.assert(
          fc.asyncProperty(scenario, async ({ operationId, key, cap, maxRetries, replies }) => {
            const id = `run-${run++}`;
            tally.runs++;
            server.script(id, replies);
            const events: LogEvent[] = [];
            const userplane = new Userplane({
              apiKey: key,
              baseUrl: server.url,
              maxRetries,
              timeout: TIMEOUT,
              maxResponseBytes: cap,
              rateLimit: false,
              logger: (event) => events.push(event),
            });
            const model = modelOf(operationId);
            const outcome = await methodFor(userplane, operationId)(sampleParams(operationId), {
              headers: { 'X-Call': id },
            }).then(
              () => undefined,
              (error: unknown) => error ?? new Error('rejected with nothing'),
            );
            await server.settled(id);
            const answered = server.answered(id);
            const secretPart = key.slice(5);

            // A result, or a UserplaneError — and nothing of the key in it or in the log.
            if (outcome === undefined) {
              tally.results++;
            } else {
              expect(isUserplaneError(outcome), inspect(outcome)).toBe(true);
              if (!isUserplaneError(outcome)) return;
              tally.errorsByKind.set(outcome.kind, (tally.errorsByKind.get(outcome.kind) ?? 0) + 1);
              for (const view of views(outcome))
                expect(leaks(view, secretPart), `${outcome.kind}: ${view.slice(0, 300)}`).toBe(false);
              // "Not sent" is true.
              if (['config', 'validation', 'pacing'].includes(outcome.kind) || outcome.attempts === 0) {
                expect(answered, `${outcome.kind} with requests at the server`).toHaveLength(0);
              }
            }
            expect(leaks(JSON.stringify(events), secretPart)).toBe(false);
            // A POST reaches the server again only after a 429 or a 503.
            if (model.method === 'post') {
              for (const previous of answered.slice(0, -1)) expect([429, 503]).toContain(previous.status);
            }
            // Reads stop at the cap: the server cannot push more than the cap and what sockets buffer.
            for (const [index, answer] of answered.entries()) {
              const body = replies[Math.min(index, replies.length - 1)]!.body;
              if (body.kind === 'endless' || body.kind === 'huge') {
                expect(answer.bytesWritten).toBeLessThan(cap + BUFFERED);
                if (!answer.finished) tally.capped++;
              }
            }
            // A declared error narrows, whatever rides along in `data`.
            const last = replies[Math.min(answered.length - 1, replies.length - 1)];
            const answer = answered.at(-1);
            const value = last?.body.kind === 'json' ? (last.body.value as Record<string, unknown>) : undefined;
            const declared = last && model.errors[String(last.status)]?.includes(String(value?.['code']));
            if (
              last &&
              answer?.finished &&
              declared &&
              value?.['defined'] === true &&
              last.encoding !== 'claims-gzip' &&
              last.encoding !== 'corrupt-gzip' &&
              JSON.stringify(value).length + (JSON.stringify(value).includes(DEEP) ? 10_000 : 0) < cap
            ) {
              expect(isUserplaneError(outcome, operationId, String(value['code']) as never), String(outcome)).toBe(
                true,
              );
              expect(outcome).toBeInstanceOf(
                CLASS_BY_STATUS[last.status] ?? (last.status >= 500 ? InternalServerError : UserplaneApiError),
              );
              expect(outcome).toHaveProperty('headers');
              tally.narrowed++;
            }
          }),
          { numRuns: RUNS, seed, endOnFailure: process.env['FC_SHRINK'] !== '1' },
        );
      }
    },
  );
});

describe('invariants over hostile callers', () => {
  const key = 'uspl_Zq9xW2vB7kP4mT6nR1';
  const thrower = (): never => {
    throw new Error(`caller broke with ${key}`);
  };
  /** Something a caller passes that throws when read, or that the runtime would refuse. */
  type Hostile = { what: string; options?: () => unknown; params?: (valid: Record<string, unknown>) => unknown };
  const randomCase = (name: string, flips: boolean[]): string =>
    name
      .split('')
      .map((c, i) => (flips[i % flips.length] === true ? c.toUpperCase() : c.toLowerCase()))
      .join('');
  const hostile: fc.Arbitrary<Hostile> = fc.oneof(
    fc.constantFrom<Hostile>(
      {
        what: 'a signal whose addEventListener throws',
        options: () => ({ signal: { aborted: false, addEventListener: thrower, removeEventListener: thrower } }),
      },
      {
        what: 'a signal whose aborted getter throws',
        options: () => ({
          signal: {
            get aborted(): boolean {
              return thrower();
            },
            addEventListener: () => undefined,
          },
        }),
      },
      {
        what: 'a signal whose reason getter throws, already aborted',
        options: () => ({
          signal: {
            aborted: true,
            get reason(): unknown {
              return thrower();
            },
            addEventListener: () => undefined,
          },
        }),
      },
      {
        what: 'a Proxy signal',
        options: () => ({
          signal: new Proxy(
            { addEventListener: () => undefined },
            { get: (target, name) => (name === 'addEventListener' ? target.addEventListener : thrower()) },
          ),
        }),
      },
      {
        what: 'options whose getters throw',
        options: () => ({
          get timeout(): number {
            return thrower();
          },
        }),
      },
      { what: 'a Proxy as options', options: () => new Proxy({}, { get: thrower, ownKeys: thrower, has: thrower }) },
      {
        what: 'headers whose getter throws',
        options: () => ({
          get headers(): unknown {
            return thrower();
          },
        }),
      },
      { what: 'a Proxy as headers', options: () => ({ headers: new Proxy({}, { ownKeys: thrower, get: thrower }) }) },
      {
        what: 'a Proxy as params',
        params: () => new Proxy({}, { ownKeys: thrower, get: thrower, getOwnPropertyDescriptor: thrower }),
      },
      {
        what: 'params with a getter that throws',
        params: (valid) =>
          Object.defineProperty({ ...valid }, Object.keys(valid)[0] ?? 'x', { enumerable: true, get: thrower }),
      },
    ),
    // A header the runtime owns, in any case, its value possibly the key.
    fc
      .record({
        name: fc.constantFrom(
          'Expect',
          'Transfer-Encoding',
          'Connection',
          'Keep-Alive',
          'Upgrade',
          'Content-Length',
          'Host',
          'TE',
          'Trailer',
        ),
        flips: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        value: fc.constantFrom('5', 'chunked', '100-continue', 'close', key, `Bearer ${key}`),
      })
      .map(({ name, flips, value }): Hostile => ({
        what: `a ${name} header`,
        options: () => ({ headers: { [randomCase(name, flips)]: value } }),
      })),
  );

  it(
    `${CALLER_RUNS} hostile inputs per seed: refused at once (config, validation, or an abort before sending), nothing sent, no pacing turn lost, no key shown`,
    { timeout: 600_000 },
    async () => {
      let run = 0;
      for (const seed of SEEDS) {
        console.log(`seed ${seed} (FC_SEED=${seed} reproduces a failure)`);
        await fc.assert(
          fc.asyncProperty(hostile, fc.constantFrom(...operationIds), async (input, operation) => {
            const id = `caller-${run++}`;
            server.script(id, [{ status: 500, body: { kind: 'text', text: 'reached' } }]);
            // One turn a minute and no waiting: a turn the hostile call took and never gave back would fail the next call at once.
            const userplane = new Userplane({
              apiKey: key,
              baseUrl: server.url,
              rateLimit: { requests: 1, per: 60_000, maxWait: 0, store: new MemoryRateLimitStore() },
              headers: { 'X-Call': id },
            });
            const call = methodFor(userplane, operation);
            const valid = sampleParams(operation) as Record<string, unknown>;
            const error: unknown = await call(input.params?.(valid) ?? valid, input.options?.() as never).catch(
              (e: unknown) => e,
            );
            expect(
              isUserplaneError(error) && ['config', 'validation', 'abort'].includes(error.kind),
              `${input.what}: ${String(error)}`,
            ).toBe(true);
            expect(isUserplaneError(error) && error.attempts).toBe(0);
            for (const view of views(error)) expect(leaks(view, key.slice(5)), view.slice(0, 300)).toBe(false);
            expect(server.answered(id)).toHaveLength(0);
            // The one turn is still there: the next call is sent.
            const next: unknown = await call(valid, { maxRetries: 0 }).catch((e: unknown) => e);
            expect(isUserplaneError(next) && next.kind, `${input.what}, then: ${String(next)}`).toBe('api');
            expect(server.answered(id)).toHaveLength(1);
          }),
          { numRuns: CALLER_RUNS, seed },
        );
      }
    },
  );
});
