/**
 * Types derived from the generated code: params, results and errors of every operation.
 * Nothing here names an operation; a new one in the spec gets its types from these.
 */
import type { UserplaneApiError } from './errors/api-error.js';
import type { OperationTypes } from './generated/operations.js';
import type { operations as SchemaOperations } from './generated/schema.js';
import type { RequestOptions } from './options.js';

/** Every operationId in the spec, e.g. `'links.create'`. */
export type OperationId = Extract<keyof OperationTypes, keyof SchemaOperations>;

type Empty = Record<never, never>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type ObjectOrEmpty<T> = [T] extends [never] ? Empty : T extends object ? T : Empty;

type PathParams<Id extends OperationId> = ObjectOrEmpty<NonNullable<SchemaOperations[Id]['parameters']['path']>>;
type QueryParams<Id extends OperationId> = ObjectOrEmpty<NonNullable<SchemaOperations[Id]['parameters']['query']>>;

type JsonBody<Id extends OperationId> = SchemaOperations[Id] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : SchemaOperations[Id] extends { requestBody?: { content: { 'application/json': infer Body } } }
    ? Partial<Body>
    : Empty;

/** Body fields the spec gives a default: optional to pass, filled in by the SDK. */
type WithDefaults<Body, Keys extends PropertyKey> = Omit<Body, Keys> & Partial<Pick<Body, Keys & keyof Body>>;

/**
 * One flat params object per call: path parameters, query parameters and body fields together.
 * Body fields with a spec default (`linkReusable`) are optional.
 *
 * @example
 * ```ts
 * const params: OperationParams<'links.create'> = { workspaceId: 'ws_1', domainId: 'dom_1' };
 * ```
 */
export type OperationParams<Id extends OperationId> = Simplify<
  PathParams<Id> & QueryParams<Id> & WithDefaults<JsonBody<Id>, OperationTypes[Id]['bodyDefaults']>
>;

/** The success body the spec declares for an operation. */
export type OperationResult<Id extends OperationId> =
  SchemaOperations[Id]['responses'][OperationTypes[Id]['successStatus']] extends {
    content: { 'application/json': infer Result };
  }
    ? Result
    : undefined;

type ErrorTable<Id extends OperationId> = OperationTypes[Id]['errors'];

/** The errors the spec declares for an operation: one member per (status, code). */
export type DeclaredError<Id extends OperationId> = {
  [Status in keyof ErrorTable<Id>]: ErrorTable<Id>[Status] extends infer Code
    ? Code extends string
      ? { readonly defined: true; readonly status: Status; readonly code: Code }
      : never
    : never;
}[keyof ErrorTable<Id>];

/** Every error code the spec declares for an operation, e.g. `'LINK_NOT_FOUND' | 'LINK_GONE' | …`. */
export type OperationErrorCode<Id extends OperationId> = DeclaredError<Id>['code'];

/** An error the spec does not declare for the operation: a proxy's 502, a new code, an empty body. */
export interface UndeclaredError {
  readonly defined: false;
  readonly status: number;
  readonly code: string;
}

/**
 * An HTTP error from one operation, as `isUserplaneError(err, operationId)` narrows it:
 * when `defined` is true, `code` and `status` are one of the pairs the spec declares.
 */
export type OperationError<Id extends OperationId> = UserplaneApiError & { readonly operationId: Id } & (
    DeclaredError<Id> | UndeclaredError
  );

type MethodArgs<Id extends OperationId> =
  {} extends OperationParams<Id>
    ? [params?: OperationParams<Id>, options?: RequestOptions]
    : [params: OperationParams<Id>, options?: RequestOptions];

/** What `.withResponse()` resolves to: the parsed body and the HTTP response (body already read). */
export interface WithResponse<Data> {
  readonly data: Data;
  readonly response: Response;
}

/** An operation as a method: `userplane.links.create(params, options?)`. */
export interface OperationMethod<Id extends OperationId> {
  (...args: MethodArgs<Id>): Promise<OperationResult<Id>>;
  /** The same call, resolving to the parsed body and the HTTP response (status, headers). */
  withResponse(...args: MethodArgs<Id>): Promise<WithResponse<OperationResult<Id>>>;
}

type Nest<Path extends string, Id extends OperationId> = Path extends `${infer Head}.${infer Rest}`
  ? { readonly [K in Head]: Nest<Rest, Id> }
  : { readonly [K in Path]: OperationMethod<Id> };

type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (arg: infer I) => void ? I : never;

// Flattens the intersection into plain nested objects for readable hovers; methods stay as they are.
type DeepSimplify<T> = T extends (...args: never[]) => unknown ? T : { [K in keyof T]: DeepSimplify<T[K]> };

/** The namespaces built from the operationIds: `links.create` → `userplane.links.create`. */
export type Resources = DeepSimplify<UnionToIntersection<{ [Id in OperationId]: Nest<Id, Id> }[OperationId]>>;
