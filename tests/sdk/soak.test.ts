/**
 * Soak: a thousand mixed calls, many at once, through a server that injects faults at random
 * (fixed seed). Asserts the SDK's promise in figures: every call settles as a result or a typed
 * error, no create is sent twice, no retry undercuts a Retry-After the client received, attempts
 * stay within 1 + maxRetries, and a call leaves nothing behind — no timer, no abort listener,
 * and none of its objects reachable once the caller drops them (WeakRefs, after forced GCs: a
 * count, not a heap delta, so it does not depend on the machine).
 *
 *   npx vitest run tests/sdk/soak.test.ts     prints the figures quoted in CONTRIBUTING.md
 */
import { getEventListeners, setMaxListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  isUserplaneError,
  Userplane,
  type LogEvent,
  type OperationId,
  type UserplaneErrorKind,
} from '../../src/index.js';
import { useFaultServer, type RecordedRequest, type Reply } from '../support/fault-server.js';
import { API_KEY } from '../support/fixtures.js';
import { idempotentOperation, idempotentWithBody, nonIdempotent } from '../support/operations.js';
import { seededRandom, seedOf, weightedPick } from '../support/random.js';

const SEED = 20_261_122;
const CALLS = Number(process.env['SOAK_CALLS'] ?? 1_000);
const CONCURRENCY = 32;
const MAX_RETRIES = 3;
const TIMEOUT = 150; // ms per attempt; the "slow" fault answers after TIMEOUT + 100
const ABORTED_SHARE = 0.02; // calls the caller aborts mid-way

/** Fault kinds and their weights (per attempt). */
const FAULTS = {
  ok: 60,
  '429 no Retry-After': 4,
  '429 Retry-After: 0': 3,
  '429 Retry-After: 1': 3,
  '429 Retry-After: HTTP-date': 3,
  '503': 4,
  'HTML 502': 4,
  'reset before response': 4,
  'reset mid-body': 4,
  'slow (past timeout)': 4,
  'truncated JSON 200': 3,
  '302 redirect': 1,
} as const;
type Fault = keyof typeof FAULTS;

/** Replies after which the server did not process the request (so a POST may be re-sent). */
const NOT_PROCESSED = new Set<Fault>([
  '429 no Retry-After',
  '429 Retry-After: 0',
  '429 Retry-After: 1',
  '429 Retry-After: HTTP-date',
  '503',
]);

interface Attempt {
  fault: Fault;
  at: number;
  /** Earliest moment the server allowed the next attempt (its Retry-After), if it sent one. */
  notBefore: number | undefined;
}

const server = useFaultServer();

/**
 * Full collections (V8's gc, exposed at runtime), each after a timer turn, so that WeakRefs may
 * clear and FinalizationRegistry callbacks run (undici holds a request's signal until the request
 * is collected and its finalizer has run).
 */
async function collect(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  for (let i = 0; i < 6; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    gc?.();
  }
}

function timerCount(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

function rateLimited(headers: Record<string, string>): Reply {
  return {
    status: 429,
    headers,
    body: { defined: true, code: 'RATE_LIMITED', status: 429, message: 'Rate limit exceeded' },
  };
}

/** The three roles a bulk job mixes: a create (sent at most once), an update and a delete. */
const operations = [nonIdempotent, idempotentWithBody, idempotentOperation];
const paramsOf = new Map(operations.map((operation) => [operation.id, operation.params()]));
const bodyOf = new Map<string, unknown>(operations.map((operation) => [operation.id, operation.body()]));
/** The success body of the operation a request is for (told by its X-Soak-Op header). */
function successFor(request: RecordedRequest): unknown {
  return bodyOf.get(String(request.headers['x-soak-op']));
}

describe('soak', () => {
  it(`${CALLS} mixed calls at concurrency ${CONCURRENCY} through injected faults`, { timeout: 180_000 }, async () => {
    // Every draw is seeded by (seed, call, attempt), so each call meets the same faults in every
    // run, whatever order concurrency sends them in.
    const attemptsByCall = new Map<string, Attempt[]>();
    const injected = new Map<Fault, number>();

    const handler = (request: RecordedRequest): Reply => {
      const id = String(request.headers['x-soak-call']);
      const attemptIndex = attemptsByCall.get(id)?.length ?? 0;
      const fault = weightedPick(seededRandom(seedOf(SEED, id, attemptIndex)), FAULTS);
      injected.set(fault, (injected.get(fault) ?? 0) + 1);
      let notBefore: number | undefined;
      let reply: Reply;
      switch (fault) {
        case 'ok':
          reply = { status: 200, body: successFor(request) };
          break;
        case '429 no Retry-After':
          reply = rateLimited({});
          break;
        case '429 Retry-After: 0':
          notBefore = request.at;
          reply = rateLimited({ 'retry-after': '0' });
          break;
        case '429 Retry-After: 1':
          notBefore = request.at + 1000;
          reply = rateLimited({ 'retry-after': '1' });
          break;
        case '429 Retry-After: HTTP-date': {
          const date = Math.ceil((request.at + 1000) / 1000) * 1000;
          notBefore = date;
          reply = rateLimited({ 'retry-after': new Date(date).toUTCString() });
          break;
        }
        case '503':
          reply = { status: 503, body: { defined: true, code: 'SERVICE_UNAVAILABLE', status: 503, message: 'down' } };
          break;
        case 'HTML 502':
          reply = {
            status: 502,
            headers: { 'content-type': 'text/html' },
            body: '<html><h1>502 Bad Gateway</h1></html>',
          };
          break;
        case 'reset before response':
          reply = { reset: 'before-response' };
          break;
        case 'reset mid-body':
          reply = { reset: 'mid-body', status: 200 };
          break;
        case 'slow (past timeout)':
          reply = { status: 200, body: successFor(request), delay: TIMEOUT + 100 };
          break;
        case 'truncated JSON 200':
          reply = {
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: '{"message":"ok","data":{"work',
          };
          break;
        case '302 redirect':
          reply = { status: 302, headers: { location: 'http://127.0.0.1:9/elsewhere' } };
          break;
      }
      const list = attemptsByCall.get(id) ?? [];
      list.push({ fault, at: request.at, notBefore });
      attemptsByCall.set(id, list);
      return reply;
    };
    server.handle(handler);

    // Long-lived and never aborted, shared by every call: the SDK must remove what it adds.
    const appSignal = new AbortController().signal;
    // Each in-flight attempt listens on it, as fetch itself would; more than 10 at once is
    // Node's generic "possible leak" heuristic, not a leak (checked below: 0 left at the end).
    setMaxListeners(CONCURRENCY * 2, appSignal);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);

    type Outcome = {
      operationId: OperationId;
      result: 'ok' | UserplaneErrorKind | 'not a UserplaneError';
      ms: number;
      /** The attempts as the client saw them (its logger): a status, or why none came. */
      seen: LogEvent[];
    };
    /** What each call made and got back, held only weakly: none may stay reachable after it settles. */
    const retained: WeakRef<object>[] = [];
    const timersBefore = timerCount();
    const outcomes = new Map<string, Outcome>();
    let logEvents = 0;
    let keyInLog = 0;
    const started = Date.now();
    let next = 0;
    async function worker(): Promise<void> {
      while (next < CALLS) {
        const id = `call-${next++}`;
        const random = seededRandom(seedOf(SEED, id));
        const operation = operations[Math.floor(random() * operations.length)]!;
        const operationId = operation.id;
        const abort = random() < ABORTED_SHARE ? new AbortController() : undefined;
        const abortTimer = abort
          ? setTimeout(
              () => {
                abort.abort();
              },
              20 + random() * 300,
            )
          : undefined;
        const seen: LogEvent[] = [];
        // A client per call, as a request handler may make one: its logger tells this call's attempts apart.
        const userplane = new Userplane({
          apiKey: API_KEY,
          baseUrl: server.url,
          maxRetries: MAX_RETRIES,
          timeout: TIMEOUT,
          rateLimit: false, // each call's own retries under faults; pacing has tests/sdk/rate-limit.test.ts
          logger: (event) => {
            logEvents++;
            if (JSON.stringify(event).includes(API_KEY)) keyInLog++;
            seen.push(event);
          },
        });
        const params = { ...paramsOf.get(operationId) };
        const options = {
          signal: abort?.signal ?? appSignal,
          headers: { 'X-Soak-Call': id, 'X-Soak-Op': operationId },
        };
        const callStarted = Date.now();
        const settled: { value: unknown } = { value: undefined };
        const result = await operation.call(userplane, params, options).then(
          (value) => {
            settled.value = value;
            return 'ok' as const;
          },
          (error: unknown) => {
            settled.value = error;
            return isUserplaneError(error) ? error.kind : ('not a UserplaneError' as const);
          },
        );
        clearTimeout(abortTimer);
        for (const object of [userplane, params, options, options.headers, settled.value]) {
          if (typeof object === 'object' && object !== null) retained.push(new WeakRef(object));
        }
        outcomes.set(id, { operationId, result, ms: Date.now() - callStarted, seen });
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
    const elapsed = Date.now() - started;

    // Let the server's own delayed replies (to timed-out attempts) drain before counting timers.
    while (server.pendingReplies > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    process.off('unhandledRejection', onUnhandled);
    const timersAfter = timerCount();

    // --- the figures ---
    const violations: string[] = [];
    let duplicateCreates = 0;
    let retries = 0;
    const failures = new Map<string, number>();
    for (const [id, outcome] of outcomes) {
      const attempts = attemptsByCall.get(id) ?? [];
      retries += Math.max(0, attempts.length - 1);
      if (outcome.result !== 'ok') failures.set(outcome.result, (failures.get(outcome.result) ?? 0) + 1);
      if (outcome.result === 'not a UserplaneError')
        violations.push(`${id}: settled with something other than a UserplaneError`);
      if (attempts.length > 1 + MAX_RETRIES) violations.push(`${id}: ${attempts.length} attempts > 1 + maxRetries`);
      for (let i = 1; i < attempts.length; i++) {
        const previous = attempts[i - 1]!;
        // A Retry-After binds the client only if it read the answer: an attempt that timed out
        // first (under load, past TIMEOUT) never saw it, and retries on its own backoff.
        const answered = outcome.seen.some((e) => e.type === 'attempt' && e.attempt === i && e.status !== undefined);
        if (answered && previous.notBefore !== undefined && attempts[i]!.at < previous.notBefore) {
          violations.push(`${id}: retried ${previous.notBefore - attempts[i]!.at} ms before Retry-After`);
        }
      }
      if (outcome.operationId === nonIdempotent.id) {
        const processed = attempts.filter((attempt) => !NOT_PROCESSED.has(attempt.fault)).length;
        if (processed > 1) duplicateCreates++;
      }
    }
    for (const id of attemptsByCall.keys())
      if (!outcomes.has(id)) violations.push(`${id}: seen by the server, never settled`);
    if (keyInLog > 0) violations.push(`${keyInLog} log events carry the key`);

    const durations = [...outcomes.values()].map((o) => o.ms).sort((a, b) => a - b);
    const quantile = (q: number): number =>
      durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]!;
    const totalAttempts = [...attemptsByCall.values()].reduce((sum, list) => sum + list.length, 0);
    const settledCount = outcomes.size;
    // Drop what the test itself holds, then count what is still reachable.
    server.reset();
    outcomes.clear();
    attemptsByCall.clear();
    await collect();
    const stillReachable = retained.filter((ref) => ref.deref() !== undefined).length;
    const figures = {
      seed: SEED,
      calls: settledCount,
      concurrency: CONCURRENCY,
      attempts: totalAttempts,
      retries,
      faultsInjected: Object.fromEntries([...injected].filter(([fault]) => fault !== 'ok').sort((a, b) => b[1] - a[1])),
      successes: settledCount - [...failures.values()].reduce((sum, n) => sum + n, 0),
      typedFailuresByKind: Object.fromEntries([...failures].sort((a, b) => b[1] - a[1])),
      duplicateCreates,
      violations: violations.length,
      unhandledRejections: unhandled.length,
      callMs: { p50: quantile(0.5), p99: quantile(0.99), max: durations[durations.length - 1] },
      elapsedMs: elapsed,
      objectsOfSettledCalls: { tracked: retained.length, stillReachable },
      timers: { before: timersBefore, after: timersAfter },
      abortListenersLeft: getEventListeners(appSignal, 'abort').length,
      logEvents,
    };
    console.log(`soak figures:\n${JSON.stringify(figures, null, 2)}`);
    if (violations.length > 0) console.log(violations.slice(0, 20).join('\n'));

    expect(settledCount).toBe(CALLS);
    expect(violations).toEqual([]);
    expect(duplicateCreates).toBe(0);
    expect(unhandled).toEqual([]);
    expect(figures.abortListenersLeft).toBe(0);
    expect(timersAfter).toBeLessThanOrEqual(timersBefore);
    // Bounded: a call is at most 1 + maxRetries attempts of TIMEOUT plus the waits between them.
    expect(figures.callMs.max).toBeLessThan((1 + MAX_RETRIES) * TIMEOUT + MAX_RETRIES * 8_000 + 5_000);
    // Nothing a settled call made or got back is kept by the SDK: the client, the params, the
    // options, the result or error — every one collected.
    expect(stillReachable).toBe(0);
  });
});
