import { UserplaneError, type UserplaneErrorOptions } from './userplane-error.js';

/**
 * No response arrived: the connection was refused or reset, DNS failed, or the body was cut
 * off. `cause` holds the runtime's own error. Retried only for idempotent methods — a POST may
 * have reached the server, so it is never sent twice.
 */
export class UserplaneConnectionError extends UserplaneError {
  /** @internal Errors are made by the SDK; catch them, do not construct them. */
  constructor(message: string, options: UserplaneErrorOptions) {
    super('connection', message, options);
  }

  static {
    this.prototype.name = 'UserplaneConnectionError';
  }
}
