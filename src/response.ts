/**
 * Reading a response: a 2xx becomes the parsed body the spec declares; anything else becomes
 * the typed error for its status. Whatever the server echoed of the key is redacted.
 */
import { redact, redactValue } from './auth.js';
import type { OperationDefinition } from './call.js';
import { readErrorBody } from './error-body.js';
import { createApiError, type UserplaneApiError } from './errors/api-error.js';
import { UserplaneResponseError } from './errors/response-error.js';
import type { UserplaneErrorOptions } from './errors/userplane-error.js';
import { lazy } from './lazy.js';

function headersOf(response: Response, apiKey: string): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = redact(value, apiKey);
  });
  return headers;
}

/** The typed error for a non-2xx response. */
export function apiError(
  operation: OperationDefinition,
  response: Response,
  errorBody: unknown,
  retryAfter: number | undefined,
  note: string | undefined,
  context: UserplaneErrorOptions,
  apiKey: string,
): UserplaneApiError {
  const body = readErrorBody(response.status, response.statusText, errorBody, operation.errors[response.status]);
  // Redirects are not followed (see client.ts); say so rather than leave a bare 3xx.
  const redirected = response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
  const location = response.headers.get('location');
  return createApiError(
    {
      status: response.status,
      code: body.code,
      defined: body.defined,
      message: redact(body.message, apiKey),
      data: redactValue(body.data, apiKey),
      headers: headersOf(response, apiKey),
      retryAfter,
      note: redirected
        ? `a redirect${location === null ? '' : ` to ${redact(location, apiKey)}`} is not followed`
        : note,
    },
    context,
  );
}

/** The response validators, loaded on first use of `validateResponses`. */
const responseValidation = lazy(() => import('./response-validation.js'));

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
  // A status declared without content (204), or any 2xx of an operation that declares no body.
  if (operation.successes[response.status] === false || !Object.values(operation.successes).includes(true)) {
    return undefined;
  }
  const body = typeof text === 'string' ? text : '';
  const fail = (why: string, cause?: unknown): UserplaneResponseError =>
    new UserplaneResponseError(
      `${response.status} with ${why}`,
      { status: response.status, headers: headersOf(response, apiKey), body: redact(body, apiKey) },
      { ...context, cause },
    );
  // A regex test finds the first non-space character without copying the body (trim() would).
  if (!/\S/.test(body)) throw fail('an empty body, where the spec declares one');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (cause) {
    throw fail('a body that is not JSON', cause);
  }
  if (validate) {
    let problems: string[] | undefined;
    try {
      problems = (await responseValidation()).responseProblems(operationId, response.status, data);
    } catch (cause) {
      // The work is done (a 2xx); only the check could not run: say so, typed.
      throw fail('a body that could not be checked: the response validators failed to load', cause);
    }
    if (problems !== undefined) {
      throw fail(`a body that does not match the spec — ${problems.map((p) => redact(p, apiKey)).join('; ')}`);
    }
  }
  return data;
}
