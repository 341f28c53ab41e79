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
  readonly at: number;
  readonly waited: readonly FakeWait[];
}

/**
 * A wait of a client of the fake, on the fake's clock (no real time passes): `backoff` between
 * attempts, `retry-after` as long as the server asked, `pace` for a turn under the rate limit,
 * `pause` through the pause a 429 set, `timeout` an attempt that got no answer in time.
 */
export interface FakeWait {
  readonly operationId: string;
  readonly reason: 'backoff' | 'retry-after' | 'pace' | 'pause' | 'timeout';
  /** Milliseconds, on the fake's clock. */
  readonly ms: number;
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
  /** When it arrived: milliseconds on the fake's clock, since the fake was made. */
  readonly at: number;
  /** What the client waited, and why, since its previous request of this operation (`[]` for none). */
  readonly waited: readonly FakeWait[];
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

/** An answer planned and not used yet (`api.pending()`): its operation, and what it was. */
export interface FakePending {
  readonly operationId: string;
  /** `respond`, `fail` or `fault` (with the fault's kind), `items`, or the `offSpec` answer's kind. */
  readonly answer: string;
}

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
  /**
   * Milliseconds, in whole seconds (`30_000`), sent as `Retry-After` (which carries seconds) with
   * `'rate-limited'` or `'unavailable'`: the client's error reads the same number back as
   * `err.retryAfter`. @default no header
   */
  readonly retryAfter?: number | undefined;
}

/** Options of `offSpec.fail(code, options)`: an error no operation declares. */
export interface FakeOffSpecFailOptions extends Times {
  /** The HTTP status, 400–599. */
  readonly status: number;
  /** @default the code */
  readonly message?: string | undefined;
  /** The error's `data`. @default none */
  readonly data?: unknown;
}

/** Options of `offSpec.raw(status, body, options)`. */
export interface FakeRawOptions extends Times {
  /** Response headers. @default none (no content type) */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * Answers the spec does not describe, on purpose: what a newer server or a proxy in between may
 * send tomorrow, for testing that your code survives it. Nothing here is checked against the spec.
 */
export interface FakeOffSpec<Id extends OperationId> {
  /** A success body with fields the spec does not have (yet), merged over the spec's sample. */
  respond(body: DeepPartial<OperationResult<Id>> & Readonly<Record<string, unknown>>, options?: Times): void;
  /** An error code the operation does not declare, with the status and message you choose. */
  fail(code: string, options: FakeOffSpecFailOptions): void;
  /** A status and a raw body of your choosing: an HTML 502 from a proxy, an empty or a truncated body. */
  raw(status: number, body?: string, options?: FakeRawOptions): void;
}

/**
 * One operation of the fake. The order of answers: those given `times` are used first, in the
 * order given, whatever follows; `respond`, `fail` and `fault` without `times` replace the
 * standing answer, used once those run out.
 */
interface FakeOperationBase<Id extends OperationId> {
  /**
   * Answer with these bodies, one per call in order; the last one stays. Each is a part of the
   * 2xx body (or a function of the call returning one) and the rest is filled with values valid
   * under the spec — where a field has the name of a parameter the request sent, the value sent.
   * With none, the spec's sample answer. Answers given `times` before it keep their place.
   */
  respond(...answers: readonly FakeAnswer<Id>[]): this;
  /** Answer with a declared error, exactly as the live server sends it. */
  fail(code: OperationErrorCode<Id>, options?: FakeFailOptions): this;
  /** Answer with a fault a client must survive. */
  fault(fault: FakeFault, options?: FakeFaultOptions): this;
  /** Answers outside the spec, on purpose. */
  readonly offSpec: FakeOffSpec<Id>;
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
