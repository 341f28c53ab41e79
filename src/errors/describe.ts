/**
 * Writing a failure up as its typed error: a response that is not the documented success (the
 * body read whatever its shape, error-body.ts; the subclass for the status; why it was not
 * retried), params the validators refused (every problem listed), and the causes a runtime or a
 * parser throws. Everything from the server or the caller is redacted (src/redact.ts) before it
 * is kept or cut. Only failures need this, so it loads with the first one (response.ts), not
 * with the SDK.
 */
import { readErrorBody } from './error-body.js';
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
import { UserplaneResponseError } from './response-error.js';
import type { UserplaneErrorOptions } from './userplane-error.js';
import { safeParse } from 'valibot';
import { UserplaneValidationError, type ValidationIssue } from './validation-error.js';
import type { UserplaneError } from './userplane-error.js';
import { isRecord } from '../shared/is-record.js';
import type { InvalidParams } from '../request/params.js';
import { redactor, safeCause, type Redact } from './redact.js';

/** A response and its body as read (src/read-body.ts). */
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
 * `Retry-After`).
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

/** The one place an HTTP error is made: the subclass for its status (any 5xx: InternalServerError). */
export function createApiError(details: ApiErrorDetails, options: UserplaneErrorOptions): UserplaneApiError {
  const ErrorClass = BY_STATUS[details.status] ?? (details.status >= 500 ? InternalServerError : UserplaneApiError);
  return new ErrorClass(details, options);
}

/** The codes the spec declares for the call's operation at this status. */
const declared = ({ operationId = '' }: UserplaneErrorOptions, status: number): readonly string[] | undefined =>
  Object.hasOwn(errorCodes, operationId) ? errorCodes[operationId]?.[status] : undefined;

function headersOf(response: Response, redact: Redact): Record<string, string> {
  return Object.fromEntries([...response.headers].map(([name, value]) => [redact(name), redact(value)]));
}

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
    return `the server asked to wait ${seconds(retryAfter)}, more than maxRetryAfter ${maxRetryAfter} ms: not retried`;
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
  apiKey: string,
): UserplaneApiError {
  const redact = redactor(apiKey);
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
  const body = readErrorBody(status, response.statusText, text, declared(context, status), redact);
  const read =
    cut === 'cap'
      ? ` (the body is larger than maxResponseBytes, ${cap} B: read no further)`
      : cut === 'unreadable'
        ? ' (the body could not be decoded)'
        : '';
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
      headers: headersOf(response, redact),
      retryAfter,
      note: redirect ? `a redirect${location === null ? '' : ` to ${redact(location)}`} is not followed` : why,
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

/**
 * The typed error for a 2xx whose body is not what the spec declares. The server processed the
 * request, so it is never retried: the message says so.
 */
export function responseError(
  why: BadSuccess,
  response: Response,
  body: string,
  context: UserplaneErrorOptions,
  apiKey: string,
  cap?: number,
): UserplaneResponseError {
  const redact = redactor(apiKey);
  const what = Array.isArray(why)
    ? `a body that does not match the spec — ${why.map(redact).join('; ')}`
    : why === 'cap'
      ? `a body larger than maxResponseBytes (${String(cap)} B), read no further`
      : (BAD_SUCCESS[why] ?? why);
  return new UserplaneResponseError(
    `${response.status} with ${what}; the request was processed, so it is not retried`,
    { status: response.status, headers: headersOf(response, redact), body: redact(body) },
    { ...context, cause: safeCause(context.cause, redact) },
  );
}

/** `value` without the key at `path` (each object on the way copied), or `value` itself if there is none. */
function without(value: unknown, path: readonly unknown[]): unknown {
  const [key, ...rest] = path;
  if (!isRecord(value) || !Object.hasOwn(value, String(key))) return value;
  const inner = rest.length > 0 ? without(value[String(key)], rest) : undefined;
  if (rest.length > 0 && inner === value[String(key)]) return value;
  const copy = Object.fromEntries(Object.entries(value).filter(([name]) => name !== String(key)));
  if (rest.length > 0) Object.defineProperty(copy, String(key), { value: inner, enumerable: true, writable: true });
  return copy;
}

/**
 * The problems of a part the validators refused, each with its field path. Messages are the
 * SDK's own for a missing or an unknown field, the validator's otherwise (cut to 200 characters).
 * A closed object reports one unknown key (expecting `never`) per run: it is left out and the
 * part checked again, so that every unknown key is listed.
 */
function describe(part: InvalidParams['refused'][number], redact: Redact): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  let { input } = part;
  let result = safeParse(part.schema, input);
  for (let unknown = result.issues?.find((i) => i.expected === 'never'); unknown;) {
    const keys = unknown.path?.map((item) => item.key) ?? [];
    issues.push({ path: keys.join('.'), message: 'is not a known field' });
    const rest = without(input, keys);
    if (rest === input) break;
    input = rest;
    result = safeParse(part.schema, input);
    unknown = result.issues?.find((i) => i.expected === 'never');
  }
  for (const issue of result.issues ?? []) {
    if (issue.expected === 'never') continue;
    // Redacted before the cut: a validator's message may quote the value (a key in the wrong field).
    const message = issue.received === 'undefined' ? 'is required' : redact(issue.message);
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    issues.push({ path, message: message.length > 200 ? `${message.slice(0, 200)}…` : message });
  }
  return issues;
}

/** The validation error for params that cannot be sent: every problem, paths and messages redacted. */
export function validationError(invalid: InvalidParams, operationId: string, apiKey: string): UserplaneValidationError {
  const redact = redactor(apiKey);
  const issues = [...invalid.issues, ...invalid.refused.flatMap((part) => describe(part, redact))].map(
    ({ path, message }) => ({ path: redact(path), message: redact(message) }),
  );
  return new UserplaneValidationError(issues, { operationId, cause: safeCause(invalid.cause, redact) });
}

/**
 * An error the call path made at once (its message is the SDK's own), with its cause made safe:
 * replaced by a redacted copy (src/redact.ts) where it quotes the key — a runtime's error may
 * quote what the server sent.
 */
export function withSafeCause<E extends UserplaneError>(error: E, apiKey: string): E {
  error.cause = safeCause(error.cause, redactor(apiKey));
  return error;
}
