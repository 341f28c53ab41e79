import { UserplaneError, type UserplaneErrorOptions } from './userplane-error.js';

/**
 * The client's own rate limit (the `rateLimit` option) gave the call no turn: none came within
 * `maxWait`, or its store failed (`cause`). The attempt was not sent. `retryAfter` is how long
 * the wait would still have been, when known.
 */
export class UserplanePacingError extends UserplaneError {
  /** Milliseconds until a turn was expected, when known. */
  readonly retryAfter: number | undefined;

  /** @internal Errors are made by the SDK; catch them, do not construct them. */
  constructor(why: string, retryAfter: number | undefined, options: UserplaneErrorOptions) {
    super('pacing', `not sent: ${why}`, options);
    this.retryAfter = retryAfter;
  }

  static {
    this.prototype.name = 'UserplanePacingError';
  }
}
