/**
 * The success body the spec declares for a 2xx: parsed, and checked with `validateResponses`.
 * A 2xx whose body is not what the spec declares was still processed: its error says so.
 */
import { responseError } from '../errors/describe.js';
import type { UserplaneErrorOptions } from '../errors/userplane-error.js';
import type { OperationDefinition } from './operation.js';
import type * as ResponseValidationModule from './response-validation.js';

type ResponseValidation = typeof ResponseValidationModule;

/**
 * The response validators: a whole optional feature, so the one module the SDK loads on demand —
 * on the first check, never on a call without `validateResponses`. A failed load is not kept: the
 * next check tries again.
 */
let validation: Promise<ResponseValidation> | undefined;
const loadValidation = (): Promise<ResponseValidation> =>
  (validation ??= import('./response-validation.js').catch((cause: unknown) => {
    validation = undefined;
    throw cause;
  }));

export async function successBody(
  operationId: string,
  operation: OperationDefinition,
  body: string,
  response: Response,
  context: UserplaneErrorOptions,
  validate: boolean,
): Promise<unknown> {
  const { status } = response;
  // A status declared without content (204), or any 2xx of an operation that declares no body.
  const { empty } = operation;
  if (empty === true || empty?.includes(status)) return undefined;
  // A regex test finds the first non-space character without copying the body (trim() would).
  if (!/\S/.test(body)) throw responseError('empty', response, body, context);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (cause) {
    throw responseError('not-json', response, body, { ...context, cause });
  }
  if (validate) {
    let problems: string[] | undefined;
    try {
      problems = (await loadValidation()).responseProblems(operationId, status, data);
    } catch (cause) {
      // The work is done (a 2xx); only the check could not run: say so, typed.
      throw responseError('unchecked', response, body, { ...context, cause });
    }
    if (problems) throw responseError(problems, response, body, context);
  }
  return data;
}
