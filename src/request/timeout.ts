import type { Clock } from '../shared/clock.js';

/** The reason an attempt's signal carries when its own time limit, not the caller, ended it. */
export const TIMED_OUT: unique symbol = Symbol('timeout');

/**
 * The signal for one attempt: it aborts when the caller's signal does (with the caller's
 * reason) or when `timeout` elapses on the client's clock (with {@link TIMED_OUT}), so a timeout
 * is never reported as the caller's abort; `ended` rejects when it aborts, for racing a `fetch`
 * that ignores it. `dispose()` clears the timer and every listener once the attempt settles: the
 * runtime may hold a request's signal until the request is collected, and it must not hold the
 * call with it.
 */
export function attemptSignal(
  timeout: number,
  caller: AbortSignal | undefined,
  clock: Clock,
): { signal: AbortSignal; ended: Promise<never>; dispose(): void } {
  const controller = new AbortController();
  const { signal } = controller;
  const cancel = clock.timeout(
    timeout,
    () => {
      controller.abort(TIMED_OUT);
    },
    signal,
  );
  const onAbort = (): void => {
    controller.abort(caller?.reason);
  };
  let onEnd!: () => void;
  const ended = new Promise<never>((_, reject) => {
    onEnd = reject;
  });
  void ended.catch(() => undefined);
  signal.addEventListener('abort', onEnd);
  if (caller?.aborted) onAbort();
  else caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal,
    ended,
    dispose: () => {
      cancel();
      caller?.removeEventListener('abort', onAbort);
      signal.removeEventListener('abort', onEnd);
    },
  };
}
