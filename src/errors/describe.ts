/**
 * Writing a failed call up as its typed error: a response that is not the documented success
 * (the body read whatever its shape, error-body.ts; the subclass for the status; why it was not
 * retried), and a 2xx whose body is not what the spec declares. The one place these are made;
 * the key is redacted from them at the end of the call (redact.ts).
 */
import { errorCodes } from '../generated/error-codes.js';
import {
  AuthenticationError,
  BadRequestError,
  GoneError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  UserplaneApiError,
  type ApiErrorDetails,
} from './api-error.js';
import { readErrorBody } from './error-body.js';
import { UserplaneResponseError } from './response-error.js';
import type { UserplaneErrorOptions } from './userplane-error.js';

/** A response and its body as read (src/request/read-body.ts). */
export interface Received {
  response: Response;
  text: string;
  /** Why `text` is not the whole body. */
  cut: 'cap' | 'unreadable' | undefined;
  /** The call's `maxResponseBytes`. */
  cap: number;
}

/**
 * Why a retryable failure was not retried, said in the error's message: the attempts ran out,
 * the server's `Retry-After` is beyond `maxRetryAfter`, or the daily budget is spent (`spent`;
 * as the store says why: `repeated`, a 429 after a whole window's pause; `retry-after`, such a
 * `Retry-After`). `undefined`: the failure is not one that is retried.
 */
export type NotRetried = 'exhausted' | 'retry-after-too-long' | 'spent' | 'retry-after' | 'repeated' | undefined;

/** Why a 2xx is not the success the spec declares. */
export type BadSuccess = 'empty' | 'not-json' | 'unchecked' | 'cap' | 'unreadable' | string[];

const BY_STATUS: Partial<Record<number, typeof UserplaneApiError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  410: GoneError,
  429: RateLimitError,
  503: ServiceUnavailableError,
};

/** An HTTP error of the subclass for its status (any other 5xx: InternalServerError). */
function createApiError(details: ApiErrorDetails, options: UserplaneErrorOptions): UserplaneApiError {
  const ErrorClass = BY_STATUS[details.status] ?? (details.status >= 500 ? InternalServerError : UserplaneApiError);
  return new ErrorClass(details, options);
}

/** The codes the spec declares for the call's operation at this status. */
const declared = ({ operationId = '' }: UserplaneErrorOptions, status: number): readonly string[] | undefined =>
  Object.hasOwn(errorCodes, operationId) ? errorCodes[operationId]?.[status] : undefined;

const headersOf = (response: Response): Record<string, string> => Object.fromEntries(response.headers);

const seconds = (ms: number | undefined): string => `${Math.ceil((ms ?? 0) / 1000)} s`;

function note(
  reason: NotRetried,
  attempts: number,
  retryAfter: number | undefined,
  maxRetryAfter: number,
): string | undefined {
  const until = retryAfter === undefined ? 'until the next probe' : `for ${seconds(retryAfter)}`;
  if (reason === 'retry-after' || (reason === 'spent' && (retryAfter ?? 0) > maxRetryAfter)) {
    return `the server asked to wait longer than maxRetryAfter ${maxRetryAfter} ms (Retry-After): the budget is spent, calls fail at once ${until}`;
  }
  if (reason === 'spent' || reason === 'repeated') {
    return `the daily request budget looks spent: a 429 again after a pause of a whole window; calls fail at once ${until}`;
  }
  if (reason === 'exhausted') return `gave up after ${attempts} attempts`;
  if (reason === 'retry-after-too-long') {
    return `the server asked to wait ${seconds(retryAfter)}, longer than maxRetryAfter ${maxRetryAfter} ms: not retried`;
  }
  return undefined;
}

/**
 * The typed error for a non-2xx response — or, with none, for a call the rate limiter refuses
 * because the daily budget is spent: the 429 `RATE_LIMITED` the server would give, not sent.
 */
export function apiError(
  received: Received | undefined,
  retryAfter: number | undefined,
  reason: NotRetried,
  maxRetryAfter: number,
  context: UserplaneErrorOptions,
): UserplaneApiError {
  const why = note(reason, context.attempts ?? 0, retryAfter, maxRetryAfter);
  if (received === undefined) {
    const code = 'RATE_LIMITED';
    const defined = declared(context, 429)?.includes(code) === true;
    return createApiError(
      { status: 429, code, defined, message: 'not sent', data: undefined, headers: {}, retryAfter, note: why },
      context,
    );
  }
  const { response, text, cut, cap } = received;
  const { status } = response;
  const body = readErrorBody(status, response.statusText, text, declared(context, status));
  const read = cut === undefined ? '' : ` (${badBody(cut, cap)})`;
  // Redirects are not followed (see client.ts); say so rather than leave a bare 3xx.
  const location = response.headers.get('location');
  const redirect = response.type === 'opaqueredirect' || (status >= 300 && status < 400);
  return createApiError(
    {
      status,
      code: body.code,
      defined: body.defined,
      message: body.message + read,
      data: body.data,
      headers: headersOf(response),
      retryAfter,
      note: redirect ? `a redirect${location === null ? '' : ` to ${location}`} is not followed` : why,
    },
    context,
  );
}

const BAD_SUCCESS: Record<string, string> = {
  empty: 'an empty body, where the spec declares one',
  'not-json': 'a body that is not JSON',
  unchecked: 'a body that could not be checked: the response validators failed to load',
  unreadable: 'a body that could not be decoded (its Content-Encoding)',
};

/** What is wrong with a body (of an answer, or of a 2xx): the same words for both. */
const badBody = (why: string, cap: number | undefined): string =>
  why === 'cap' ? `a body larger than maxResponseBytes (${String(cap)} B), read no further` : (BAD_SUCCESS[why] ?? why);

/**
 * The typed error for a 2xx whose body is not what the spec declares. The server processed the
 * request, so it is never retried: the message says so.
 */
export function responseError(
  why: BadSuccess,
  response: Response,
  body: string,
  context: UserplaneErrorOptions,
  cap?: number,
): UserplaneResponseError {
  const what = Array.isArray(why) ? `a body that does not match the spec — ${why.join('; ')}` : badBody(why, cap);
  return new UserplaneResponseError(
    `${response.status} with ${what}; the request was processed, so it is not retried`,
    { status: response.status, headers: headersOf(response), body },
    context,
  );
}
