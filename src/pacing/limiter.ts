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
import type { Clock } from '../shared/clock.js';
import type { RateLimitPause, RateLimitStore, SpentReason } from './store.js';

/** Why a call gets no turn; nothing was sent. */
export type Refusal =
  /** `maxWait` would pass first; `retryAfter`: the wait that was left, when known. */
  | { readonly why: 'wait'; readonly retryAfter: number | undefined }
  /** The budget is spent; `retryAfter`: how long the store's pause lasts; `reason`: why it is spent. */
  | { readonly why: 'spent'; readonly retryAfter: number; readonly reason: SpentReason | undefined }
  /** The caller's signal fired. */
  | { readonly why: 'aborted' }
  /** The store failed (`cause`). */
  | { readonly why: 'store'; readonly cause: unknown };

/** What the answer to a turn's request did to the limiter. */
export type Verdict = 'paused' | 'spent' | undefined;

/** Given the attempt's answer (its status; `undefined` for none), gives the turn back. Call it exactly once. */
export type Settle = (status: number | undefined, retryAfter: number | undefined) => Verdict;

/** A turn: granted (settle it with the answer), or refused. */
export type Turn =
  { readonly granted: true; readonly settle: Settle } | { readonly granted: false; readonly refusal: Refusal };

/** Writes to a store are best effort: one that fails leaves the clients paced by what they can read. */
const bestEffort = (write: unknown): void => void Promise.resolve(write).catch(() => undefined);

/** One client's view of a store: its queue, and what it concluded from 429s. */
export class RateLimiter {
  #gate: Promise<unknown> = Promise.resolve();
  /** No call holds the gate: the next one need not queue. */
  #free = true;
  /** When the pause being waited out began (clock ms); cleared by an answer other than 429. */
  #pausedAt: number | undefined;
  /** The daily budget looked spent at the last answer: until when (clock ms; Infinity: the server did not say). */
  #spent: number | undefined;

  constructor(
    readonly store: RateLimitStore,
    readonly requests: number,
    readonly per: number,
    readonly maxWait: number,
    readonly maxRetryAfter: number,
    readonly clock: Clock,
  ) {}

  /** Waits for a turn, in line behind this client's earlier calls. `onWait` hears of each wait before it starts. */
  async turn(signal: AbortSignal | undefined, onWait: (ms: number, paused: boolean) => void): Promise<Turn> {
    const deadline = this.clock.now() + this.maxWait;
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
    let refusal: Refusal | undefined;
    if (!head) {
      // Woken by the gate, the wait ends before the deadline; otherwise maxWait ran out.
      if (!(await this.clock.sleep(this.maxWait, signal, before))) refusal = { why: 'aborted' };
      else if (this.clock.now() >= deadline) refusal = { why: 'wait', retryAfter: undefined };
      else head = true;
    }
    refusal ??= await this.#wait(deadline, signal, onWait);
    if (refusal !== undefined) {
      if (head) open();
      else void before.then(open);
      return { granted: false, refusal };
    }
    // After a pause, the request goes alone: the gate opens with its answer.
    const probe = this.#spent !== undefined || this.#pausedAt !== undefined;
    if (!probe) open();
    return { granted: true, settle: (status, retryAfter) => this.#settle(status, retryAfter, probe, open) };
  }

  /** At the head of the queue: waits out pauses and full windows until the store gives a turn. */
  async #wait(
    deadline: number,
    signal: AbortSignal | undefined,
    onWait: (ms: number, paused: boolean) => void,
  ): Promise<Refusal | undefined> {
    try {
      for (;;) {
        const pause: RateLimitPause | undefined = await this.store.paused();
        const now = this.clock.now();
        if (pause?.spent) {
          const until = this.#spent ?? Infinity;
          const retryAfter = until < Infinity ? Math.max(until - now, pause.ms) : pause.ms;
          return { why: 'spent', retryAfter: Math.ceil(retryAfter), reason: pause.reason };
        }
        if (pause) this.#pausedAt ??= now;
        const ms = pause?.ms ?? (await this.store.take(this.requests, this.per));
        if (!(ms > 0)) return undefined;
        if (now + ms > deadline) return { why: 'wait', retryAfter: ms };
        onWait(ms, pause !== undefined);
        if (!(await this.clock.sleep(ms, signal))) return { why: 'aborted' };
      }
    } catch (cause) {
      // A pause whose fields cannot be read: the store has failed.
      return { why: 'store', cause };
    }
  }

  #settle(status: number | undefined, retryAfter: number | undefined, probe: boolean, open: () => void): Verdict {
    bestEffort(this.store.release?.(this.per));
    if (probe) open();
    if (status !== 429) {
      if (status) this.#spent = this.#pausedAt = undefined;
      return undefined;
    }
    const now = this.clock.now();
    const beyond = (retryAfter ?? 0) > this.maxRetryAfter;
    const spent =
      beyond ||
      this.#spent !== undefined ||
      (probe && retryAfter === undefined && now - (this.#pausedAt ?? now) >= this.per);
    if (spent) this.#spent = now + (retryAfter ?? Infinity);
    this.#pausedAt ??= now;
    const reason = spent ? (beyond ? 'retry-after' : 'repeated') : undefined;
    bestEffort(this.store.pause(retryAfter ?? this.per, spent, reason));
    return spent ? 'spent' : 'paused';
  }
}
