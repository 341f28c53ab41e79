import { UserplaneError, type UserplaneErrorOptions } from './userplane-error.js';

/**
 * The client cannot be used as configured: a missing or malformed API key, a bad `baseUrl` or
 * option. Thrown by `new Userplane()`, before anything is sent. Never includes the key itself.
 */
export class UserplaneConfigError extends UserplaneError {
  /** @internal Errors are made by the SDK; catch them, do not construct them. */
  constructor(message: string, options?: UserplaneErrorOptions) {
    super('config', message, options);
  }

  static {
    this.prototype.name = 'UserplaneConfigError';
  }
}
