/**
 * Pacing to the API's documented budget — 120 requests a minute per user, across processes —
 * so that bulk work is not refused. State lives in a {@link RateLimitStore}: by default one in
 * memory per API key and base URL, shared by every client of this process that uses both (a
 * staging and a production server, or a test's mock servers, never pause each other).
 *
 * - Before each attempt a call waits for a turn (waiting is not an attempt). Turns go out in
 *   order through one gate per client, so only the head of the queue sleeps.
 * - A 429 pauses every client of the store: until `Retry-After`, else for a whole window. After
 *   a pause one request (the probe) goes alone; the others follow once it has an answer.
 * - A probe answered 429 after a whole window's pause, or a `Retry-After` beyond
 *   `maxRetryAfter`, means the daily budget is spent: queued and new calls fail at once until
 *   the pause is over, when the next probe goes.
 */
import { sleep } from './sleep.js';

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

  take(requests: number, per: number): number {
    const now = performance.now();
    this.#ends = this.#ends.filter((end) => end > now);
    if (this.#ends.length < requests) return this.#ends.push(Infinity) && 0;
    // The next turn frees when the first counted one ends; at best `per` from now if all are in flight.
    return Math.min(now + per, ...this.#ends) - now;
  }

  release(per: number): void {
    const index = this.#ends.indexOf(Infinity);
    if (index >= 0) this.#ends[index] = performance.now() + per;
  }

  pause(ms: number, spent: boolean, reason?: SpentReason): void {
    this.#until = performance.now() + ms;
    this.#spent = spent;
    this.#reason = reason;
  }

  paused(): RateLimitPause | undefined {
    const ms = this.#until - performance.now();
    return ms > 0 ? { ms, spent: this.#spent, reason: this.#reason } : undefined;
  }
}

/**
 * The shared in-memory stores, by a hash of the key (never the key itself) and the base URL. A
 * store is held weakly: it lives as long as a client uses it, and the registry forgets it after —
 * so keep one client (or pass one store) rather than make a client per call.
 */
const sharedStores = new Map<string, WeakRef<MemoryRateLimitStore>>();

/** What the registry holds, by id (a hash and the base URL): for tests. @internal */
export const registeredStores = (): string[] => [...sharedStores.keys()];

/** The in-memory store every client of this process with this API key and base URL shares. */
export function storeFor(apiKey: string, baseUrl: string): MemoryRateLimitStore {
  for (const [id, ref] of sharedStores) if (ref.deref() === undefined) sharedStores.delete(id);
  // FNV-1a: two keys that collide (one pair in four billion) would only share a budget.
  let hash = 0x811c9dc5;
  for (let i = 0; i < apiKey.length; i++) hash = Math.imul(hash ^ apiKey.charCodeAt(i), 0x01000193);
  const id = `${hash >>> 0} ${baseUrl}`;
  const store = sharedStores.get(id)?.deref() ?? new MemoryRateLimitStore();
  sharedStores.set(id, new WeakRef(store));
  return store;
}

/** Writes to a store are best effort: one that fails leaves the clients paced by what they can read. */
const bestEffort = (write: unknown): void => void Promise.resolve(write).catch(() => undefined);

/**
 * Why a call gets no turn: the budget is spent (`retryAfter`: how long the store's pause lasts;
 * `spent`: why it is spent), or `maxWait` would pass (`retryAfter`: the wait left).
 */
export type Refusal = (why: 'spent' | 'wait', retryAfter?: number, spent?: SpentReason) => Error | Promise<Error>;

/** What the answer to a turn's request did to the limiter. */
export type Verdict = 'paused' | 'spent' | undefined;

/** One client's view of a store: its queue, and what it concluded from 429s. */
export class RateLimiter {
  #gate: Promise<unknown> = Promise.resolve();
  /** No call holds the gate: the next one need not queue. */
  #free = true;
  /** When the pause being waited out began (monotonic ms); cleared by an answer other than 429. */
  #pausedAt: number | undefined;
  /** The daily budget looked spent at the last answer: until when (monotonic ms; Infinity: the server did not say). */
  #spent: number | undefined;

  constructor(
    readonly store: RateLimitStore,
    readonly requests: number,
    readonly per: number,
    readonly maxWait: number,
    readonly maxRetryAfter: number,
  ) {}

  /**
   * Waits for a turn, then resolves with the function to call with the attempt's answer (its
   * status, or `undefined` for none). Rejects with `refuse(…)`, `aborted()` or the store's own
   * error, nothing sent.
   */
  async turn(
    signal: AbortSignal | undefined,
    refuse: Refusal,
    aborted: () => Error,
    onWait: (ms: number, paused: boolean) => void,
  ): Promise<(status: number | undefined, retryAfter: number | undefined) => Verdict> {
    const deadline = performance.now() + this.maxWait;
    const before = this.#gate;
    let head = this.#free;
    let resolve!: () => void;
    const gate = new Promise<void>((settle) => (resolve = settle));
    const open = (): void => {
      resolve();
      if (this.#gate === gate) this.#free = true;
    };
    this.#gate = gate;
    this.#free = false;
    try {
      // In line behind the calls before this one (if any), for at most maxWait.
      if (!head) {
        // Woken by the gate, the wait ends before the deadline; otherwise maxWait ran out.
        if (!(await sleep(this.maxWait, signal, before))) throw aborted();
        if (performance.now() >= deadline) throw await refuse('wait');
        head = true;
      }
      for (let ms = 1; ms > 0;) {
        const pause = await this.store.paused();
        const now = performance.now();
        const until = this.#spent ?? Infinity;
        if (pause?.spent) {
          const retryAfter = until < Infinity ? Math.max(until - now, pause.ms) : pause.ms;
          throw await refuse('spent', Math.ceil(retryAfter), pause.reason);
        }
        if (pause) this.#pausedAt ??= now;
        ms = pause?.ms ?? (await this.store.take(this.requests, this.per));
        if (ms > 0) {
          if (now + ms > deadline) throw await refuse('wait', ms);
          onWait(ms, !!pause);
          if (!(await sleep(ms, signal))) throw aborted();
        }
      }
    } catch (error) {
      if (head) open();
      else void before.then(open);
      throw error;
    }
    // After a pause, the request goes alone: the gate opens with its answer.
    const probe = this.#spent !== undefined || this.#pausedAt !== undefined;
    if (!probe) open();
    return (status, retryAfter) => {
      bestEffort(this.store.release?.(this.per));
      if (probe) open();
      if (status !== 429) {
        if (status) this.#spent = this.#pausedAt = undefined;
        return undefined;
      }
      const now = performance.now();
      const beyond = (retryAfter ?? 0) > this.maxRetryAfter;
      const spent =
        beyond ||
        this.#spent !== undefined ||
        (probe && retryAfter === undefined && now - (this.#pausedAt ?? now) >= this.per);
      if (spent) this.#spent = now + (retryAfter ?? Infinity);
      this.#pausedAt ??= now;
      bestEffort(
        this.store.pause(retryAfter ?? this.per, spent, spent ? (beyond ? 'retry-after' : 'repeated') : undefined),
      );
      return spent ? 'spent' : 'paused';
    };
  }
}
