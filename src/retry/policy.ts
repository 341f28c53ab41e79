/**
 * Whether a failed attempt is tried again, and after how long: pure functions, no timers. This
 * is the one place that decides.
 *
 * - 429 and 503 mean the request was not processed: retried for every method.
 * - Other 5xx (except 501), timeouts and connection failures: retried only for idempotent
 *   methods. A POST that may have reached the server is never sent twice.
 * - Anything else (another status, a request that could not be sent, the caller's abort): never.
 * - The wait is exponential backoff with full jitter, and never shorter than the server's
 *   `Retry-After`. A `Retry-After` longer than `maxRetryAfter` is not slept through.
 * - Paced (the `rateLimit` option), a 429 pauses the rate limiter, whose next turn waits it out:
 *   the call retries at once into that wait. A budget the limiter found spent is not retried.
 */
import type { NotRetried } from '../errors/describe.js';
import type { Verdict } from '../pacing/limiter.js';

/** Backoff when the server gives no `Retry-After`: the n-th retry waits a uniformly random time in `[0, min(maxDelay, initialDelay × factor^(n-1)))`. */
export const BACKOFF = Object.freeze({
  /** @default 1000 ms — upstream's own example waits 1 s, 2 s, 4 s. */
  initialDelay: 1000,
  /** @default 2 */
  factor: 2,
  /** @default 8000 ms */
  maxDelay: 8000,
} as const);

/** How an attempt ended, as far as retrying goes: a response's status, or why there was none. */
export type Outcome =
  | { readonly status: number; readonly retryAfter: number | undefined }
  | { readonly failure: 'timeout' | 'connection' | 'refused' | 'abort' };

/** What else the decision depends on: the call's method and limits, and what the limiter made of the answer. */
export interface RetryLimits {
  readonly method: string;
  readonly maxRetries: number;
  readonly maxRetryAfter: number;
  readonly paced: Verdict;
  /** The jitter's source, a number in [0, 1). */
  readonly random: () => number;
}

/** Try again after `delay` ms, or fail — saying why, when the failure itself does not. */
export type Decision =
  { readonly retry: true; readonly delay: number } | { readonly retry: false; readonly reason: NotRetried };

const IDEMPOTENT = new Set(['get', 'head', 'options', 'put', 'delete']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toLowerCase());
}

function retryable(outcome: Outcome, method: string): boolean {
  if ('failure' in outcome)
    return (outcome.failure === 'timeout' || outcome.failure === 'connection') && isIdempotent(method);
  const { status } = outcome;
  if (status === 429 || status === 503) return true;
  return status >= 500 && status !== 501 && isIdempotent(method);
}

/** Decides what follows attempt number `attempt` (1 for the first) that ended in `outcome`. */
export function decide(outcome: Outcome, attempt: number, limits: RetryLimits): Decision {
  if (limits.paced === 'spent') return { retry: false, reason: 'spent' };
  if (!retryable(outcome, limits.method)) return { retry: false, reason: undefined };
  if (attempt > limits.maxRetries) return { retry: false, reason: 'exhausted' };
  // The limiter's next turn waits out the pause the 429 set.
  if (limits.paced === 'paused') return { retry: true, delay: 0 };
  const retryAfter = 'status' in outcome ? outcome.retryAfter : undefined;
  if (retryAfter !== undefined && retryAfter > limits.maxRetryAfter)
    return { retry: false, reason: 'retry-after-too-long' };
  return { retry: true, delay: Math.max(retryAfter ?? 0, backoffDelay(attempt, limits.random)) };
}

/** Full-jitter backoff for the `retry`-th retry (1-based). */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF.maxDelay, BACKOFF.initialDelay * BACKOFF.factor ** (retry - 1));
  return Math.floor(random() * ceiling);
}

const SECONDS = /^\d+(?:\.\d+)?$/;
// IMF-fixdate, RFC 850 and asctime all start with a day name; Date.parse alone accepts too much.
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

/**
 * `Retry-After` in milliseconds from `now` (wall clock): delta-seconds or an HTTP-date (a past
 * date is 0). `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (SECONDS.test(text)) return Math.ceil(Number(text) * 1000);
  if (!HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
