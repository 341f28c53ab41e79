import { UserplaneError, type UserplaneErrorOptions } from './userplane-error.js';

/**
 * An attempt exceeded its `timeout`. Distinct from {@link UserplaneAbortError}: the caller did
 * not cancel. Like a connection failure, retried only for idempotent methods.
 */
export class UserplaneTimeoutError extends UserplaneError {
  /** The per-attempt timeout that elapsed, in milliseconds. */
  readonly timeout: number;

  /** @internal Errors are made by the SDK; catch them, do not construct them. */
  constructor(timeout: number, options: UserplaneErrorOptions) {
    super('timeout', `no response within ${timeout} ms`, options);
    this.timeout = timeout;
  }

  static {
    this.prototype.name = 'UserplaneTimeoutError';
  }
}
