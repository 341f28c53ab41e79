/**
 * `userplane/redis`: a rate-limit store in Redis, so that workers in several processes and on
 * several machines share one Userplane user's budget (120 requests a minute, across all of the
 * user's keys). Built on rate-limiter-flexible (atomic Lua counters in Redis, with an in-memory
 * fallback while Redis is unreachable) and a node-redis client; both are optional peer
 * dependencies, so the SDK's own entry carries neither.
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
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitPause, RateLimitStore, SpentReason } from './store.js';

/** Options of {@link RedisRateLimitStore}. */
export interface RedisRateLimitStoreOptions {
  /** A connected node-redis client (`createClient()` from the `redis` package, v4 or later). */
  client: object;
  /**
   * The budget's name in Redis: give every process that acts for the same Userplane user the
   * same key, and different users different keys.
   * @default 'userplane'
   */
  key?: string | undefined;
}

/** Pause records: 1 for a pause to wait out; 2 and 3 for a spent budget (a repeated 429, a long Retry-After). */
const PAUSED = 1;
const SPENT = 2;
const SPENT_BY_RETRY_AFTER = 3;

/**
 * A {@link RateLimitStore} in Redis. Turns are counted by rate-limiter-flexible in fixed
 * windows of `per` plus one second, each opening at its first request: under load that is the
 * rolling window of the in-memory store, and the extra second absorbs the difference in
 * latency between one window's last request and the next one's first. A 429's pause is a key
 * every process reads before it takes a turn.
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly #client: object;
  readonly #key: string;
  readonly #windows = new Map<string, RateLimiterRedis>();
  readonly #pauses: RateLimiterRedis;

  /** A store on `options.client`, counting the budget named `options.key`. */
  constructor(options: RedisRateLimitStoreOptions) {
    this.#client = options.client;
    this.#key = options.key ?? 'userplane';
    this.#pauses = this.#limiter(SPENT_BY_RETRY_AFTER, 1);
  }

  /** A rate-limiter-flexible limiter on this client, falling back to memory while Redis fails. */
  #limiter(points: number, seconds: number): RateLimiterRedis {
    const options = { points, duration: seconds, keyPrefix: this.#key };
    return new RateLimiterRedis({
      ...options,
      storeClient: this.#client,
      useRedisPackage: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  }

  async take(requests: number, per: number): Promise<number> {
    const name = `${requests}/${per}`;
    let window = this.#windows.get(name);
    if (window === undefined) {
      window = this.#limiter(requests, Math.ceil(per / 1000) + 1);
      this.#windows.set(name, window);
    }
    try {
      await window.consume(`turns:${name}`);
      return 0;
    } catch (refusal) {
      // rate-limiter-flexible rejects with its result when the window is full, with an Error otherwise.
      if (refusal instanceof RateLimiterRes) return Math.max(1, refusal.msBeforeNext);
      throw refusal;
    }
  }

  /**
   * Never rejects: should Redis fail, the pause is kept in this process's memory (the fallback
   * limiter), which paces this process until Redis answers again.
   */
  pause(ms: number, spent: boolean, reason?: SpentReason): Promise<void> {
    const record = !spent ? PAUSED : reason === 'retry-after' ? SPENT_BY_RETRY_AFTER : SPENT;
    return this.#pauses.set('pause', record, Math.max(1, Math.ceil(ms / 1000))).then(
      () => undefined,
      () => undefined,
    );
  }

  async paused(): Promise<RateLimitPause | undefined> {
    const pause = await this.#pauses.get('pause');
    if (pause === null || pause.msBeforeNext <= 0) return undefined;
    const spent = pause.consumedPoints >= SPENT;
    const reason = !spent ? undefined : pause.consumedPoints === SPENT_BY_RETRY_AFTER ? 'retry-after' : 'repeated';
    return { ms: pause.msBeforeNext, spent, reason };
  }
}
