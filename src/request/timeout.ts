/** The reason an attempt's signal carries when its own time limit, not the caller, ended it. */
export const TIMED_OUT: unique symbol = Symbol('timeout');

/**
 * The signal for one attempt: it aborts when the caller's signal does (with the caller's
 * reason) or when `timeout` elapses (with {@link TIMED_OUT}), so a timeout is never reported as
 * the caller's abort; `ended` rejects when it aborts, for racing a `fetch` that ignores it.
 * `dispose()` clears the timer and every listener once the attempt settles: the runtime may
 * hold a request's signal until the request is collected, and it must not hold the call with it.
 */
export function attemptSignal(
  timeout: number,
  caller: AbortSignal | undefined,
): { signal: AbortSignal; ended: Promise<never>; dispose(): void } {
  const controller = new AbortController();
  const { signal } = controller;
  const timer = setTimeout(() => {
    controller.abort(TIMED_OUT);
  }, timeout);
  const onAbort = (): void => {
    controller.abort(caller?.reason);
  };
  let onEnd!: () => void;
  const ended = new Promise<never>((_, reject) => {
    onEnd = reject;
  });
  void ended.catch(() => undefined);
  caller?.addEventListener('abort', onAbort, { once: true });
  signal.addEventListener('abort', onEnd);
  return {
    signal,
    ended,
    dispose: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
      signal.removeEventListener('abort', onEnd);
    },
  };
}
