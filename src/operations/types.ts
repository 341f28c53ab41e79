/**
 * Types derived from the generated code: params, results, list items and errors of every
 * operation. Nothing here names an operation; a new one in the spec gets its types from these.
 */
import type { UserplaneApiError } from '../errors/api-error.js';
import type { OperationTypes } from '../generated/operation-types.js';
import type { OperationTree } from '../generated/resources.js';
import type { paths } from '../generated/schema.js';
import type { RequestOptions } from '../options/options.js';

/** Every operationId in the spec, e.g. `'links.create'`. */
export type OperationId = Extract<keyof OperationTypes, string>;

type Facts<Id extends OperationId> = OperationTypes[Id];
type PathOf<Id extends OperationId> = Extract<Facts<Id>['path'], keyof paths>;
/** openapi-typescript's type of the operation, found by the path and method the model recorded. */
type Operation<Id extends OperationId> = paths[PathOf<Id>][Extract<Facts<Id>['method'], keyof paths[PathOf<Id>]>];

type Empty = Record<never, never>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type ObjectOrEmpty<T> = [T] extends [never] ? Empty : T extends object ? T : Empty;

type Parameters<Id extends OperationId, In extends 'path' | 'query'> =
  Operation<Id> extends { parameters: { [K in In]?: infer P } } ? ObjectOrEmpty<NonNullable<P>> : Empty;

type JsonBody<Id extends OperationId> =
  Operation<Id> extends { requestBody: { content: { 'application/json': infer Body } } }
    ? Body
    : Operation<Id> extends { requestBody?: { content: { 'application/json': infer Body } } }
      ? Partial<Body>
      : Empty;

/** Fields the spec gives a default: optional to pass, filled in by the SDK before sending. */
type WithDefaults<T, Keys extends PropertyKey> = Omit<T, Keys> & Partial<Pick<T, Keys & keyof T>>;

/**
 * One flat params object per call: path parameters, query parameters and body fields together.
 * Anything with a spec default (`page`, `per_page`, `linkReusable`) is optional.
 *
 * @example
 * ```ts
 * const params: OperationParams<'links.create'> = { workspaceId: 'ws_1', domainId: 'dom_1' };
 * ```
 */
export type OperationParams<Id extends OperationId> = Simplify<
  WithDefaults<Parameters<Id, 'path'> & Parameters<Id, 'query'>, Facts<Id>['paramDefaults']> &
    WithDefaults<JsonBody<Id>, Facts<Id>['bodyDefaults']>
>;

type Successes<Id extends OperationId> = Facts<Id>['successes'];
type SuccessBody<Id extends OperationId, Status> = [Successes<Id>[Status & keyof Successes<Id>]] extends [never]
  ? undefined
  : Operation<Id> extends { responses: { [S in Status & PropertyKey]: { content: infer Content } } }
    ? Content[Successes<Id>[Status & keyof Successes<Id>] & keyof Content]
    : undefined;

/**
 * What an operation resolves to: the body of each 2xx response the spec declares, as a union
 * (`undefined` for one without content, such as a 204).
 */
export type OperationResult<Id extends OperationId> = {
  [Status in keyof Successes<Id>]: SuccessBody<Id, Status>;
}[keyof Successes<Id>];

/** The key of a paged list's items in `data` (`'links'`), or `never` for other operations. */
type PageItemsKey<Id extends OperationId> = Facts<Id>['pageItems'];

/** One item of a paged list, e.g. a link of `links.list`. */
export type PageItem<Id extends OperationId> =
  OperationResult<Id> extends infer Result
    ? Result extends { data: { [K in PageItemsKey<Id>]: readonly (infer Item)[] } }
      ? Item
      : never
    : never;

type ErrorTable<Id extends OperationId> = Facts<Id>['errors'];

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

/**
 * What a paged list call returns: `await` it for the first page's body, or `for await` over it
 * for every item across pages. Pages are requested one at a time, as the loop needs them.
 *
 * @example
 * ```ts
 * for await (const link of userplane.links.list({ workspaceId: 'ws_1' })) console.log(link.linkId);
 * ```
 */
export interface PagePromise<Page, Item> extends Promise<Page>, AsyncIterable<Item> {
  /** Every page's body in turn, starting with the page the params asked for. */
  pages(): AsyncIterableIterator<Page>;
}

/** A call's return: the body, or for a paged list a {@link PagePromise} over its items. */
export type OperationCall<Id extends OperationId> = [PageItemsKey<Id>] extends [never]
  ? Promise<OperationResult<Id>>
  : PagePromise<OperationResult<Id>, PageItem<Id>>;

/** An operation as a method: `userplane.links.create(params, options?)`. */
export interface OperationMethod<Id extends OperationId> {
  (...args: MethodArgs<Id>): OperationCall<Id>;
  /** The same call, resolving to the parsed body and the HTTP response (status, headers). */
  withResponse(...args: MethodArgs<Id>): Promise<WithResponse<OperationResult<Id>>>;
}

/**
 * The operations as methods, one per operationId, grouped by its namespace: `links.create` is
 * `userplane.links.create(params, options?)`. Each method carries the spec's summary,
 * description and declared error codes as its documentation.
 */
export type Resources = OperationTree<{ readonly [Id in OperationId]: OperationMethod<Id> }>;
