/**
 * Turning a response that is not the documented success into its typed error: the body read
 * whatever its shape (error-body.ts), the subclass for the status, why it was not retried, and
 * whatever the server echoed of the key redacted. Only failures need this, so it is loaded on
 * the first one (see `failure` in response.ts), not with the SDK.
 */
import { redact } from './auth.js';
import { readErrorBody } from './error-body.js';
import { errorCodes } from './generated/error-codes.js';
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
} from './errors/api-error.js';
import { UserplaneResponseError } from './errors/response-error.js';
import type { UserplaneErrorOptions } from './errors/userplane-error.js';

/** Why a retryable failure was not retried, said in the error's message. */
export type NotRetried = 'exhausted' | 'retry-after-too-long' | 'spent' | undefined;

/** Why a 2xx is not the success the spec declares. */
export type BadSuccess = 'empty' | 'not-json' | 'unchecked' | string[];

/** The codes the spec declares for the call's operation at this status. */
const declared = ({ operationId = '' }: UserplaneErrorOptions, status: number): readonly string[] | undefined =>
  Object.hasOwn(errorCodes, operationId) ? errorCodes[operationId]?.[status] : undefined;

const BY_STATUS: Partial<Record<number, typeof UserplaneApiError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  410: GoneError,
  429: RateLimitError,
  503: ServiceUnavailableError,
};

/** The one place an HTTP error is made: picks the subclass for the status. */
export function createApiError(details: ApiErrorDetails, options: UserplaneErrorOptions): UserplaneApiError {
  const ErrorClass = BY_STATUS[details.status] ?? (details.status >= 500 ? InternalServerError : UserplaneApiError);
  return new ErrorClass(details, options);
}

/** {@link redact} for any JSON value: returns the value itself when the key is not in it. */
export function redactValue(value: unknown, apiKey: string): unknown {
  if (typeof value !== 'object' || value === null) return typeof value === 'string' ? redact(value, apiKey) : value;
  const json = JSON.stringify(value);
  return json.includes(apiKey) ? JSON.parse(redact(json, apiKey)) : value;
}

function headersOf(response: Response, apiKey: string): Record<string, string> {
  return Object.fromEntries([...response.headers].map(([name, value]) => [name, redact(value, apiKey)]));
}

function note(
  reason: NotRetried,
  attempts: number,
  retryAfter: number | undefined,
  maxRetryAfter: number,
): string | undefined {
  if (reason === 'spent') {
    return 'the daily request budget looks spent: a 429 again after a pause of a whole window; calls fail at once until the next probe';
  }
  if (reason === 'exhausted') return `gave up after ${attempts} attempts`;
  if (reason === 'retry-after-too-long') {
    return `the server asked to wait ${Math.ceil((retryAfter ?? 0) / 1000)} s, more than maxRetryAfter ${maxRetryAfter} ms: not retried`;
  }
  return undefined;
}

/**
 * The typed error for a non-2xx response — or, with none, for a call the rate limiter refuses
 * because the daily budget is spent: the 429 `RATE_LIMITED` the server would give, not sent.
 */
export function apiError(
  response: Response | undefined,
  errorBody: unknown,
  retryAfter: number | undefined,
  reason: NotRetried,
  maxRetryAfter: number,
  context: UserplaneErrorOptions,
  apiKey: string,
): UserplaneApiError {
  const why = note(reason, context.attempts ?? 0, retryAfter, maxRetryAfter);
  if (response === undefined) {
    const code = 'RATE_LIMITED';
    const defined = declared(context, 429)?.includes(code) === true;
    return createApiError(
      { status: 429, code, defined, message: 'not sent', data: undefined, headers: {}, retryAfter, note: why },
      context,
    );
  }
  const { status } = response;
  const body = readErrorBody(status, response.statusText, errorBody, declared(context, status));
  // Redirects are not followed (see client.ts); say so rather than leave a bare 3xx.
  const location = response.headers.get('location');
  const redirect = response.type === 'opaqueredirect' || (status >= 300 && status < 400);
  return createApiError(
    {
      status,
      code: body.code,
      defined: body.defined,
      message: redact(body.message, apiKey),
      data: redactValue(body.data, apiKey),
      headers: headersOf(response, apiKey),
      retryAfter,
      note: redirect ? `a redirect${location === null ? '' : ` to ${redact(location, apiKey)}`} is not followed` : why,
    },
    context,
  );
}

const BAD_SUCCESS: Record<string, string> = {
  empty: 'an empty body, where the spec declares one',
  'not-json': 'a body that is not JSON',
  unchecked: 'a body that could not be checked: the response validators failed to load',
};

/** The typed error for a 2xx whose body is not what the spec declares (it was processed: not retried). */
export function responseError(
  why: BadSuccess,
  response: Response,
  body: string,
  context: UserplaneErrorOptions,
  apiKey: string,
): UserplaneResponseError {
  const what = Array.isArray(why)
    ? `a body that does not match the spec — ${why.map((problem) => redact(problem, apiKey)).join('; ')}`
    : (BAD_SUCCESS[why] ?? why);
  return new UserplaneResponseError(
    `${response.status} with ${what}`,
    { status: response.status, headers: headersOf(response, apiKey), body: redact(body, apiKey) },
    context,
  );
}
