import { safeParse, type GenericSchema } from 'valibot';
import { responseValidators } from '../generated/response-validators.js';

const byOperation: Readonly<Record<string, Readonly<Record<number, GenericSchema>>>> = responseValidators;

/**
 * Checks a parsed success body against the spec's schema for the operation and status. Imported
 * on first use of `validateResponses` only (see call.ts), so the schemas stay out of the main
 * bundle. Returns up to five problems, each with its path, or `undefined` when the body matches.
 */
export function responseProblems(operationId: string, status: number, body: unknown): string[] | undefined {
  const schemas = Object.hasOwn(byOperation, operationId) ? byOperation[operationId] : undefined;
  const schema = schemas !== undefined && Object.hasOwn(schemas, status) ? schemas[status] : undefined;
  if (schema === undefined) return undefined;
  const result = safeParse(schema, body);
  if (result.success) return undefined;
  return result.issues
    .slice(0, 5)
    .map((issue) => `${issue.path?.map((item) => String(item.key)).join('.') ?? '(body)'}: ${issue.message}`);
}
