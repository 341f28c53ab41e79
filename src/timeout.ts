/**
 * The signal for one attempt: it aborts when the caller's signal does, or when the attempt's
 * own timeout elapses — and remembers which, so a timeout is never reported as a user abort.
 */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** Whether the timeout (not the caller) aborted the attempt. */
  timedOut(): boolean;
  /** Rejects when the signal aborts: raced against a `fetch` that might ignore its signal. */
  readonly aborted: Promise<never>;
  /** Clears the timer and the listener on the caller's signal. Call once the attempt settles. */
  dispose(): void;
}

export function attemptSignal(timeout: number, callerSignal: AbortSignal | undefined): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeout);
  const onAbort = (): void => {
    controller.abort(callerSignal?.reason);
  };
  callerSignal?.addEventListener('abort', onAbort, { once: true });
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => {
      reject(new Error('the attempt ended'));
    });
  });
  aborted.catch(() => undefined); // raced, not always awaited
  return {
    signal: controller.signal,
    aborted,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onAbort);
    },
  };
}
