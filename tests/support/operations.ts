/**
 * Operations for tests that need "an operation of some shape", never a named one: the first
 * operation of the spec (by operationId) that has the shape. On today's spec `nonIdempotent` is
 * links.create; on any spec the pull brings it is still a POST with a body, or the test says
 * which shape it could not find. Nothing here (or in a test using it) knows which operations
 * exist, so a pull that adds, renames or drops operations cannot break a test by name.
 */
import type { OperationModel } from '../../scripts/generate/model.js';
import type { OperationId, RequestOptions, Userplane } from '../../src/index.js';
import { modelOf, operationIds, sampleBody, sampleParams } from './fixtures.js';

export type AnyMethod = ((params?: unknown, options?: RequestOptions) => Promise<unknown>) & {
  withResponse(params?: unknown, options?: RequestOptions): Promise<{ data: unknown; response: Response }>;
};

/** `links.create` → `userplane.links.create`, walked generically. */
export function methodFor(userplane: Userplane, operationId: OperationId): AnyMethod {
  let node: unknown = userplane;
  for (const segment of operationId.split('.')) node = (node as Record<string, unknown>)[segment];
  if (typeof node !== 'function') throw new Error(`userplane.${operationId} is not a method`);
  return node as AnyMethod;
}

export interface PickedOperation {
  readonly id: OperationId;
  readonly model: OperationModel;
  /** Valid params drawn from the spec (the same on every run). */
  params(): Record<string, unknown>;
  /** A valid body of its first 2xx with content (or of `status`). */
  body(status?: number): Record<string, unknown>;
  /** `userplane.<id>(params = this.params(), options)`. */
  call(userplane: Userplane, params?: unknown, options?: RequestOptions): Promise<unknown>;
  withResponse(
    userplane: Userplane,
    params?: unknown,
    options?: RequestOptions,
  ): Promise<{ data: unknown; response: Response }>;
  /** A code the spec declares at `status` (the first), or `undefined`. */
  code(status: number): string | undefined;
  /** The path parameter names, in template order. */
  readonly pathParams: string[];
}

function picked(id: OperationId): PickedOperation {
  const model = modelOf(id);
  return {
    id,
    model,
    params: () => sampleParams(id),
    body: (status) => sampleBody(id, status),
    call: (userplane, params = sampleParams(id), options) => methodFor(userplane, id)(params, options),
    withResponse: (userplane, params = sampleParams(id), options) =>
      methodFor(userplane, id).withResponse(params, options),
    code: (status) => model.errors[String(status)]?.[0],
    pathParams: [...model.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? ''),
  };
}

/** The first operation with the shape, or `undefined`. */
export function findOperation(test: (model: OperationModel) => boolean): PickedOperation | undefined {
  const id = operationIds.find((operationId) => test(modelOf(operationId)));
  return id === undefined ? undefined : picked(id);
}

/** The first operation with the shape; a test that needs one fails saying which shape the spec lacks. */
export function pickOperation(shape: string, test: (model: OperationModel) => boolean): PickedOperation {
  const found = findOperation(test);
  if (found === undefined) throw new Error(`the spec has no operation that is ${shape}: this test needs one`);
  return found;
}

const jsonSuccess = (model: OperationModel): boolean => model.successes.some((s) => s.schema !== undefined);
const hasPathParams = (model: OperationModel): boolean => model.parameters.some((p) => p.in === 'path');
const idempotent = (model: OperationModel): boolean => ['get', 'put', 'delete'].includes(model.method);

/** A POST with a JSON body and a JSON success: sent at most once unless the answer was 429/503. */
export const nonIdempotent = pickOperation(
  'a POST with a body and a JSON success',
  (m) => m.method === 'post' && m.body !== undefined && jsonSuccess(m),
);
/** An idempotent operation with path parameters and a JSON success (a DELETE first, then a GET, then a PUT). */
export const idempotentOperation =
  findOperation((m) => m.method === 'delete' && hasPathParams(m) && jsonSuccess(m)) ??
  pickOperation(
    'an idempotent operation with path parameters and a JSON success',
    (m) => idempotent(m) && hasPathParams(m) && jsonSuccess(m),
  );
/** An idempotent operation with a body (a PUT): retried with the identical body. */
export const idempotentWithBody = pickOperation(
  'a PUT with a body and a JSON success',
  (m) => idempotent(m) && m.body !== undefined && jsonSuccess(m),
);

/** An operation that declares an error code at `status`, with that code. */
export function withDeclaredCode(status: number): { operation: PickedOperation; code: string } {
  const operation = pickOperation(`declaring a code at ${status}`, (m) => (m.errors[String(status)] ?? []).length > 0);
  return { operation, code: operation.code(status) ?? '' };
}

/** A top-level field of an operation's params: a path or query parameter, or a body field. */
export interface PickedField {
  operation: PickedOperation;
  name: string;
  in: 'path' | 'query' | 'body';
  schema: Record<string, unknown>;
  required: boolean;
}

function fieldsOf(model: OperationModel): Omit<PickedField, 'operation'>[] {
  const body = model.body;
  const properties = (body?.schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const required = (body?.schema['required'] ?? []) as string[];
  return [
    ...model.parameters.map((p) => ({
      name: p.name,
      in: p.in,
      schema: p.schema,
      required: p.required && !p.hasDefault,
    })),
    ...Object.entries(properties).map(([name, schema]) => ({
      name,
      in: 'body' as const,
      schema,
      required: required.includes(name) && !('default' in schema),
    })),
  ];
}

/** The first field (of the first operation that has one) of the shape; fails naming the shape. */
export function pickField(
  shape: string,
  test: (field: Omit<PickedField, 'operation'>, model: OperationModel) => boolean,
): PickedField {
  for (const id of operationIds) {
    const model = modelOf(id);
    const field = fieldsOf(model).find((f) => test(f, model));
    if (field !== undefined) return { ...field, operation: picked(id) };
  }
  throw new Error(`the spec has no field that is ${shape}: this test needs one`);
}
