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
import { sleep } from '../retry/sleep.js';
import type { RateLimitStore, SpentReason } from './store.js';

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
