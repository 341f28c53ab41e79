/**
 * Waits `ms` milliseconds, unless the signal aborts first. Resolves `true` after the full wait,
 * `false` the moment the signal aborts (or at once if it already has). Leaves no timer or
 * listener behind either way.
 *
 * Timers may fire a millisecond early; a `Retry-After` must never be undercut, so the wait is
 * re-checked and topped up when short — against the monotonic clock (`performance.now()`), so
 * a wall-clock step (NTP, a suspended VM) neither stretches nor cuts a wait.
 */
export async function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  const until = performance.now() + ms;
  for (let left = ms; left > 0; left = until - performance.now()) {
    if (!(await timer(left, signal))) return false;
  }
  return signal?.aborted !== true;
}

function timer(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(false);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(handle);
      resolve(false);
    };
    const handle = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
