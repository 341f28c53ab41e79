/**
 * Waits `ms` milliseconds, unless the signal aborts first or `wake` settles. Resolves `true`
 * after the full wait (or on `wake`), `false` the moment the signal aborts (or at once if it
 * already has). Leaves no timer or listener behind either way.
 *
 * A timer may fire a millisecond early, and a `Retry-After` must never be undercut: when the
 * monotonic clock (`performance.now()`, which a wall-clock step does not move) says the wait fell
 * short, it is topped up. A clock that did not move with the timer at all — a test's mocked
 * `setTimeout`, such as node:test's `mock.timers`, which leaves `performance` alone — is not a
 * short wait: the timer is trusted, so the test's own tick ends the wait.
 */
export async function sleep(ms: number, signal: AbortSignal | undefined, wake?: Promise<unknown>): Promise<boolean> {
  const start = performance.now();
  const woken = { now: false };
  void wake?.then(() => (woken.now = true));
  for (let left = ms; left > 0 && !woken.now;) {
    if (!(await timer(left, signal, wake))) return false;
    const elapsed = performance.now() - start;
    left = elapsed < ms / 2 ? 0 : ms - elapsed;
  }
  return signal?.aborted !== true;
}

function timer(ms: number, signal: AbortSignal | undefined, wake: Promise<unknown> | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(false);
      return;
    }
    const end = (slept: boolean): void => {
      clearTimeout(handle);
      signal?.removeEventListener('abort', onAbort);
      resolve(slept);
    };
    const onAbort = (): void => {
      end(false);
    };
    const handle = setTimeout(end, ms, true);
    signal?.addEventListener('abort', onAbort, { once: true });
    void wake?.then(() => {
      end(true);
    });
  });
}
