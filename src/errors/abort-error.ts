import { UserplaneError, type UserplaneErrorOptions } from './userplane-error.js';

/**
 * The caller's `AbortSignal` fired — before sending (nothing was sent), during a request, or
 * during a backoff wait. `cause` is the signal's `reason`. Never retried.
 */
export class UserplaneAbortError extends UserplaneError {
  /** @internal Errors are made by the SDK; catch them, do not construct them. */
  constructor(options: UserplaneErrorOptions) {
    super('abort', 'aborted by the caller', options);
  }

  static {
    this.prototype.name = 'UserplaneAbortError';
  }
}
