/**
 * What the generic layer knows of an operation: one row of the operation table
 * (src/generated/operations.ts), and what a call of it resolves to. Declared here once, for the
 * request path and for the generator (scripts/generate/model.ts), which writes the rows.
 */
import type { GenericSchema } from 'valibot';

/** The HTTP methods an operation may use, lower-case as openapi-fetch takes them (OpenAPI's order). */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * How one query parameter is written (src/request/query.ts): `brackets`, `key[0]=a&key[1]=b`;
 * `form`, `key=a&key=b`; `comma`, `space`, `pipe`, one value joined by that delimiter.
 */
export type QueryWire = 'form' | 'brackets' | 'comma' | 'space' | 'pipe';

/** What the generic layer needs to know about one operation's inputs. */
export interface OperationInputs {
  /** The path template: `{name}` marks each path parameter. */
  readonly path: string;
  /** Query parameter names, each with how it goes on the wire. */
  readonly query?: Readonly<Record<string, QueryWire>>;
  readonly bodyRequired?: boolean;
  readonly validators: { readonly path?: GenericSchema; readonly query?: GenericSchema; readonly body?: GenericSchema };
}

/** One row of the operation table. */
export interface OperationDefinition extends OperationInputs {
  readonly method: HttpMethod;
  /** 2xx statuses declared without content (e.g. 204); `true`: no 2xx has a body. */
  readonly empty?: readonly number[] | true;
  /** For a paged list: the key of its items in `data`. */
  readonly pageItems?: string;
}

/** A call's outcome: the parsed success body and the raw response (its body already read). */
export interface CallResult {
  readonly data: unknown;
  readonly response: Response;
}
