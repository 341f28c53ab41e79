/**
 * Reading a response: a 2xx becomes the parsed body the spec declares; anything else becomes
 * its typed error, built by error-response.ts — loaded on the first failure, so that a bundle
 * carries the success path only. Should that chunk fail to load (a browser offline, a broken
 * install), the error is still of the right kind, with the status and the reason.
 */
import type { OperationDefinition } from './call.js';
import { UserplaneApiError } from './errors/api-error.js';
import { UserplaneResponseError } from './errors/response-error.js';
import type { UserplaneErrorOptions } from './errors/userplane-error.js';
import { lazy } from './lazy.js';
import type { apiError as readApiError, BadSuccess } from './error-response.js';

const errorResponse = lazy(() => import('./error-response.js'));
const responseValidation = lazy(() => import('./response-validation.js'));

const UNREAD = 'the details could not be read: a chunk of this package failed to load';

/** The typed error for a non-2xx response (or, with none, for a call refused as over the daily budget). */
export async function apiError(...args: Parameters<typeof readApiError>): Promise<UserplaneApiError> {
  try {
    return (await errorResponse()).apiError(...args);
  } catch (cause) {
    const [response, , retryAfter, , , context] = args;
    const status = response?.status ?? 429;
    const details = {
      status,
      code: `HTTP_${status}`,
      defined: false,
      message: UNREAD,
      data: undefined,
      headers: {},
      retryAfter,
    };
    return new UserplaneApiError(details, { ...context, cause });
  }
}

async function responseError(
  why: BadSuccess,
  response: Response,
  body: string,
  context: UserplaneErrorOptions,
  apiKey: string,
  cause?: unknown,
): Promise<UserplaneResponseError> {
  const withCause = { ...context, cause };
  try {
    return (await errorResponse()).responseError(why, response, body, withCause, apiKey);
  } catch (failure) {
    return new UserplaneResponseError(
      `${response.status}: ${UNREAD}`,
      { status: response.status, headers: {}, body: '' },
      { ...context, cause: failure },
    );
  }
}

/** The success body the spec declares for this 2xx, parsed (and checked, with `validateResponses`). */
export async function successBody(
  operationId: string,
  operation: OperationDefinition,
  text: unknown,
  response: Response,
  context: UserplaneErrorOptions,
  apiKey: string,
  validate: boolean,
): Promise<unknown> {
  const { status } = response;
  // A status declared without content (204), or any 2xx of an operation that declares no body.
  const { empty } = operation;
  if (empty === true || empty?.includes(status)) return undefined;
  const body = typeof text === 'string' ? text : '';
  // A regex test finds the first non-space character without copying the body (trim() would).
  if (!/\S/.test(body)) throw await responseError('empty', response, body, context, apiKey);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (cause) {
    throw await responseError('not-json', response, body, context, apiKey, cause);
  }
  if (validate) {
    let problems: string[] | undefined;
    try {
      problems = (await responseValidation()).responseProblems(operationId, status, data);
    } catch (cause) {
      // The work is done (a 2xx); only the check could not run: say so, typed.
      throw await responseError('unchecked', response, body, context, apiKey, cause);
    }
    if (problems) throw await responseError(problems, response, body, context, apiKey);
  }
  return data;
}
