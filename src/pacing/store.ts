/**
 * Where pacing state lives: the {@link RateLimitStore} interface, and the in-memory store — one
 * per API key and base URL by default, shared by every client of the process that uses both
 * (a staging and a production server, or a test's mock servers, never pause each other).
 * `userplane/redis` (redis.ts) keeps the same state in Redis, across processes.
 */

/** A pause in force: milliseconds left, and whether it marks the daily budget as spent. */
export interface RateLimitPause {
  ms: number;
  spent: boolean;
  /**
   * Why the budget is spent: the server's `Retry-After` was beyond `maxRetryAfter`
   * (`retry-after`), or a 429 came again after a whole window's pause (`repeated`).
   */
  reason?: SpentReason | undefined;
}

export type SpentReason = 'retry-after' | 'repeated';

type MaybePromise<T> = T | Promise<T>;

/**
 * Where the limiter keeps what several clients share: the turns taken in the window, and the
 * pause after a 429. {@link MemoryRateLimitStore} shares it within a process; `userplane/redis`
 * across processes and machines.
 */
export interface RateLimitStore {
  /** Takes a turn if one of `requests` per `per` ms is free and returns 0; else returns the ms until one may be. */
  take(requests: number, per: number): MaybePromise<number>;
  /** The request of a turn has ended (an answer or a failure). Best effort: a failure is ignored. */
  release?(per: number): MaybePromise<void>;
  /** Pauses every client of the store for `ms`; `spent`: calls fail at once instead of waiting (`reason`: why). Best effort. */
  pause(ms: number, spent: boolean, reason?: SpentReason): MaybePromise<void>;
  /** The pause in force, if any. */
  paused(): MaybePromise<RateLimitPause | undefined>;
  /**
   * The turns counting in the window now (in flight included), and the ms until one is free (0
   * when one is). Optional: without it, a client's `rateLimitState()` reads them as unknown.
   */
  state?(requests: number, per: number): MaybePromise<{ used: number; waitMs: number }>;
}

/** The budget as a client's store sees it now: `userplane.rateLimitState()`. */
export interface RateLimitState {
  /** Requests allowed in any window of `per` ms. */
  requests: number;
  /** The window, in ms. */
  per: number;
  /** The turns counting in the window now, in flight included (every client of the store's); `undefined` when the store cannot say. */
  used: number | undefined;
  /** `requests − used`, never below 0; `undefined` when `used` is. */
  remaining: number | undefined;
  /** Ms until a turn is free: 0 when one is; `undefined` when the store cannot say. */
  waitMs: number | undefined;
  /** The pause a 429 set, while it is in force (`ms` left, whether the budget is `spent`, why). */
  paused: RateLimitPause | undefined;
}

/**
 * The in-memory store: a rolling window in which each turn counts from when it is taken until
 * `per` after its request ended — so the server, whatever its clock and latency, never sees more
 * than `requests` in any `per`. Pass one instance to several clients to share a budget
 * explicitly (clients with the same key share one already).
 */
export class MemoryRateLimitStore implements RateLimitStore {
  /** When each turn stops counting (monotonic ms); Infinity while its request is in flight. */
  #ends: number[] = [];
  #until = 0;
  #spent = false;
  #reason: SpentReason | undefined;
  readonly #now: () => number;

  /**
   * @param now @internal the clock it counts windows by: `userplane/testing`'s client runs on a
   *   virtual one. @default performance.now
   */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  take(requests: number, per: number): number {
    const { waitMs } = this.state(requests, per);
    if (!waitMs) this.#ends.push(Infinity);
    return waitMs;
  }

  state(requests: number, per: number): { used: number; waitMs: number } {
    const now = this.#now();
    this.#ends = this.#ends.filter((end) => end > now);
    const used = this.#ends.length;
    // The next turn frees when the first counted one ends (whole ms); at best `per` from now if all are in flight.
    return { used, waitMs: used < requests ? 0 : Math.ceil(Math.min(now + per, ...this.#ends) - now) };
  }

  release(per: number): void {
    const index = this.#ends.indexOf(Infinity);
    if (index >= 0) this.#ends[index] = this.#now() + per;
  }

  pause(ms: number, spent: boolean, reason?: SpentReason): void {
    this.#until = this.#now() + ms;
    this.#spent = spent;
    this.#reason = reason;
  }

  paused(): RateLimitPause | undefined {
    const ms = this.#until - this.#now();
    return ms > 0 ? { ms, spent: this.#spent, reason: this.#reason } : undefined;
  }
}

/**
 * The shared in-memory stores, by a hash of the key (never the key itself) and the base URL. A
 * store is held weakly: it lives as long as a client uses it, and its entry goes when it is
 * collected — so keep one client (or pass one store) rather than make a client per call. Making
 * a client costs the same however many there are: nothing here walks the registry.
 */
const sharedStores = new Map<string, WeakRef<MemoryRateLimitStore>>();
const forget = new FinalizationRegistry<string>((id) => {
  if (sharedStores.get(id)?.deref() === undefined) sharedStores.delete(id);
});

/** What the registry holds, by id (a hash and the base URL): for tests. @internal */
export const registeredStores = (): string[] => [...sharedStores.keys()];

/** The in-memory store every client of this process with this API key and base URL shares. */
export function storeFor(apiKey: string, baseUrl: string): MemoryRateLimitStore {
  // FNV-1a: two keys that collide (one pair in four billion) would only share a budget.
  let hash = 0x811c9dc5;
  for (let i = 0; i < apiKey.length; i++) hash = Math.imul(hash ^ apiKey.charCodeAt(i), 0x01000193);
  const id = `${hash >>> 0} ${baseUrl}`;
  const shared = sharedStores.get(id)?.deref();
  if (shared !== undefined) return shared;
  const store = new MemoryRateLimitStore();
  sharedStores.set(id, new WeakRef(store));
  forget.register(store, id);
  return store;
}
