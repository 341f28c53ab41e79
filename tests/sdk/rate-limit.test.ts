/**
 * Pacing under the documented rate limit, on a scaled-down window (10 requests a second instead
 * of 120 a minute) so the tests stay fast: a loopback server enforces it in fixed windows and
 * answers 429 RATE_LIMITED beyond it. What is asserted is behaviour — counts, kinds, what the
 * server saw in any window — never durations (npm run bench:rate-limit measures those).
 */
import { execFile } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient } from 'redis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startRedis } from '../../scripts/servers/redis.js';
import { root } from '../../scripts/spec.js';
import {
  isUserplaneError,
  MemoryRateLimitStore,
  Userplane,
  type LogEvent,
  type RateLimitStore,
  type UserplaneOptions,
} from '../../src/index.js';
import { registeredStores } from '../../src/pacing/store.js';
import { RedisRateLimitStore } from '../../src/pacing/redis.js';
import { API_KEY } from '../support/fixtures.js';
import { pool } from '../support/pool.js';
import { PROGRAM_TIMEOUT } from '../support/run.js';
import {
  startRateLimitServer,
  type RateLimitServer,
  type RateLimitServerOptions,
} from '../support/rate-limit-server.js';
import { idempotentOperation, nonIdempotent } from '../support/operations.js';

const REQUESTS = 10;
const PER = 1000;
const servers: RateLimitServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: Partial<RateLimitServerOptions> = {}): Promise<RateLimitServer> {
  const server = await startRateLimitServer({
    requests: REQUESTS,
    per: PER,
    body: idempotentOperation.body(),
    ...options,
  });
  servers.push(server);
  return server;
}

function client(server: RateLimitServer, options: UserplaneOptions = {}): Userplane {
  return new Userplane({
    apiKey: API_KEY,
    baseUrl: server.url,
    rateLimit: { requests: REQUESTS, per: PER, store: new MemoryRateLimitStore() },
    ...options,
  });
}

interface Tally {
  ok: number;
  errors: unknown[];
  events: LogEvent[];
}

/** `count` calls of an idempotent operation, `concurrency` at a time, as a bulk job makes them. */
async function deletes(
  userplane: Userplane,
  count: number,
  concurrency: number,
  events: LogEvent[] = [],
): Promise<Tally> {
  const tally: Tally = { ok: 0, errors: [], events };
  await pool(count, concurrency, async (index) => {
    try {
      await idempotentOperation.call(userplane, params, { headers: { 'X-Call': String(index) } });
      tally.ok++;
    } catch (error) {
      tally.errors.push(error);
    }
  });
  return tally;
}

// Drawn once: drawing params is slower than a paced call, and would spread the calls out.
const params = idempotentOperation.params();

const withLogger =
  (events: LogEvent[]): UserplaneOptions['logger'] =>
  (event) =>
    events.push(event);

describe('pacing in one process (the in-memory store)', () => {
  it('30 calls at concurrency 4: all succeed, no 429, never more than the limit in any window', async () => {
    const server = await serve();
    const events: LogEvent[] = [];
    const tally = await deletes(client(server, { logger: withLogger(events) }), 30, 4, events);
    expect(tally).toMatchObject({ ok: 30, errors: [] });
    expect(server.refused).toHaveLength(0);
    expect(server.busiestWindow()).toBeLessThanOrEqual(REQUESTS);
    // Waiting for a turn is not an attempt: every call went out once, some after waiting.
    expect(events.filter((e) => e.type === 'attempt').every((e) => e.attempt === 1)).toBe(true);
    expect(events.some((e) => e.type === 'wait' && e.reason === 'pace')).toBe(true);
  });

  it('a 429 pauses the whole client: one probe after the pause, then the rest; every call succeeds', async () => {
    // Another client of the same user has spent 8 of this window's 10.
    const server = await serve({ used: 8 });
    const events: LogEvent[] = [];
    const tally = await deletes(client(server, { logger: withLogger(events) }), 12, 4, events);
    expect(tally).toMatchObject({ ok: 12, errors: [] });
    // Only what was already in flight when the first 429 came back was refused.
    expect(server.refused.length).toBeGreaterThan(0);
    expect(server.refused.length).toBeLessThanOrEqual(4);
    expect(events.filter((e) => e.type === 'pause')).not.toHaveLength(0);
    expect(events.some((e) => e.type === 'wait' && e.reason === 'pause')).toBe(true);
    // No request went out during the pause: nothing arrived between the first 429 and a window later.
    const first429 = Math.min(...server.refused);
    expect(server.arrivals.filter((at) => at > first429 + 50 && at < first429 + PER - 50)).toHaveLength(0);
  });

  it('a 429 with Retry-After pauses until then, not a whole window', async () => {
    const server = await serve({ used: 10, retryAfter: true });
    const events: LogEvent[] = [];
    const tally = await deletes(client(server, { logger: withLogger(events) }), 6, 2, events);
    expect(tally).toMatchObject({ ok: 6, errors: [] });
    const pause = events.find((e) => e.type === 'pause');
    expect(pause).toMatchObject({ spent: false });
    expect(pause?.type === 'pause' && pause.delayMs).toBeLessThanOrEqual(PER);
  });

  it('creates refused with 429 are retried and each processed exactly once: no duplicates', async () => {
    const create = nonIdempotent.params();
    const server = await serve({ used: 7, body: nonIdempotent.body() });
    const userplane = client(server);
    const results: unknown[] = [];
    await pool(15, 5, async (index) => {
      results.push(await nonIdempotent.call(userplane, create, { headers: { 'X-Call': String(index) } }));
    });
    expect(results).toHaveLength(15);
    expect(server.refused.length).toBeGreaterThan(0);
    const creates = [...server.processed].filter(([key]) => key.startsWith('POST'));
    expect(creates).toHaveLength(15);
    expect(creates.every(([, times]) => times === 1)).toBe(true);
  });

  it('a spent daily budget: every call fails with RateLimitError, queued and new ones at once, unsent', async () => {
    const server = await serve({ spent: true });
    const events: LogEvent[] = [];
    const userplane = client(server, { logger: withLogger(events) });
    const tally = await deletes(userplane, 20, 4, events);
    expect(tally.ok).toBe(0);
    expect(tally.errors).toHaveLength(20);
    for (const error of tally.errors) {
      expect(error).toMatchObject({ kind: 'api', status: 429, code: 'RATE_LIMITED', name: 'RateLimitError' });
      expect(String(error)).toMatch(/daily request budget looks spent/);
    }
    // The first calls in flight, and one probe after a whole window's pause: nothing more.
    expect(server.arrivals.length).toBeLessThanOrEqual(4 + 1);
    expect(tally.errors.filter((e) => isUserplaneError(e) && e.attempts === 0).length).toBeGreaterThanOrEqual(15);
    expect(events.some((e) => e.type === 'pause' && e.spent)).toBe(true);
    // New calls keep failing at once, unsent, but for the next probe once the pause is over.
    const later = await deletes(userplane, 5, 5);
    expect(later.errors).toHaveLength(5);
    expect(server.arrivals.length).toBeLessThanOrEqual(4 + 2);
  });

  it('after the spent pause, one probe per window goes out, and success resumes pacing', async () => {
    const server = await serve({ spent: true });
    const userplane = client(server);
    await deletes(userplane, 4, 4);
    const afterBurst = server.arrivals.length;
    await new Promise((resolve) => setTimeout(resolve, PER + 100));
    await deletes(userplane, 6, 3);
    expect(server.arrivals.length - afterBurst).toBe(1);
  });

  it('a Retry-After beyond maxRetryAfter: the budget is spent until then, and errors carry the wait', async () => {
    const server = await serve({ used: 10, retryAfter: true, per: 3_600_000 });
    const userplane = client(server, { maxRetryAfter: 1000 });
    const tally = await deletes(userplane, 5, 1);
    expect(tally.ok).toBe(0);
    expect(server.arrivals).toHaveLength(1);
    for (const error of tally.errors) {
      expect(error).toMatchObject({ status: 429 });
      expect((error as { retryAfter: number }).retryAfter).toBeGreaterThan(3_000_000);
    }
  });

  it('clients with the same key share a budget by default; another key has its own', async () => {
    const server = await serve({ requests: 1000 });
    const key = 'uspl_shared_budget_1';
    const options = { baseUrl: server.url, rateLimit: { requests: 3, per: 60_000, maxWait: 0 } };
    const first = new Userplane({ ...options, apiKey: key });
    const second = new Userplane({ ...options, apiKey: key });
    const other = new Userplane({ ...options, apiKey: 'uspl_shared_budget_2' });
    await deletes(first, 2, 1);
    await deletes(second, 1, 1);
    const refused = await deletes(second, 1, 1);
    expect(refused.errors[0]).toMatchObject({ kind: 'pacing', attempts: 0 });
    expect(await deletes(other, 3, 1)).toMatchObject({ ok: 3 });
  });

  it('the default store is per key and base URL, holds no raw key, and is forgotten when no client uses it', async () => {
    const key = 'uspl_registry_Zq9xW2vB7kP4';
    const make = (baseUrl: string): Userplane => new Userplane({ apiKey: key, baseUrl, rateLimit: {} });
    const held: { staging?: Userplane } = { staging: make('https://staging.example') };
    const production = make('https://production.example');
    const ids = registeredStores();
    expect(ids.filter((id) => id.endsWith('staging.example'))).toHaveLength(1);
    expect(ids.filter((id) => id.endsWith('production.example'))).toHaveLength(1);
    for (const id of ids) expect(id).not.toContain(key.slice(5, 11));
    // Dropped, collected, and gone from the registry at its next use.
    delete held.staging;
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      gc();
    }
    void make('https://another.example');
    expect(registeredStores().filter((id) => id.endsWith('staging.example'))).toEqual([]);
    expect(registeredStores().filter((id) => id.endsWith('production.example'))).toHaveLength(1);
    expect(production.baseUrl).toBe('https://production.example');
  });

  it('one store passed to clients with different keys shares their budget explicitly', async () => {
    const server = await serve({ requests: 1000 });
    const store = new MemoryRateLimitStore();
    const options = { baseUrl: server.url, rateLimit: { requests: 2, per: 60_000, maxWait: 0, store } };
    await deletes(new Userplane({ ...options, apiKey: 'uspl_store_a' }), 2, 1);
    const refused = await deletes(new Userplane({ ...options, apiKey: 'uspl_store_b' }), 1, 1);
    expect(refused.errors[0]).toMatchObject({ kind: 'pacing' });
  });

  it('rateLimit: false sends at once and leaves 429s to each call', async () => {
    const server = await serve({ spent: true });
    const userplane = client(server, { rateLimit: false, maxRetries: 0 });
    const tally = await deletes(userplane, 5, 5);
    expect(server.arrivals).toHaveLength(5);
    expect(tally.errors.every((e) => isUserplaneError(e) && e.attempts === 1)).toBe(true);
  });
});

describe('pacing across processes (a real redis-server)', () => {
  const redisUrl = inject('redisUrl');
  const run = promisify(execFile);
  const worker = (apiUrl: string, key: string, calls: number): Promise<{ stdout: string }> =>
    run(
      join(root, 'node_modules/.bin/tsx'),
      ['tests/support/rate-limit-worker.ts', apiUrl, redisUrl, key, String(calls), '3', String(REQUESTS), String(PER)],
      { cwd: root },
    );

  it(
    'two worker processes with one key stay within the budget together: no call fails, no rolling window sees more than the limit',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const server = await serve();
      const key = `userplane-test-${process.pid}-${Date.now()}`;
      const results = await Promise.all([worker(server.url, key, 15), worker(server.url, key, 15)]);
      for (const { stdout } of results)
        expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toMatchObject({ ok: 15, failed: 0 });
      expect(server.arrivals).toHaveLength(30);
      // The windows of the store are rolling ones, on Redis's clock: none of the server's may see more.
      expect(server.busiestWindow()).toBeLessThanOrEqual(REQUESTS);
      expect(server.refused).toHaveLength(0);
    },
  );

  it('two stores on one key read one state: the turns counting, what is left, the pause', async () => {
    const redis = await createClient({ url: redisUrl }).connect();
    try {
      const key = `userplane-state-${process.pid}-${Date.now()}`;
      const server = await serve();
      const options = { apiKey: API_KEY, baseUrl: server.url };
      const one = new Userplane({
        ...options,
        rateLimit: { requests: 5, per: 60_000, store: new RedisRateLimitStore({ client: redis, key }) },
      });
      const two = new Userplane({
        ...options,
        rateLimit: { requests: 5, per: 60_000, store: new RedisRateLimitStore({ client: redis, key }) },
      });
      expect(await two.rateLimitState()).toEqual({
        requests: 5,
        per: 60_000,
        used: 0,
        remaining: 5,
        waitMs: 0,
        paused: undefined,
      });
      await deletes(one, 3, 3);
      expect(await two.rateLimitState()).toMatchObject({ used: 3, remaining: 2, waitMs: 0, paused: undefined });
      await deletes(two, 2, 1);
      const full = await one.rateLimitState();
      expect(full).toMatchObject({ used: 5, remaining: 0, paused: undefined });
      // The first turn ended less than a window ago: the next frees within the window.
      expect(full?.waitMs).toBeGreaterThan(0);
      expect(full?.waitMs).toBeLessThanOrEqual(60_000);
      await new RedisRateLimitStore({ client: redis, key }).pause(30_000, true, 'retry-after');
      expect((await one.rateLimitState())?.paused).toMatchObject({ spent: true, reason: 'retry-after' });
    } finally {
      await redis.quit();
    }
  });

  it('a pause set through one store holds a client of another', async () => {
    const redis = await createClient({ url: redisUrl }).connect();
    try {
      const key = `userplane-pause-${Date.now()}`;
      const one: RateLimitStore = new RedisRateLimitStore({ client: redis, key });
      const two: RateLimitStore = new RedisRateLimitStore({ client: redis, key });
      await one.pause(5000, true);
      expect(await two.paused()).toMatchObject({ spent: true });
      const server = await serve();
      const userplane = new Userplane({ apiKey: API_KEY, baseUrl: server.url, rateLimit: { store: two } });
      await expect(idempotentOperation.call(userplane)).rejects.toMatchObject({
        status: 429,
        attempts: 0,
      });
      expect(server.arrivals).toHaveLength(0);
    } finally {
      await redis.quit();
    }
  });

  it('with Redis unreachable, the store falls back to memory: calls are still paced and succeed', async () => {
    const redis = createClient({ url: 'redis://127.0.0.1:9', socket: { reconnectStrategy: false } });
    redis.on('error', () => undefined);
    const store = new RedisRateLimitStore({ client: redis, key: 'unreachable' });
    const server = await serve();
    const userplane = new Userplane({
      apiKey: API_KEY,
      baseUrl: server.url,
      rateLimit: { requests: REQUESTS, per: PER, store },
    });
    expect(await deletes(userplane, 12, 3)).toMatchObject({ ok: 12 });
    expect(server.refused).toHaveLength(0);
  });

  it('a Redis that stops answering mid-run (SIGSTOP): a call waits no longer than maxWait, fails as pacing, nothing sent', async () => {
    const redisServer = await startRedis();
    const redis = createClient({ url: redisServer.url });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      const store = new RedisRateLimitStore({ client: redis, key: 'stopped' });
      const server = await serve();
      const userplane = new Userplane({
        apiKey: API_KEY,
        baseUrl: server.url,
        rateLimit: { requests: REQUESTS, per: PER, maxWait: 1_500, store },
      });
      expect(await deletes(userplane, 2, 1)).toMatchObject({ ok: 2 });
      process.kill(redisServer.pid!, 'SIGSTOP');
      try {
        const sentBefore = server.arrivals.length;
        const error: unknown = await idempotentOperation.call(userplane).catch((e: unknown) => e);
        expect(error).toMatchObject({ kind: 'pacing', attempts: 0 });
        expect(server.arrivals.length).toBe(sentBefore);
        // The caller's signal ends such a wait too, at once.
        const controller = new AbortController();
        const aborted = idempotentOperation
          .call(userplane, undefined, { signal: controller.signal })
          .catch((e: unknown) => e);
        controller.abort(new Error('the caller gave up'));
        expect(await aborted).toMatchObject({ kind: 'abort', attempts: 0 });
        expect(server.arrivals.length).toBe(sentBefore);
      } finally {
        process.kill(redisServer.pid!, 'SIGCONT');
      }
    } finally {
      redis.destroy();
      await redisServer.stop();
    }
  });
});

describe('a store that never answers', () => {
  const silent: RateLimitStore = {
    take: () => new Promise<number>(() => undefined),
    pause: () => undefined,
    paused: () => new Promise<undefined>(() => undefined),
  };

  it('is waited on no longer than maxWait (at least a second): pacing, nothing sent', async () => {
    let sent = 0;
    const userplane = new Userplane({
      apiKey: API_KEY,
      baseUrl: 'https://api.example',
      rateLimit: { maxWait: 1_200, store: silent },
      fetch: () => {
        sent++;
        return Promise.resolve(Response.json(idempotentOperation.body()));
      },
    });
    const error: unknown = await idempotentOperation.call(userplane).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'pacing', attempts: 0 });
    expect(String(error)).toMatch(/within maxWait 1200 ms/);
    expect(sent).toBe(0);
  });

  it('is left the moment the caller aborts: abort, nothing sent', async () => {
    const userplane = new Userplane({
      apiKey: API_KEY,
      baseUrl: 'https://api.example',
      rateLimit: { store: silent },
      fetch: () => Promise.reject(new Error('sent')),
    });
    const controller = new AbortController();
    const call = idempotentOperation.call(userplane, undefined, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => {
      controller.abort();
    }, 20);
    expect(await call).toMatchObject({ kind: 'abort', attempts: 0 });
  });
});
