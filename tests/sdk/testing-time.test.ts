/**
 * `userplane/testing` as a user's test meets it: time on the fake's clock (each fault kind
 * repeating forever ends at once and says what was waited), the order of planned answers and
 * what is left of them, answers outside the spec on purpose and the SDK's errors for them, and
 * default answers that carry what the request sent. Generic over the operation model.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakes } from '../../src/generated/fakes.js';
import {
  InternalServerError,
  isUserplaneError,
  UserplaneApiError,
  UserplaneResponseError,
  type UserplaneOptions,
} from '../../src/index.js';
import { createFakeUserplane, type FakeRow, type FakeUserplane, type FakeWait } from '../../src/testing/index.js';
import { handleOf } from '../support/fake-handle.js';
import { modelOf, operationIds, sampleParams } from '../support/fixtures.js';
import { idempotentOperation, methodFor, nonIdempotent, type PickedOperation } from '../support/operations.js';

const rows: Readonly<Record<string, FakeRow>> = fakes;
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const outcome = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => error,
  );
const summary = (waits: readonly FakeWait[]): string => waits.map((w) => `${w.reason} ${w.ms} ms`).join(', ') || 'none';

describe('time on the fake’s clock', () => {
  const forever: [string, PickedOperation, (waits: FakeWait[], error: unknown, calls: number) => void][] = [
    [
      'rate-limited',
      idempotentOperation,
      (waits, error, calls) => {
        // A 429 without Retry-After pauses a whole window; a 429 again after it: the budget is spent.
        expect(waits).toEqual([{ operationId: idempotentOperation.id, reason: 'pause', ms: 60_000 }]);
        expect(error).toMatchObject({ kind: 'api', status: 429 });
        expect(String(error)).toMatch(/budget looks spent/);
        expect(calls).toBe(2);
      },
    ],
    ...(['unavailable', 'server-error', 'network'] as const).map(
      (kind): [string, PickedOperation, (waits: FakeWait[], error: unknown, calls: number) => void] => [
        kind,
        idempotentOperation,
        (waits, error, calls) => {
          // Three retries, each after a backoff under its ceiling (1 s, 2 s, 4 s).
          expect(waits.map((w) => w.reason)).toEqual(['backoff', 'backoff', 'backoff']);
          waits.forEach((w, i) => {
            expect(w.ms).toBeLessThan(1000 * 2 ** i);
          });
          expect(error).toMatchObject({ kind: kind === 'network' ? 'connection' : 'api', attempts: 4 });
          expect(calls).toBe(4);
        },
      ],
    ),
    [
      'hang',
      idempotentOperation,
      (waits, error, calls) => {
        // Each attempt waits its 30 s time limit, then backs off.
        expect(waits.filter((w) => w.reason === 'timeout').map((w) => w.ms)).toEqual([30_000, 30_000, 30_000, 30_000]);
        expect(error).toMatchObject({ kind: 'timeout', attempts: 4 });
        expect(calls).toBe(4);
      },
    ],
    [
      'hang',
      nonIdempotent,
      (waits, error, calls) => {
        // A POST that may have reached the server is never sent twice.
        expect(waits).toEqual([{ operationId: nonIdempotent.id, reason: 'timeout', ms: 30_000 }]);
        expect(error).toMatchObject({ kind: 'timeout', attempts: 1 });
        expect(calls).toBe(1);
      },
    ],
  ];

  it.each(forever.map(([kind, operation, check]) => [kind, operation.id, operation, check] as const))(
    '%s, every time (%s): ends at once, and says what the client waited',
    async (kind, _id, operation, check) => {
      const api = createFakeUserplane();
      handleOf(api, operation.id)['fault']!(kind);
      const params = operation.params();
      const started = performance.now();
      const error = await outcome(operation.call(api.client(), params));
      const wall = performance.now() - started;
      const total = api.waits.reduce((sum, w) => sum + w.ms, 0);
      console.log(
        `${kind} on ${operation.id}: ${wall.toFixed(0)} ms of wall time for ${total} ms the client waited (${summary(api.waits)})`,
      );
      check([...api.waits], error, api.calls.length);
      // Each request says what came before it, on the fake's clock.
      const calls = handleOf(api, operation.id).calls;
      for (let i = 1; i < calls.length; i++) {
        const before = calls[i]!.waited.reduce((sum, w) => sum + w.ms, 0);
        expect(calls[i]!.at - calls[i - 1]!.at).toBe(before);
      }
    },
  );

  it('a 429 with Retry-After 30: the next request waited the 30 s the server asked (paced: a pause; unpaced: retry-after)', async () => {
    for (const [options, reason] of [
      [{}, 'pause'],
      [{ rateLimit: false }, 'retry-after'],
    ] as [UserplaneOptions, string][]) {
      const api = createFakeUserplane();
      handleOf(api, nonIdempotent.id)['fault']!('rate-limited', { times: 1, retryAfter: 30_000 });
      await nonIdempotent.call(api.client(options));
      const [first, second] = handleOf(api, nonIdempotent.id).calls;
      expect(second!.waited).toEqual([{ operationId: nonIdempotent.id, reason, ms: 30_000 }]);
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(30_000);
    }
  });

  it('one unit: the retryAfter a fault is given (ms) is the retryAfter its error reads back (ms), for any whole seconds', async () => {
    const api = createFakeUserplane();
    const client = api.client({ maxRetries: 0, rateLimit: false });
    const params = nonIdempotent.params(); // drawn once: drawing them is most of a call's time here
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 24 * 3600 }),
        fc.constantFrom('rate-limited', 'unavailable'),
        async (seconds, fault) => {
          api.reset();
          handleOf(api, nonIdempotent.id)['fault']!(fault, { retryAfter: seconds * 1000 });
          const error = await outcome(nonIdempotent.call(client, params));
          expect(error).toMatchObject({ kind: 'api', retryAfter: seconds * 1000 });
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('jitter is seeded: the same seed, the same waits; another seed, others', async () => {
    const waits = async (seed: number): Promise<number[]> => {
      const api = createFakeUserplane({ seed });
      handleOf(api, idempotentOperation.id)['fault']!('unavailable');
      await outcome(idempotentOperation.call(api.client()));
      return api.waits.map((w) => w.ms);
    };
    expect(await waits(7)).toEqual(await waits(7));
    expect(await waits(7)).not.toEqual(await waits(8));
  });

  it('the fake’s clock runs on its own: a test’s fake timers neither drive nor stop it', async () => {
    vi.useFakeTimers();
    const api = createFakeUserplane();
    handleOf(api, idempotentOperation.id)['fault']!('hang', { times: 2 });
    await expect(idempotentOperation.call(api.client())).resolves.toBeDefined();
    expect(api.waits.filter((w) => w.reason === 'timeout')).toHaveLength(2);
  });

  it('two calls left hanging at once each time out at their own limit (the limit is matched to its request)', async () => {
    const api = createFakeUserplane();
    handleOf(api, idempotentOperation.id)['fault']!('hang');
    const client = api.client({ maxRetries: 0 });
    const [slow, quick] = await Promise.all([
      outcome(idempotentOperation.call(client, undefined, { timeout: 9_000 })),
      outcome(idempotentOperation.call(client, undefined, { timeout: 2_000 })),
    ]);
    expect(slow).toMatchObject({ kind: 'timeout', timeout: 9_000 });
    expect(quick).toMatchObject({ kind: 'timeout', timeout: 2_000 });
    expect(api.waits.map((w) => w.ms).sort((a, b) => a - b)).toEqual([2_000, 9_000]);
  });

  it('time: "real" gives the runtime’s timers back', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const api = createFakeUserplane({ time: 'real' });
    handleOf(api, idempotentOperation.id)['fault']!('unavailable', { times: 1 });
    await idempotentOperation.call(api.client());
    const [first] = handleOf(api, idempotentOperation.id).calls;
    // On the runtime's monotonic clock, not the fake's, which starts at 0.
    expect(first!.at).toBeCloseTo(performance.now(), -4);
  });
});

describe('the order of answers, and what is left of them', () => {
  const operation = idempotentOperation;

  it('answers given `times` keep their place, whichever order the standing answer is given in', async () => {
    for (const order of ['fault first', 'respond first']) {
      const api = createFakeUserplane();
      const handle = handleOf(api, operation.id);
      if (order === 'fault first') {
        handle['fault']!('network', { times: 2 });
        handle['respond']!();
      } else {
        handle['respond']!();
        handle['fault']!('network', { times: 2 });
      }
      await expect(operation.call(api.client()), order).resolves.toBeDefined();
      expect(api.calls, order).toHaveLength(3);
    }
  });

  it('pending() lists the answers planned and not yet used; [] once all were asked for', async () => {
    const api = createFakeUserplane();
    const handle = handleOf(api, operation.id);
    handle['fault']!('unavailable', { times: 1 });
    handle['respond']!({}, {});
    expect(api.pending()).toEqual([
      { operationId: operation.id, answer: 'fault unavailable' },
      { operationId: operation.id, answer: 'respond' },
      { operationId: operation.id, answer: 'respond' },
    ]);
    await operation.call(api.client());
    expect(api.pending()).toEqual([{ operationId: operation.id, answer: 'respond' }]);
    await operation.call(api.client());
    expect(api.pending()).toEqual([]);
  });

  it('fault() refuses an unknown kind and impossible options, naming what is valid', () => {
    const handle = handleOf(createFakeUserplane(), operation.id);
    expect(() => handle['fault']!('timeout')).toThrow(
      /"timeout" is not a fault; one of rate-limited, unavailable, server-error, network, hang/,
    );
    for (const retryAfter of [-1000, 1500, 30, Number.NaN, '5000'])
      expect(() => handle['fault']!('rate-limited', { retryAfter })).toThrow(
        /retryAfter is milliseconds in whole seconds/,
      );
    expect(() => handle['fault']!('network', { retryAfter: 5000 })).toThrow(
      /for 'rate-limited' and 'unavailable' only/,
    );
    expect(() => handle['fail']!('SOMETHING_NEW')).toThrow(
      /not a code the spec declares .*offSpec\.fail\(\) answers any code/,
    );
  });
});

describe('beyond the spec, on purpose', () => {
  const operation = nonIdempotent;
  const row = rows[operation.id]!;
  const run = async (plan: (api: FakeUserplane) => void, options: UserplaneOptions = {}): Promise<unknown> => {
    const api = createFakeUserplane();
    plan(api);
    return outcome(operation.call(api.client({ maxRetries: 0, ...options })));
  };

  it('a field the spec does not have yet: the client gives it through; validateResponses says it is not the spec’s', async () => {
    const plan = (api: FakeUserplane): void => {
      handleOf(api, operation.id).offSpec['respond']!({ data: { addedTomorrow: 'a new field' } });
    };
    const passed = (await run(plan)) as { resolved: { data: Record<string, unknown> } };
    expect(passed.resolved.data['addedTomorrow']).toBe('a new field');
    const checked = await run(plan, { validateResponses: true });
    expect(checked).toBeInstanceOf(UserplaneResponseError);
    expect(String(checked)).toMatch(/does not match the spec/);
  });

  it('an error code no operation declares: an api error, not defined, its code and status kept', async () => {
    const error = await run((api) => {
      handleOf(api, operation.id).offSpec['fail']!('SOMETHING_LOCKED', { status: 423, message: 'Locked for now' });
    });
    expect(error).toBeInstanceOf(UserplaneApiError);
    expect(error).toMatchObject({ status: 423, code: 'SOMETHING_LOCKED', defined: false });
    expect(isUserplaneError(error, operation.id)).toBe(true);
    expect(String(error)).toMatch(/Locked for now/);
  });

  it.each([
    [
      'an HTML 502 from a proxy',
      502,
      '<html><body><h1>502 Bad Gateway</h1>nginx</body></html>',
      InternalServerError,
      /502 Bad Gateway nginx/,
    ],
    ['a 200 that is not JSON', 200, 'OK', UserplaneResponseError, /not JSON/],
    ['a 200 cut short', row.status, '{"message":"ok","data":{', UserplaneResponseError, /not JSON/],
    ['an empty 200', row.status, '', UserplaneResponseError, /empty body/],
  ] as const)('%s: the SDK’s typed error for it', async (_, status, body, kind, message) => {
    const error = await run((api) => {
      handleOf(api, operation.id).offSpec['raw']!(status, body, { headers: { 'content-type': 'text/html' } });
    });
    expect(error).toBeInstanceOf(kind);
    expect(String(error)).toMatch(message);
  });

  it('a reply function whose answer the spec refuses: a 501 saying so (the request was sent and recorded)', async () => {
    const api = createFakeUserplane();
    handleOf(api, operation.id)['respond']!(() => ({ data: { notInTheSpec: true } }));
    const error = await outcome(operation.call(api.client()));
    expect(error).toMatchObject({ kind: 'api', status: 501, code: 'FAKE_ANSWER_OFF_SPEC', attempts: 1 });
    expect(String(error)).toMatch(/not valid under the spec.*a reply function gave it/);
    expect(api.calls).toHaveLength(1);
  });
});

describe('answers that look like the request', () => {
  /** A plain string: any text of a few characters is valid for it (no enum, pattern or format). */
  const plain = (schema: unknown): boolean =>
    typeof schema === 'object' &&
    schema !== null &&
    (schema as Record<string, unknown>)['type'] === 'string' &&
    !['enum', 'const', 'pattern', 'format'].some((keyword) => keyword in schema);
  /** Every string field of the sample body named like a plain string parameter (or body field) of the operation. */
  const echoed = (operationId: string): string[] => {
    const model = modelOf(operationIds.find((id) => id === operationId)!);
    const names = new Set(model.parameters.filter((p) => plain(p.schema)).map((p) => p.name));
    const fields = (model.body?.schema['properties'] ?? {}) as Record<string, unknown>;
    for (const [field, schema] of Object.entries(fields)) if (plain(schema)) names.add(field);
    const found = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (typeof value === 'object' && value !== null)
        for (const [key, item] of Object.entries(value)) {
          if (names.has(key) && typeof item === 'string') found.add(key);
          walk(item);
        }
    };
    walk(rows[operationId]?.body);
    return [...found];
  };
  const withEcho = operationIds.filter((id) => echoed(id).length > 0 && modelOf(id).pageItems === undefined);

  it.each(withEcho)('%s: each such field carries the value sent', async (operationId) => {
    const api = createFakeUserplane();
    const params: Record<string, unknown> = { ...sampleParams(operationId) };
    for (const name of echoed(operationId)) if (typeof params[name] === 'string') params[name] = `sent-${name}`;
    const result = await methodFor(api.client(), operationId)(params);
    const seen = new Map<string, unknown[]>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (typeof value === 'object' && value !== null)
        for (const [key, item] of Object.entries(value)) {
          seen.set(key, [...(seen.get(key) ?? []), item]);
          walk(item);
        }
    };
    walk(result);
    for (const name of echoed(operationId)) {
      if (typeof params[name] === 'string') expect(seen.get(name), name).toContain(`sent-${name}`);
    }
  });
});
