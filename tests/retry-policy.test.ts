/** The retry policy as pure functions: backoff bounds, Retry-After parsing, the decision. */
import { describe, expect, it } from 'vitest';
import { BACKOFF } from '../src/options/options.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter, planRetry } from '../src/retry/policy.js';

describe('backoffDelay: exponential with full jitter', () => {
  it('stays in [0, min(maxDelay, initialDelay × factor^(n-1)))', () => {
    const ceilings = [1000, 2000, 4000, 8000, 8000, 8000];
    ceilings.forEach((ceiling, index) => {
      expect(backoffDelay(index + 1, () => 0)).toBe(0);
      expect(backoffDelay(index + 1, () => 0.999_999)).toBe(ceiling - 1);
      expect(backoffDelay(index + 1, () => 0.5)).toBe(ceiling / 2);
    });
    // BACKOFF is what the delays are computed from, and no consumer can change it.
    expect(backoffDelay(1, () => 0.999_999)).toBe(BACKOFF.initialDelay - 1);
    expect(() => {
      Object.assign(BACKOFF, { initialDelay: 0 });
    }).toThrow(TypeError);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-22T10:00:00.000Z');
  it.each([
    ['5', 5000],
    ['0', 0],
    [' 2 ', 2000],
    ['1.5', 1500],
    ['Sun, 22 Nov 2026 10:00:07 GMT', 7000],
    ['Sunday, 22-Nov-26 10:00:03 GMT', 3000],
    ['Sun, 22 Nov 2026 09:59:00 GMT', 0], // in the past: retry now
  ])('%j → %i ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
  it.each([null, undefined, '', '-1', 'soon', '5s', '2026-11-22', 'Mon, garbage'])('%j → undefined', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('isRetryableStatus', () => {
  it('429 and 503 for every method', () => {
    for (const method of ['post', 'put', 'delete', 'get']) {
      expect(isRetryableStatus(429, method)).toBe(true);
      expect(isRetryableStatus(503, method)).toBe(true);
    }
  });
  it('other 5xx only for idempotent methods, never 501', () => {
    expect(isRetryableStatus(500, 'post')).toBe(false);
    expect(isRetryableStatus(502, 'post')).toBe(false);
    expect(isRetryableStatus(500, 'put')).toBe(true);
    expect(isRetryableStatus(504, 'delete')).toBe(true);
    expect(isRetryableStatus(501, 'put')).toBe(false);
  });
  it('never 4xx other than 429', () => {
    for (const status of [400, 401, 403, 404, 409, 410, 422]) expect(isRetryableStatus(status, 'put')).toBe(false);
  });
});

describe('planRetry', () => {
  const base = {
    attempt: 1,
    maxRetries: 3,
    retryable: true,
    retryAfter: undefined,
    maxRetryAfter: 60_000,
    random: () => 0.5,
  };
  it('waits the jittered backoff without Retry-After', () => {
    expect(planRetry(base)).toEqual({ retry: true, delay: 500 });
  });
  it('never waits less than Retry-After', () => {
    expect(planRetry({ ...base, retryAfter: 5000 })).toEqual({ retry: true, delay: 5000 });
    expect(planRetry({ ...base, retryAfter: 100 })).toEqual({ retry: true, delay: 500 });
  });
  it('refuses a Retry-After above the cap', () => {
    expect(planRetry({ ...base, retryAfter: 60_001 })).toEqual({ retry: false, reason: 'retry-after-too-long' });
    expect(planRetry({ ...base, retryAfter: 60_000 })).toEqual({ retry: true, delay: 60_000 });
  });
  it('stops after maxRetries', () => {
    expect(planRetry({ ...base, attempt: 3 })).toMatchObject({ retry: true });
    expect(planRetry({ ...base, attempt: 4 })).toEqual({ retry: false, reason: 'exhausted' });
    expect(planRetry({ ...base, maxRetries: 0 })).toEqual({ retry: false, reason: 'exhausted' });
  });
  it('does not retry what is not retryable', () => {
    expect(planRetry({ ...base, retryable: false })).toEqual({ retry: false, reason: 'not-retryable' });
  });
});
