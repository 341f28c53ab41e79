/**
 * Waits `ms` milliseconds, unless the signal aborts first or `wake` settles. Resolves `true`
 * after the full wait (or on `wake`), `false` the moment the signal aborts (or at once if it
 * already has). Leaves no timer or listener behind either way.
 *
 * Timers may fire a millisecond early; a `Retry-After` must never be undercut, so the wait is
 * re-checked and topped up when short — against the monotonic clock (`performance.now()`), so
 * a wall-clock step (NTP, a suspended VM) neither stretches nor cuts a wait.
 */
export async function sleep(ms: number, signal: AbortSignal | undefined, wake?: Promise<unknown>): Promise<boolean> {
  const until = performance.now() + ms;
  const woken = { now: false };
  void wake?.then(() => (woken.now = true));
  for (let left = ms; left > 0 && !woken.now; left = until - performance.now()) {
    if (!(await timer(left, signal, wake))) return false;
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
