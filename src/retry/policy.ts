/**
 * When to retry, and how long to wait: pure functions, no timers.
 *
 * - 429 and 503 mean the request was not processed: retried for every method.
 * - Other 5xx (except 501), timeouts and connection failures: retried only for idempotent
 *   methods. A POST that may have reached the server is never sent twice.
 * - The wait is exponential backoff with full jitter, and never shorter than the server's
 *   `Retry-After`. A `Retry-After` longer than `maxRetryAfter` is not slept through.
 *
 * Only a failure needs these, so they load with the first one (src/call.ts), not with the SDK.
 */
import { BACKOFF } from '../options/options.js';

export { isNetworkError } from './network-error.js';

const IDEMPOTENT = new Set(['get', 'head', 'options', 'put', 'delete']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toLowerCase());
}

/** Whether a response with this status may be retried for this method. */
export function isRetryableStatus(status: number, method: string): boolean {
  if (status === 429 || status === 503) return true;
  return status >= 500 && status !== 501 && isIdempotent(method);
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
 * `Retry-After` in milliseconds from `now`: delta-seconds or an HTTP-date (a past date is 0).
 * `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (SECONDS.test(text)) return Math.ceil(Number(text) * 1000);
  if (!HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export type RetryPlan =
  { retry: true; delay: number } | { retry: false; reason: 'not-retryable' | 'exhausted' | 'retry-after-too-long' };

export interface RetryInput {
  /** Attempts made so far, including the one that just failed (1 after the first). */
  attempt: number;
  maxRetries: number;
  retryable: boolean;
  /** The server's `Retry-After`, in milliseconds. */
  retryAfter: number | undefined;
  maxRetryAfter: number;
  random?: () => number;
}

export function planRetry(input: RetryInput): RetryPlan {
  if (!input.retryable) return { retry: false, reason: 'not-retryable' };
  if (input.attempt > input.maxRetries) return { retry: false, reason: 'exhausted' };
  if (input.retryAfter !== undefined && input.retryAfter > input.maxRetryAfter) {
    return { retry: false, reason: 'retry-after-too-long' };
  }
  const backoff = backoffDelay(input.attempt, input.random);
  return { retry: true, delay: Math.max(input.retryAfter ?? 0, backoff) };
}
