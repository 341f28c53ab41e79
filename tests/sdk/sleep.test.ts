/** sleep(): never short by the monotonic clock, abortable at once, leaves nothing behind. */
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sleep } from '../../src/shared/sleep.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('sleep', () => {
  it('tops up a wait that a timer ended early, by the monotonic clock', async () => {
    // A timer that fires 5 ms early, as the monotonic clock sees it: the wait must go on.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    let done = false;
    const waited = sleep(50, undefined).then((full) => {
      done = full;
    });
    now += 45;
    await vi.advanceTimersByTimeAsync(50);
    expect(done).toBe(false);
    now += 5;
    await vi.advanceTimersByTimeAsync(5);
    await waited;
    expect(done).toBe(true);
  });

  it('a wall-clock step does not change a wait: only the monotonic clock counts', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    let done = false;
    const waited = sleep(100, undefined).then(() => {
      done = true;
    });
    vi.setSystemTime(Date.now() + 3_600_000); // the wall clock jumps an hour ahead
    now += 60;
    await vi.advanceTimersByTimeAsync(60);
    expect(done).toBe(false);
    now += 40;
    await vi.advanceTimersByTimeAsync(40);
    await waited;
    expect(done).toBe(true);
  });

  it('resolves false at once on abort and removes its listener', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    expect(await pending).toBe(false);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('resolves false without waiting when already aborted', async () => {
    expect(await sleep(60_000, AbortSignal.abort())).toBe(false);
  });

  it('removes its listener after a full wait', async () => {
    const controller = new AbortController();
    expect(await sleep(5, controller.signal)).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('resolves true at once for 0 ms', async () => {
    expect(await sleep(0, undefined)).toBe(true);
  });
});
