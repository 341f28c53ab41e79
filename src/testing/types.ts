/**
 * The types of `userplane/testing`, computed from the same operation types as the client:
 * nothing here names an operation.
 */
import type { FakeTree } from '../generated/fakes.js';
import type {
  OperationErrorCode,
  OperationId,
  OperationParams,
  OperationResult,
  PageItem,
} from '../operations/types.js';

/** What the generated fake knows of one operation (src/generated/fakes.ts). */
export interface FakeRow {
  /** The first 2xx status the spec declares. */
  readonly status: number;
  /** A body valid under that response's schema; absent for one without content (a 204). */
  readonly body?: unknown;
  /** Each declared code: its status and the message the spec gives it. */
  readonly errors: Readonly<Record<string, readonly [number, string]>>;
  /** How each query parameter is read from the URL: a scalar type, or `[type]` for an array. */
  readonly query?: Readonly<Record<string, string | readonly [string]>>;
  /** Top-level body fields that are numbers or booleans: the server coerces their text too. */
  readonly fields?: Readonly<Record<string, string>>;
}

/** Every field optional, at every depth; an array's items are filled one by one. */
export type DeepPartial<T> = T extends readonly (infer Item)[]
  ? readonly DeepPartial<Item>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** A call as the fake records it, before the types of its operation are put on it. */
export interface RecordedCall {
  readonly operationId: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** One request the fake received, read back as the params the client was called with. */
export interface FakeCall<Id extends OperationId = OperationId> {
  readonly operationId: Id;
  /** Path, query and body fields in one object, as the spec reads them (defaults included). */
  readonly params: OperationParams<Id>;
  readonly method: string;
  readonly url: string;
  /** Request headers, names lower-case (`authorization` included). */
  readonly headers: Readonly<Record<string, string>>;
}

/** A success answer: part of the 2xx body (the rest is filled from the spec), or a function of the call. */
export type FakeAnswer<Id extends OperationId> =
  | DeepPartial<OperationResult<Id>>
  | ((call: FakeCall<Id>) => DeepPartial<OperationResult<Id>> | Promise<DeepPartial<OperationResult<Id>>>);

/**
 * What a client must survive besides declared errors: `'rate-limited'` (429), `'unavailable'`
 * (503), `'server-error'` (500, oRPC's undeclared `INTERNAL_SERVER_ERROR`), `'network'` (fetch
 * rejects as a dropped connection does), `'hang'` (no answer until the request is aborted, as
 * by the client's timeout).
 */
export type FakeFault = 'rate-limited' | 'unavailable' | 'server-error' | 'network' | 'hang';

interface Times {
  /**
   * Answer this way for the next `times` calls only, then go on with the standing answer.
   * @default every call, replacing the standing answer
   */
  readonly times?: number | undefined;
}

/** Options for `fail(code, options)`. */
export interface FakeFailOptions extends Times {
  /** @default the message the spec gives the code */
  readonly message?: string | undefined;
  /** The error's `data`. @default none */
  readonly data?: unknown;
}

/** Options for `fault(fault, options)`. */
export interface FakeFaultOptions extends Times {
  /** Seconds, sent as `Retry-After` with `'rate-limited'` or `'unavailable'`. @default no header */
  readonly retryAfter?: number | undefined;
}

interface FakeOperationBase<Id extends OperationId> {
  /**
   * Answer with these bodies, one per call in order; the last one stays. Each is a part of the
   * 2xx body (or a function of the call returning one) and the rest is filled with values valid
   * under the spec. With none, the spec's sample answer.
   */
  respond(...answers: readonly FakeAnswer<Id>[]): this;
  /** Answer with a declared error, exactly as the live server sends it. */
  fail(code: OperationErrorCode<Id>, options?: FakeFailOptions): this;
  /** Answer with a fault a client must survive. */
  fault(fault: FakeFault, options?: FakeFaultOptions): this;
  /** The calls of this operation, in order. */
  readonly calls: readonly FakeCall<Id>[];
  /** Back to the sample answer; calls forgotten. */
  reset(): void;
}

/** One operation of the fake: `api.links.create`. A paged list also takes `items`. */
export type FakeOperation<Id extends OperationId> = FakeOperationBase<Id> &
  ([PageItem<Id>] extends [never]
    ? unknown
    : {
        /**
         * The list's items, each a part of an item filled from the spec; served a page at a
         * time (`page`, `per_page`) in the spec's pagination envelope.
         */
        items(items: readonly DeepPartial<PageItem<Id>>[]): FakeOperation<Id>;
      });

/** The operations of the fake, in the same tree as the client: `api.links.create`. */
export type FakeResources = FakeTree<{ readonly [Id in OperationId]: FakeOperation<Id> }>;
