/** The retry policy as pure functions: backoff bounds, Retry-After parsing, the one decision. */
import { describe, expect, it } from 'vitest';
import {
  BACKOFF,
  backoffDelay,
  decide,
  parseRetryAfter,
  type Outcome,
  type RetryLimits,
} from '../../src/retry/policy.js';

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

const limits = (method: string, more: Partial<RetryLimits> = {}): RetryLimits => ({
  method,
  maxRetries: 3,
  maxRetryAfter: 60_000,
  paced: undefined,
  random: () => 0.5,
  ...more,
});
const retried = (outcome: Outcome, method: string): boolean => decide(outcome, 1, limits(method)).retry;

describe('decide: what is retried', () => {
  it('429 and 503 for every method', () => {
    for (const method of ['post', 'put', 'delete', 'get']) {
      expect(retried({ status: 429, retryAfter: undefined }, method)).toBe(true);
      expect(retried({ status: 503, retryAfter: undefined }, method)).toBe(true);
    }
  });
  it('other 5xx, timeouts and connection failures only for idempotent methods, never 501', () => {
    expect(retried({ status: 500, retryAfter: undefined }, 'post')).toBe(false);
    expect(retried({ status: 502, retryAfter: undefined }, 'post')).toBe(false);
    expect(retried({ status: 500, retryAfter: undefined }, 'put')).toBe(true);
    expect(retried({ status: 504, retryAfter: undefined }, 'delete')).toBe(true);
    expect(retried({ status: 501, retryAfter: undefined }, 'put')).toBe(false);
    for (const failure of ['timeout', 'connection'] as const) {
      expect(retried({ failure }, 'post')).toBe(false);
      expect(retried({ failure }, 'put')).toBe(true);
    }
  });
  it('never 4xx other than 429, a request that could not be sent, or an abort', () => {
    for (const status of [400, 401, 403, 404, 409, 410, 422])
      expect(retried({ status, retryAfter: undefined }, 'put')).toBe(false);
    expect(retried({ failure: 'refused' }, 'get')).toBe(false);
    expect(retried({ failure: 'abort' }, 'get')).toBe(false);
  });
});

describe('decide: how long, and when not', () => {
  const busy: Outcome = { status: 503, retryAfter: undefined };
  const after = (retryAfter: number): Outcome => ({ status: 503, retryAfter });
  it('waits the jittered backoff without Retry-After', () => {
    expect(decide(busy, 1, limits('get'))).toEqual({ retry: true, delay: 500 });
  });
  it('never waits less than Retry-After', () => {
    expect(decide(after(5000), 1, limits('get'))).toEqual({ retry: true, delay: 5000 });
    expect(decide(after(100), 1, limits('get'))).toEqual({ retry: true, delay: 500 });
  });
  it('refuses a Retry-After above the cap', () => {
    expect(decide(after(60_001), 1, limits('get'))).toEqual({ retry: false, reason: 'retry-after-too-long' });
    expect(decide(after(60_000), 1, limits('get'))).toEqual({ retry: true, delay: 60_000 });
  });
  it('stops after maxRetries', () => {
    expect(decide(busy, 3, limits('get'))).toMatchObject({ retry: true });
    expect(decide(busy, 4, limits('get'))).toEqual({ retry: false, reason: 'exhausted' });
    expect(decide(busy, 1, limits('get', { maxRetries: 0 }))).toEqual({ retry: false, reason: 'exhausted' });
  });
  it('does not say why for what is never retried', () => {
    expect(decide({ status: 404, retryAfter: undefined }, 1, limits('get'))).toEqual({
      retry: false,
      reason: undefined,
    });
  });
  it('paced: a 429 that paused the limiter is retried at once (the next turn waits); a spent budget never', () => {
    const limited: Outcome = { status: 429, retryAfter: 120_000 };
    expect(decide(limited, 1, limits('post', { paced: 'paused' }))).toEqual({ retry: true, delay: 0 });
    expect(decide(limited, 1, limits('post', { paced: 'spent' }))).toEqual({ retry: false, reason: 'spent' });
    expect(decide(limited, 4, limits('post', { paced: 'paused' }))).toEqual({ retry: false, reason: 'exhausted' });
  });
});
