/** sleep(): wall-clock exact (never short), abortable at once, leaves nothing behind. */
import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { sleep } from '../src/sleep.js';

describe('sleep', () => {
  it('tops up a wait that a timer ended early by the wall clock', async () => {
    // Simulate a timer that fires 5 ms early: the clock says less time passed than asked.
    const realNow = Date.now.bind(Date);
    let skew = 5;
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() - skew);
    const started = realNow();
    const done = sleep(50, undefined);
    setTimeout(() => {
      skew = 0;
    }, 10);
    expect(await done).toBe(true);
    expect(realNow() - started).toBeGreaterThanOrEqual(50);
    vi.restoreAllMocks();
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
