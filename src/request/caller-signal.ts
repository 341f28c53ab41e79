/**
 * The caller's `AbortSignal`, read once, at the start of a call: the SDK follows it with a
 * signal of its own, which is all the rest of the call listens to. A signal-like object whose
 * getters or `addEventListener` throw therefore fails here — before a turn is taken or anything
 * is sent — and never half-way through a call.
 */
export interface FollowedSignal {
  /** Aborts when the caller's does. */
  readonly signal: AbortSignal;
  /** The caller's reason, once it aborted (the abort error's `cause`). */
  reason(): unknown;
  /** Stops listening to the caller's signal. Never throws. */
  release(): void;
}

/** Follows `caller`; throws whatever reading it throws. */
export function followSignal(caller: AbortSignal): FollowedSignal {
  const controller = new AbortController();
  let reason: unknown;
  const onAbort = (): void => {
    try {
      reason = caller.reason;
    } catch {
      // a reason that cannot be read is no reason
    }
    controller.abort(reason);
  };
  if (caller.aborted) onAbort();
  else caller.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    reason: () => reason,
    release: () => {
      try {
        caller.removeEventListener('abort', onAbort);
      } catch {
        // the listener is `once`; a signal that refuses to remove it keeps a no-op
      }
    },
  };
}
