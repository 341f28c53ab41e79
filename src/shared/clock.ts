import { sleep } from './sleep.js';

/**
 * Where the SDK's time comes from: every wait (backoff, `Retry-After`, a turn under the rate
 * limit), every attempt's time limit, the pacing windows and the backoff's jitter. A client uses
 * {@link REAL_TIME}; `userplane/testing`'s client runs on a virtual clock instead, so that a
 * user's test of a 60 s pause takes no time and can say what was waited.
 */
export interface Clock {
  /** Monotonic milliseconds. */
  now(): number;
  /** {@link sleep}: `true` after the whole wait (or on `wake`), `false` once `signal` aborts. */
  sleep(ms: number, signal: AbortSignal | undefined, wake?: Promise<unknown>): Promise<boolean>;
  /** Calls `fire` after `ms` unless cancelled first (an attempt's time limit, given its signal). */
  timeout(ms: number, fire: () => void, signal: AbortSignal): () => void;
  /** A number in [0, 1), for the backoff's jitter. */
  random(): number;
}

/** The runtime's own clock and timers. */
export const REAL_TIME: Clock = {
  now: () => performance.now(),
  sleep,
  timeout: (ms, fire) => {
    const timer = setTimeout(fire, ms);
    return () => {
      clearTimeout(timer);
    };
  },
  random: () => Math.random(),
};

/**
 * The option key a client's clock is given under (`userplane/testing` gives its virtual one).
 * `Symbol.for`: the same key in every copy of the package.
 */
export const CLOCK: unique symbol = Symbol.for('userplane.clock');
