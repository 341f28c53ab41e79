/**
 * The success body the spec declares for a 2xx: parsed, and checked with `validateResponses`
 * (its validators load on first use, so a bundle that never turns it on does not carry them).
 * A 2xx whose body is not what the spec declares was still processed: its error says so.
 */
import { responseError } from '../errors/failures.js';
import type { UserplaneErrorOptions } from '../errors/userplane-error.js';
import { lazy } from '../shared/lazy.js';
import type { OperationDefinition } from './operation.js';

const responseValidation = lazy(() => import('./response-validation.js'));

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
