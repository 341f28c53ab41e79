/**
 * `userplane.rateLimitState()`: the budget as the client's store sees it — shared by the clients
 * of one store, `undefined` with `rateLimit: false`, unknown parts for a store that cannot say
 * (no `state`, or no answer) — and the memory store's state against a model over generated
 * sequences of turns taken, ended and time passing. (Redis: tests/sdk/rate-limit.test.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore, Userplane, type RateLimitStore } from '../../src/index.js';
import { createFakeUserplane } from '../../src/testing/index.js';
import { handleOf } from '../support/fake-handle.js';
import { API_KEY } from '../support/fixtures.js';
import { idempotentOperation } from '../support/operations.js';

describe('rateLimitState()', () => {
  it('reads the store its clients share: what each call took counts for both', async () => {
    const api = createFakeUserplane();
    const store = new MemoryRateLimitStore();
    const options = { apiKey: API_KEY, rateLimit: { requests: 3, per: 60_000, store } };
    const [one, two] = [api.client(options), api.client(options)];
    expect(await two.rateLimitState()).toEqual({
      requests: 3,
      per: 60_000,
      used: 0,
      remaining: 3,
      waitMs: 0,
      paused: undefined,
    });
    await idempotentOperation.call(one);
    await idempotentOperation.call(two);
    expect(await one.rateLimitState()).toMatchObject({ used: 2, remaining: 1, waitMs: 0 });
    await idempotentOperation.call(one);
    const full = await two.rateLimitState();
    expect(full).toMatchObject({ used: 3, remaining: 0, paused: undefined });
    // The first turn counts until a window after its request ended, in whole ms.
    expect(Number.isInteger(full?.waitMs) && full!.waitMs! > 0 && full!.waitMs! <= 60_000).toBe(true);
  });

  it('says the pause a 429 set, and why it is spent', async () => {
    const api = createFakeUserplane();
    const userplane = api.client({ apiKey: API_KEY, maxRetries: 0 });
    handleOf(api, idempotentOperation.id)['fault']?.('rate-limited', { times: 1, retryAfter: 3_600_000 });
    await idempotentOperation.call(userplane).catch(() => undefined);
    expect((await userplane.rateLimitState())?.paused).toEqual({
      ms: 3_600_000,
      spent: true,
      reason: 'retry-after',
    });
  });

  it('is undefined with rateLimit: false', async () => {
    expect(await new Userplane({ apiKey: API_KEY, rateLimit: false }).rateLimitState()).toBeUndefined();
  });

  it('a store without state (a custom one): the turns unknown, the pause as it says', async () => {
    const pause = { ms: 5000, spent: false };
    const custom: RateLimitStore = { take: () => 0, pause: () => undefined, paused: () => pause };
    const userplane = new Userplane({ apiKey: API_KEY, rateLimit: { store: custom, requests: 7 } });
    expect(await userplane.rateLimitState()).toEqual({
      requests: 7,
      per: 60_000,
      used: undefined,
      remaining: undefined,
      waitMs: undefined,
      paused: pause,
    });
  });

  it('a store that never answers: all unknown, after a second of its clock, not a hang', async () => {
    const silent: RateLimitStore = {
      take: () => new Promise(() => undefined),
      pause: () => undefined,
      paused: () => new Promise(() => undefined),
      state: () => new Promise(() => undefined),
    };
    const userplane = createFakeUserplane().client({ apiKey: API_KEY, rateLimit: { store: silent } });
    expect(await userplane.rateLimitState()).toMatchObject({ used: undefined, waitMs: undefined, paused: undefined });
  });
});

describe('the memory store', () => {
  type Step = { take: true } | { release: true } | { advance: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.constant({ take: true as const }),
    fc.constant({ release: true as const }),
    fc.integer({ min: 0, max: 2500 }).map((advance) => ({ advance })),
  );

  it('state matches a model of the rolling window over generated sequences; remaining never below 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.array(step),
        (requests, per, steps) => {
          let now = 0;
          const store = new MemoryRateLimitStore(() => now);
          // The model: when each turn stops counting; Infinity while in flight.
          let ends: number[] = [];
          for (const next of steps) {
            if ('advance' in next) now += next.advance;
            else if ('release' in next) {
              store.release(per);
              const index = ends.indexOf(Infinity);
              if (index >= 0) ends[index] = now + per;
            } else {
              const wait = store.take(requests, per);
              ends = ends.filter((end) => end > now);
              expect(wait === 0).toBe(ends.length < requests);
              if (wait === 0) ends.push(Infinity);
            }
            ends = ends.filter((end) => end > now);
            const { used, waitMs } = store.state(requests, per);
            expect(used).toBe(ends.length);
            expect(used).toBeLessThanOrEqual(requests);
            expect(waitMs === 0).toBe(used < requests);
            if (waitMs > 0) expect(waitMs).toBe(Math.ceil(Math.min(per, ...ends.map((end) => end - now))));
          }
        },
      ),
      { numRuns: 300, seed: 34 },
    );
  });
});
