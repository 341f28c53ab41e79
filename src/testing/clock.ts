/**
 * The fake's own clock: the client's waits — backoff, `Retry-After`, a turn under the rate limit,
 * an attempt's time limit — run on it, so that a test of a 60 s pause takes no time and can say
 * what was waited. Time moves only when every call is waiting: the next timer due fires, the
 * clock jumps to it. Work in flight takes no time on it.
 *
 * An attempt's time limit fires only for a request the fake leaves hanging (the `hang` fault):
 * any other request is answered in no time. The limit is matched to its request when the fake
 * receives it — the client arms the limit and calls `fetch` in one synchronous stretch
 * (tests/sdk/testing.test.ts fails the day that changes).
 */
import type { Clock } from '../shared/clock.js';

/** Runs `task` once what is running now, its promises included, has settled — on the runtime's own timer, taken when this module loads, so that a test's fake timers neither drive nor stop the fake's clock. */
const later: (task: () => void) => unknown = (
  (setTimer) => (task: () => void) =>
    setTimer(task, 0)
)(globalThis.setTimeout.bind(globalThis));

interface Timer {
  readonly at: number;
  readonly ms: number;
  readonly fire: () => void;
  /** Told once it has fired. */
  fired?: () => void;
  /** An attempt's time limit: fires only once its request hangs. */
  readonly limit: boolean;
  due: boolean;
}

/** A small seeded generator (mulberry32): the same seed, the same jitter. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class VirtualClock implements Clock {
  #now = 0;
  readonly #timers = new Set<Timer>();
  #scheduled = false;
  /** The time limit armed last: the one of the request the fake receives next. */
  #armed: Timer | undefined;
  readonly random: () => number;

  constructor(seed: number) {
    this.random = seeded(seed);
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal: AbortSignal | undefined, wake?: Promise<unknown>): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    if (!(ms > 0)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const end = (slept: boolean): void => {
        this.#timers.delete(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(slept);
      };
      const onAbort = (): void => {
        end(false);
      };
      const timer = this.#add(
        ms,
        () => {
          end(true);
        },
        false,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      void wake?.then(() => {
        end(true);
      });
    });
  }

  timeout(ms: number, fire: () => void): () => void {
    const timer = this.#add(ms, fire, true);
    this.#armed = timer;
    return () => {
      this.#timers.delete(timer);
      if (this.#armed === timer) this.#armed = undefined;
    };
  }

  /**
   * The time limit of the request being received now (see above), taken off the clock's hands:
   * call it when the request hangs, and its limit comes (`fired` hears of it, with its length).
   */
  claim(): ((fired: (ms: number) => void) => void) | undefined {
    const timer = this.#armed;
    this.#armed = undefined;
    if (timer === undefined) return undefined;
    return (fired) => {
      timer.due = true;
      timer.fired = () => {
        fired(timer.ms);
      };
      this.#schedule();
    };
  }

  #add(ms: number, fire: () => void, limit: boolean): Timer {
    const timer: Timer = { at: this.#now + ms, ms, fire, limit, due: !limit };
    this.#timers.add(timer);
    if (!limit) this.#schedule();
    return timer;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    later(() => {
      this.#scheduled = false;
      this.#tick();
    });
  }

  /** Fires the next timer due, moving the clock to it; then, once what that set going has settled, the next. */
  #tick(): void {
    let next: Timer | undefined;
    for (const timer of this.#timers) if (timer.due && (next === undefined || timer.at < next.at)) next = timer;
    if (next === undefined) return;
    this.#timers.delete(next);
    this.#now = Math.max(this.#now, next.at);
    next.fire();
    next.fired?.();
    this.#schedule();
  }
}
