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
 * - Every wait for a turn is bounded by `maxWait` and the caller's signal — the store's own
 *   answers included: a store that never answers (a Redis client queueing commands while it
 *   reconnects) ends the wait as surely as a full window does.
 */
import type { Clock } from '../shared/clock.js';
import type { RateLimitPause, RateLimitState, RateLimitStore, SpentReason } from './store.js';

/** A store call may take this long even when less of `maxWait` is left: `maxWait: 0` still asks a store that answers. */
export const STORE_ANSWER_FLOOR = 1000;

/** Why a call gets no turn; nothing was sent. */
export type Refusal =
  /** `maxWait` would pass first (the store's answers included); `retryAfter`: the wait that was left, when known. */
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

/** Writes to a store are best effort: one that fails, even at once, leaves the clients paced by what they can read. */
function bestEffort(write: () => unknown): void {
  try {
    void Promise.resolve(write()).catch(() => undefined);
  } catch {
    // a store that throws at once: the same
  }
}

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

  /**
   * The budget as the store sees it now; what the store cannot say (it has no `state`, or it did
   * not answer within STORE_ANSWER_FLOOR) is `undefined`.
   */
  async state(): Promise<RateLimitState> {
    const { store, requests, per } = this;
    const asked = await this.#ask(
      () => Promise.all([store.state?.(requests, per), store.paused()]),
      this.clock.now(),
      undefined,
    );
    const [taken, paused] = 'answer' in asked ? asked.answer : [];
    const used = taken?.used;
    return {
      requests,
      per,
      used,
      remaining: used === undefined ? used : Math.max(0, requests - used),
      waitMs: taken?.waitMs,
      paused,
    };
  }

  /** At the head of the queue: waits out pauses and full windows until the store gives a turn. */
  async #wait(
    deadline: number,
    signal: AbortSignal | undefined,
    onWait: (ms: number, paused: boolean) => void,
  ): Promise<Refusal | undefined> {
    try {
      for (;;) {
        const paused = await this.#ask(() => this.store.paused(), deadline, signal);
        if (!('answer' in paused)) return paused;
        const pause: RateLimitPause | undefined = paused.answer;
        const now = this.clock.now();
        if (pause?.spent) {
          const until = this.#spent ?? Infinity;
          const retryAfter = until < Infinity ? Math.max(until - now, pause.ms) : pause.ms;
          return { why: 'spent', retryAfter: Math.ceil(retryAfter), reason: pause.reason };
        }
        if (pause) this.#pausedAt ??= now;
        const taken = pause
          ? { answer: pause.ms }
          : await this.#ask(() => this.store.take(this.requests, this.per), deadline, signal);
        if (!('answer' in taken)) return taken;
        const ms = taken.answer;
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

  /**
   * One question to the store, its answer awaited no longer than the deadline (but at least
   * {@link STORE_ANSWER_FLOOR}) and the caller's signal allow. A store that answers at once (the
   * memory store) is not timed. (A store that throws has failed: #wait says so.)
   */
  async #ask<T>(
    question: () => T | Promise<T>,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<{ answer: T } | Refusal> {
    const asked = question();
    if (!(asked instanceof Promise)) return { answer: asked };
    let result: { answer: T } | Refusal | undefined;
    const answered = asked.then(
      (answer) => (result = { answer }),
      (cause: unknown) => (result = { why: 'store', cause }),
    );
    const slept = await this.clock.sleep(Math.max(deadline - this.clock.now(), STORE_ANSWER_FLOOR), signal, answered);
    // No answer in time is no turn within maxWait.
    return result ?? (slept ? { why: 'wait', retryAfter: undefined } : { why: 'aborted' });
  }

  #settle(status: number | undefined, retryAfter: number | undefined, probe: boolean, open: () => void): Verdict {
    bestEffort(() => this.store.release?.(this.per));
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
    bestEffort(() => this.store.pause(retryAfter ?? this.per, spent, reason));
    return spent ? 'spent' : 'paused';
  }
}
