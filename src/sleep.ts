/**
 * Waits `ms` of wall-clock time (`Date.now()`), unless the signal aborts first. Resolves `true`
 * after the full wait, `false` the moment the signal aborts (or at once if it already has).
 * Leaves no timer or listener behind either way.
 *
 * Timers may fire a millisecond early by the wall clock; a `Retry-After` must never be
 * undercut, so the wait is re-checked against the clock and topped up when short.
 */
export async function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  const until = Date.now() + ms;
  for (let left = ms; left > 0; left = until - Date.now()) {
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
