/**
 * Reading a response, and the failures of a call: a 2xx becomes the parsed body the spec
 * declares; anything else becomes its typed error, written by failure.ts — loaded with the first
 * failure, so that a bundle's first load carries the success path only. This is the one place
 * that builds an error when that chunk cannot load (a browser offline, a broken install): still
 * the right class and kind, with the status and headers it has, saying why the details are missing.
 */
import type { OperationDefinition } from './call.js';
import { UserplaneApiError } from './errors/api-error.js';
import { UserplaneResponseError } from './errors/response-error.js';
import type { UserplaneError, UserplaneErrorOptions } from './errors/userplane-error.js';
import { UserplaneValidationError } from './errors/validation-error.js';
import type { BadSuccess, NotRetried, Received } from './failure.js';
import { lazy } from './lazy.js';
import type { InvalidParams } from './params.js';

const failures = lazy(() => import('./failure.js'));
type Chunk = Awaited<ReturnType<typeof failures>>;
const responseValidation = lazy(() => import('./response-validation.js'));

const UNREAD = 'the details could not be read: a chunk of this package failed to load';

/** Built by the chunk, or by `fallback` (given why) when it cannot load — or, a defect, throws. */
async function written<T>(build: (chunk: Chunk) => T, fallback: (cause: unknown) => T): Promise<T> {
  try {
    return build(await failures());
  } catch (cause) {
    return fallback(cause);
  }
}

/** The typed error for a non-2xx response (or, with none, for a call refused as over the daily budget). */
export const apiError = (
  received: Received | undefined,
  retryAfter: number | undefined,
  reason: NotRetried,
  maxRetryAfter: number,
  context: UserplaneErrorOptions,
  apiKey: string,
): Promise<UserplaneApiError> =>
  written(
    (chunk) => chunk.apiError(received, retryAfter, reason, maxRetryAfter, context, apiKey),
    (cause) => {
      // Kind `api` with the status; not its subclass, nor the headers: only the chunk has their table and can redact them.
      const status = received?.response.status ?? 429;
      const details = { status, code: `HTTP_${status}`, defined: false, message: UNREAD, data: undefined };
      return new UserplaneApiError({ ...details, headers: {}, retryAfter }, { ...context, cause });
    },
  );

/** The typed error for a 2xx whose body is not the success the spec declares (it was processed: never retried). */
export const responseError = (
  why: BadSuccess,
  response: Response,
  body: string,
  context: UserplaneErrorOptions,
  apiKey: string,
  cap?: number,
): Promise<UserplaneResponseError> =>
  written(
    (chunk) => chunk.responseError(why, response, body, context, apiKey, cap),
    (cause) =>
      new UserplaneResponseError(
        `${response.status}: ${UNREAD}`,
        { status: response.status, headers: {}, body: '' },
        {
          ...context,
          cause,
        },
      ),
  );

/** The validation error for params that cannot be sent, every problem listed. */
export const validationError = (
  invalid: InvalidParams,
  operationId: string,
  apiKey: string,
): Promise<UserplaneValidationError> =>
  written(
    (chunk) => chunk.validationError(invalid, operationId, apiKey),
    (cause) => new UserplaneValidationError([{ path: '', message: UNREAD }], { operationId, cause }),
  );

/** `error` with its cause made safe to show (it may quote the key); without it, if that cannot be done. */
export const safely = <E extends UserplaneError>(error: E, apiKey: string): Promise<E> =>
  written(
    (chunk) => chunk.withSafeCause(error, apiKey),
    (cause) => {
      error.cause = cause;
      return error;
    },
  );

/** The success body the spec declares for this 2xx, parsed (and checked, with `validateResponses`). */
export async function successBody(
  operationId: string,
  operation: OperationDefinition,
  body: string,
  response: Response,
  context: UserplaneErrorOptions,
  apiKey: string,
  validate: boolean,
): Promise<unknown> {
  const { status } = response;
  // A status declared without content (204), or any 2xx of an operation that declares no body.
  const { empty } = operation;
  if (empty === true || empty?.includes(status)) return undefined;
  // A regex test finds the first non-space character without copying the body (trim() would).
  if (!/\S/.test(body)) throw await responseError('empty', response, body, context, apiKey);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (cause) {
    throw await responseError('not-json', response, body, { ...context, cause }, apiKey);
  }
  if (validate) {
    let problems: string[] | undefined;
    try {
      problems = (await responseValidation()).responseProblems(operationId, status, data);
    } catch (cause) {
      // The work is done (a 2xx); only the check could not run: say so, typed.
      throw await responseError('unchecked', response, body, { ...context, cause }, apiKey);
    }
    if (problems) throw await responseError(problems, response, body, context, apiKey);
  }
  return data;
}
