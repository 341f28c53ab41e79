import { UserplaneError, type UserplaneErrorOptions } from './userplane-error.js';

/** What the SDK read from an error response, however malformed the body was. */
export interface ApiErrorDetails {
  status: number;
  /** The API's error code (`LINK_NOT_FOUND`), or `HTTP_<status>` when the body carries none. */
  code: string;
  /** `true` when the body is a documented error of this operation (its code is in the spec). */
  defined: boolean;
  /** The server's message, or a description of the body when it is not the documented JSON. */
  message: string;
  data: unknown;
  headers: Record<string, string>;
  /** The wait the server asked for (`Retry-After`), in milliseconds. */
  retryAfter: number | undefined;
  /** Appended to the message, e.g. why a retryable status was not retried. */
  note?: string | undefined;
}

/**
 * The API answered with a non-2xx status. `code` is the API's error code; narrow it per
 * operation with `isUserplaneError(err, 'links.delete')`. Subclasses exist for the common
 * statuses, so `instanceof NotFoundError` works too.
 *
 * @example
 * ```ts
 * try {
 *   await userplane.links.update({ workspaceId, linkId, linkTitle: 'Renamed' });
 * } catch (err) {
 *   if (err instanceof RateLimitError) console.warn(`rate limited; retry in ${err.retryAfter ?? '?'} ms`);
 *   else if (err instanceof UserplaneApiError) console.error(err.status, err.code, err.headers['x-request-id']);
 *   else throw err;
 * }
 * ```
 */
export class UserplaneApiError extends UserplaneError {
  /** The HTTP status code. */
  readonly status: number;
  /** The API's error code, e.g. `LINK_NOT_FOUND`; `HTTP_<status>` when the body has none. */
  readonly code: string;
  /** `true` when this is an error the spec declares for the operation; `code` is then one of its codes. */
  readonly defined: boolean;
  /** The `data` field of the error body, if any. */
  readonly data: unknown;
  /** The response headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The wait the server asked for with `Retry-After`, in milliseconds; `undefined` when it sent none. */
  readonly retryAfter: number | undefined;

  /** @internal Errors are made by the SDK; catch them, do not construct them. */
  constructor(details: ApiErrorDetails, options: UserplaneErrorOptions) {
    const note = details.note === undefined ? '' : ` (${details.note})`;
    super('api', `${details.status} ${details.code}: ${details.message}${note}`, options);
    this.status = details.status;
    this.code = details.code;
    this.defined = details.defined;
    this.data = details.data;
    this.headers = details.headers;
    this.retryAfter = details.retryAfter;
  }

  static {
    this.prototype.name = 'UserplaneApiError';
  }
}

/** 400: the server rejected the params. */
export class BadRequestError extends UserplaneApiError {}
/** 401: the API key is missing, invalid or expired. */
export class AuthenticationError extends UserplaneApiError {}
/** 403: the key is disabled, or its owner may not do this. */
export class PermissionDeniedError extends UserplaneApiError {}
/** 404: the workspace or link does not exist. */
export class NotFoundError extends UserplaneApiError {}
/** 410: the workspace, link or project was deleted. */
export class GoneError extends UserplaneApiError {}
/** 429: rate limited; `retryAfter` says how long the server asked to wait, when it said. */
export class RateLimitError extends UserplaneApiError {}
/** 5xx: the server failed. */
export class InternalServerError extends UserplaneApiError {}
/** 503: the service is unavailable; the request was not processed. */
export class ServiceUnavailableError extends InternalServerError {}

// Spelled out because minifiers rename classes, and `err.name` must survive a bundle.
for (const [ErrorClass, name] of [
  [BadRequestError, 'BadRequestError'],
  [AuthenticationError, 'AuthenticationError'],
  [PermissionDeniedError, 'PermissionDeniedError'],
  [NotFoundError, 'NotFoundError'],
  [GoneError, 'GoneError'],
  [RateLimitError, 'RateLimitError'],
  [InternalServerError, 'InternalServerError'],
  [ServiceUnavailableError, 'ServiceUnavailableError'],
] as const) {
  ErrorClass.prototype.name = name;
}
