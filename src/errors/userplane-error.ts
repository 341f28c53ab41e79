/**
 * Marks every error this package creates. `Symbol.for` is shared across realms and across
 * copies of the package, so `isUserplaneError` recognises an error made by another installed
 * version where `instanceof` would not.
 */
export const USERPLANE_ERROR = Symbol.for('userplane.error');

/** What went wrong, in one word. Every `UserplaneError` has exactly one kind. */
export type UserplaneErrorKind =
  /** The API answered with a non-2xx status. {@link UserplaneApiError} */
  | 'api'
  /** The request never got a response: DNS, refused or reset connection, TLS. {@link UserplaneConnectionError} */
  | 'connection'
  /** An attempt took longer than `timeout`. {@link UserplaneTimeoutError} */
  | 'timeout'
  /** The caller's `AbortSignal` fired. {@link UserplaneAbortError} */
  | 'abort'
  /** The params failed validation; nothing was sent. {@link UserplaneValidationError} */
  | 'validation'
  /** The client is misconfigured (no API key, bad `baseUrl`, …); nothing was sent. {@link UserplaneConfigError} */
  | 'config'
  /** A 2xx response whose body is not what the spec declares. {@link UserplaneResponseError} */
  | 'response'
  /** No turn under the client's rate limit came within `maxWait`; nothing was sent. {@link UserplanePacingError} */
  | 'pacing';

/** What every error carries besides its message: the cause, the operation and the attempts made. */
export interface UserplaneErrorOptions {
  /** The underlying error, chained as the standard `cause`. */
  cause?: unknown;
  /** The operation being called, e.g. `links.create`. */
  operationId?: string | undefined;
  /** How many HTTP attempts were made (0 when nothing was sent). */
  attempts?: number | undefined;
  /** The page a paged list call was fetching. */
  page?: number | undefined;
}

/**
 * Base class of every error thrown by the SDK. Narrow with `err.kind`, `instanceof` on a
 * subclass, or {@link isUserplaneError} (which also works across package copies).
 */
export class UserplaneError extends Error {
  declare readonly [USERPLANE_ERROR]: true;
  /** What went wrong; see {@link UserplaneErrorKind}. */
  readonly kind: UserplaneErrorKind;
  /** The operation being called, e.g. `links.create`, when the error comes from a call. */
  readonly operationId: string | undefined;
  /** HTTP attempts made before this error (0 when nothing was sent). */
  readonly attempts: number;
  /** For a paged list, the page being fetched when the error happened (`for await` loops). */
  readonly page: number | undefined;

  /**
   * @internal Errors are made by the SDK; catch them, do not construct them. The message is
   * prefixed with the operation (and page), when there is one: `links.list (page 2): …`.
   */
  constructor(kind: UserplaneErrorKind, message: string, options: UserplaneErrorOptions = {}) {
    const { operationId, page } = options;
    const where = operationId === undefined ? '' : `${operationId}${page === undefined ? '' : ` (page ${page})`}: `;
    super(where + message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.operationId = operationId;
    this.attempts = options.attempts ?? 0;
    this.page = page;
  }

  /**
   * What `JSON.stringify(err)` keeps: the name and the message, then the fields — structured
   * loggers serialize errors that way, and an error's own fields alone would not say what it is.
   */
  toJSON(): { name: string; message: string } {
    return Object.assign({ name: this.name, message: this.message }, this);
  }

  static {
    this.prototype.name = 'UserplaneError';
    // On the prototype, not the instance: a brand, not data, so it stays out of JSON and inspect.
    Object.defineProperty(this.prototype, USERPLANE_ERROR, { value: true });
  }
}
