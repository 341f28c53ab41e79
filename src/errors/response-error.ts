import { UserplaneError, type UserplaneErrorOptions } from './userplane-error.js';

/**
 * The server answered 2xx, but the body is not what the spec declares: not JSON, empty where a
 * body is declared, or (with `validateResponses`) not matching the schema. The request was
 * processed, so it is not retried.
 */
export class UserplaneResponseError extends UserplaneError {
  /** The HTTP status of the response. */
  readonly status: number;
  /** The response headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as received (text, truncated to 1 KB). */
  readonly body: string;

  /** @internal Errors are made by the SDK; catch them, do not construct them. */
  constructor(
    message: string,
    details: { status: number; headers: Record<string, string>; body: string },
    options: UserplaneErrorOptions,
  ) {
    super('response', message, options);
    this.status = details.status;
    this.headers = details.headers;
    this.body = details.body.slice(0, 1024);
  }

  static {
    this.prototype.name = 'UserplaneResponseError';
  }
}
