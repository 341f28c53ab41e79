/**
 * `userplane/redis`: a rate-limit store in Redis, so that workers in several processes and on
 * several machines share one Userplane user's budget (120 requests a minute, across all of the
 * user's keys). The memory store's rolling window, kept in Redis by three short Lua scripts run
 * atomically on Redis's own clock (redis-scripts.ts); `redis` (node-redis, v4 or later) is an
 * optional peer dependency, so the SDK's own entry carries none of it.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { Userplane } from 'userplane';
 * import { RedisRateLimitStore } from 'userplane/redis';
 *
 * const redis = await createClient({ url: process.env.REDIS_URL ?? 'redis://localhost:6379' }).connect();
 * const store = new RedisRateLimitStore({ client: redis, key: 'userplane:support-bot' });
 * const userplane = new Userplane({ rateLimit: { store } });
 * ```
 */
import { PAUSED, RELEASE, TAKE } from './redis-scripts.js';
import { MemoryRateLimitStore, type RateLimitPause, type RateLimitStore, type SpentReason } from './store.js';

/** What the store needs of a node-redis client (`createClient()` from the `redis` package, v4 or later). */
export interface RedisCommandClient {
  /** Sends one command (`['EVAL', …]`, `['SET', …]`) and resolves to its reply. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** Options of {@link RedisRateLimitStore}. */
export interface RedisRateLimitStoreOptions {
  /** A connected node-redis client (`createClient()` from the `redis` package, v4 or later). */
  client: RedisCommandClient;
  /**
   * The budget's name in Redis: give every process that acts for the same Userplane user the
   * same key, and different users different keys.
   * @default 'userplane'
   */
  key?: string | undefined;
}

/**
 * How long a turn whose request is still in flight counts, beyond its window: the memory store
 * counts it until it ends, but a process that dies mid-request never ends its turns, and they
 * must not hold the budget forever. (A request in flight longer than this is counted again, from
 * its end, when it ends.)
 */
const IN_FLIGHT_MS = 300_000;

/** Pause records: 1 for a pause to wait out; 2 and 3 for a spent budget (a repeated 429, a long Retry-After). */
const PAUSE = '1';
const SPENT = '2';
const SPENT_BY_RETRY_AFTER = '3';

const numbers = (reply: unknown): number[] => (Array.isArray(reply) ? reply.map(Number) : []);

/**
 * A {@link RateLimitStore} in Redis: a sorted set of turns, each scored by when it stops counting
 * — `per` after its request ended, as in the memory store — so that no rolling window of `per`
 * sees more than `requests`, whichever process sent them and whatever the latency. Time is
 * Redis's (`TIME`), one clock for every process. A 429's pause is a key every process reads
 * before it takes a turn. Should Redis fail, each call falls back to this process's memory,
 * which paces this process until Redis answers again.
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly #client: RedisCommandClient;
  readonly #turns: string;
  readonly #pause: string;
  readonly #fallback = new MemoryRateLimitStore();
  /** This process's turns in flight, oldest first: their ids in Redis, `undefined` for one the fallback gave. */
  readonly #inFlight: (string | undefined)[] = [];
  readonly #prefix = globalThis.crypto.randomUUID();
  #taken = 0;

  /** A store on `options.client`, counting the budget named `options.key`. */
  constructor(options: RedisRateLimitStoreOptions) {
    this.#client = options.client;
    const key = options.key ?? 'userplane';
    this.#turns = `${key}:turns`;
    this.#pause = `${key}:pause`;
  }

  #run(script: string, key: string, ...args: (string | number)[]): Promise<unknown> {
    return this.#client.sendCommand(['EVAL', script, '1', key, ...args.map(String)]);
  }

  async take(requests: number, per: number): Promise<number> {
    const id = `${this.#prefix}:${++this.#taken}`;
    let reply: number[];
    try {
      reply = numbers(await this.#run(TAKE, this.#turns, requests, per, IN_FLIGHT_MS, id));
    } catch {
      const wait = this.#fallback.take(requests, per);
      if (wait === 0) this.#inFlight.push(undefined);
      return wait;
    }
    const [, wait = 1, granted] = reply;
    if (granted === 1) this.#inFlight.push(id);
    return granted === 1 ? 0 : Math.max(1, wait);
  }

  /** Best effort: a release that fails leaves the turn counting until IN_FLIGHT_MS passes. */
  async release(per: number): Promise<void> {
    if (this.#inFlight.length === 0) return;
    const id = this.#inFlight.shift();
    if (id === undefined) this.#fallback.release(per);
    else await this.#run(RELEASE, this.#turns, per, id);
  }

  async state(requests: number, per: number): Promise<{ used: number; waitMs: number }> {
    try {
      const [used = 0, waitMs = 0] = numbers(await this.#run(TAKE, this.#turns, requests, per, IN_FLIGHT_MS, ''));
      return { used, waitMs };
    } catch {
      return this.#fallback.state(requests, per);
    }
  }

  /** Never rejects: the pause is kept in this process's memory too, which holds it should Redis fail. */
  async pause(ms: number, spent: boolean, reason?: SpentReason): Promise<void> {
    this.#fallback.pause(ms, spent, reason);
    const record = !spent ? PAUSE : reason === 'retry-after' ? SPENT_BY_RETRY_AFTER : SPENT;
    await this.#client
      .sendCommand(['SET', this.#pause, record, 'PX', String(Math.max(1, Math.ceil(ms)))])
      .catch(() => undefined);
  }

  async paused(): Promise<RateLimitPause | undefined> {
    let reply: number[];
    try {
      reply = numbers(await this.#run(PAUSED, this.#pause));
    } catch {
      return this.#fallback.paused();
    }
    const [record = 0, ms = 0] = reply;
    if (!(record > 0 && ms > 0)) return undefined;
    const spent = record >= Number(SPENT);
    const reason = !spent ? undefined : record === Number(SPENT_BY_RETRY_AFTER) ? 'retry-after' : 'repeated';
    return { ms, spent, reason };
  }
}
