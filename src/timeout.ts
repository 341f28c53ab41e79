/** The reason an attempt's signal carries when its own time limit, not the caller, ended it. */
export const TIMED_OUT: unique symbol = Symbol('timeout');

/**
 * The signal for one attempt: it aborts when the caller's signal does (with the caller's
 * reason) or when `timeout` elapses (with {@link TIMED_OUT}), so a timeout is never reported as
 * the caller's abort. `dispose()` clears the timer and the listener once the attempt settles.
 */
export function attemptSignal(
  timeout: number,
  caller: AbortSignal | undefined,
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(TIMED_OUT);
  }, timeout);
  const onAbort = (): void => {
    controller.abort(caller?.reason);
  };
  caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}
