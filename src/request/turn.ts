/**
 * A turn under the rate limit before each attempt, or — nothing sent — the typed error of the
 * limiter's refusal: no turn within `maxWait`, a spent budget (the 429 the server would give),
 * the caller's abort, a store that failed (one that does not answer in time gives no turn within `maxWait`).
 */
import { UserplaneAbortError } from '../errors/abort-error.js';
import { apiError } from '../errors/describe.js';
import { UserplanePacingError } from '../errors/pacing-error.js';
import type { UserplaneError, UserplaneErrorOptions } from '../errors/userplane-error.js';
import type { RateLimiter, Refusal, Settle } from '../pacing/limiter.js';
import type { FollowedSignal } from './caller-signal.js';

/**
 * Why `refusal` left the call without a turn, as its error; `unsent` is the call's context before
 * this attempt, `abortReason` the caller's reason, should the refusal be its abort.
 */
export function refusalError(
  refusal: Refusal,
  limiter: RateLimiter,
  unsent: UserplaneErrorOptions,
  abortReason: unknown,
): UserplaneError {
  const { maxWait, maxRetryAfter } = limiter;
  switch (refusal.why) {
    case 'wait':
      return new UserplanePacingError(
        `no turn under the rate limit within maxWait ${maxWait} ms`,
        refusal.retryAfter,
        unsent,
      );
    case 'spent':
      return apiError(undefined, refusal.retryAfter, refusal.reason ?? 'spent', maxRetryAfter, unsent);
    case 'aborted':
      return new UserplaneAbortError({ ...unsent, cause: abortReason });
    case 'store':
      return new UserplanePacingError('the rate-limit store failed', undefined, { ...unsent, cause: refusal.cause });
  }
}

/**
 * Waits for a turn (`onWait` hears of each wait); resolves with the function that gives it
 * back with the attempt's answer, or `undefined` when the client is not paced.
 */
export async function takeTurn(
  limiter: RateLimiter | undefined,
  followed: FollowedSignal | undefined,
  unsent: UserplaneErrorOptions,
  onWait: (ms: number, paused: boolean) => void,
): Promise<Settle | undefined> {
  if (limiter === undefined) return undefined;
  const turn = await limiter.turn(followed?.signal, onWait);
  if (turn.granted) return turn.settle;
  throw refusalError(turn.refusal, limiter, unsent, followed?.reason());
}
