/**
 * Type tests (vitest typecheck) that hold for every operation at once: each is stated over all
 * operationIds with mapped types, so none names an operation. What each operation's own types
 * accept and refuse is checked per operation by tests/sdk/type-contract.test.ts.
 */
import { trace } from '@opentelemetry/api';
import { trace as traceOf110 } from '@opentelemetry/api-1.10';
import { describe, expectTypeOf, it } from 'vitest';
import type { OperationTypes } from '../../src/generated/operation-types.js';
import {
  isUserplaneError,
  type OperationCall,
  type OperationError,
  type OperationErrorCode,
  type OperationId,
  type OperationMethod,
  type OperationParams,
  type OperationResult,
  type PageItem,
  type PagePromise,
  type RateLimitState,
  type TracerLike,
  type Userplane,
  type UserplaneApiError,
  type UserplaneError,
  type WithResponse,
} from '../../src/index.js';
import type { DeepPartial, FakeAnswer, FakeOperation, FakeUserplane } from '../../src/testing/index.js';

declare const err: unknown;

/** `a.b.c` → `['a', 'b', 'c']`. */
type Segments<S extends string> = S extends `${infer Head}.${infer Tail}` ? [Head, ...Segments<Tail>] : [S];
/** What is at a path of segments in T. */
type At<T, P extends readonly string[]> = P extends [infer Head extends string, ...infer Tail extends string[]]
  ? Head extends keyof T
    ? At<T[Head], Tail>
    : 'missing'
  : T;
/** `true` for every operation, or the operations for which it is not. */
type Failing<Check extends Record<OperationId, boolean>> = {
  [K in OperationId]: Check[K] extends true ? never : K;
}[OperationId];
// The usual exact-equality test of two types (the compiler compares the two deferred conditionals).
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- that is the trick
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Each assignable to the other: the same type to a caller (Equal is stricter than callers are about how a type was built). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('operations', () => {
  it('every operationId is a method at its namespaced path: links.create → userplane.links.create', () => {
    type Check = { [K in OperationId]: Equal<At<Userplane, Segments<K>>, OperationMethod<K>> };
    expectTypeOf<Failing<Check>>().toBeNever();
  });

  it('a name that is no operation is not one', () => {
    // @ts-expect-error not an operation
    void isUserplaneError(err, 'sdk.notAnOperation');
    expectTypeOf<'sdk.notAnOperation'>().not.toExtend<OperationId>();
  });
});

describe('params', () => {
  type Defaults<K extends OperationId> = OperationTypes[K]['paramDefaults'] | OperationTypes[K]['bodyDefaults'];

  it('make every field with a spec default optional', () => {
    type Check = {
      [K in OperationId]: [Defaults<K>] extends [never]
        ? true
        : {
            [D in Defaults<K> & keyof OperationParams<K>]-?: undefined extends OperationParams<K>[D] ? true : false;
          }[Defaults<K> & keyof OperationParams<K>];
    };
    expectTypeOf<Failing<Check>>().toBeNever();
  });

  it('are required exactly when some field is', () => {
    type Check = {
      [K in OperationId]: Equal<
        Parameters<OperationMethod<K>>['length'],
        {} extends OperationParams<K> ? 0 | 1 | 2 : 1 | 2
      >;
    };
    expectTypeOf<Failing<Check>>().toBeNever();
  });
});

describe('results', () => {
  it('a call resolves to the union of its 2xx bodies; withResponse adds the Response', () => {
    type Check = {
      [K in OperationId]: Equal<
        Awaited<ReturnType<OperationMethod<K>['withResponse']>>,
        WithResponse<OperationResult<K>>
      >;
    };
    expectTypeOf<Failing<Check>>().toBeNever();
  });

  it('a paged list is awaited for its first page and iterated for its items', () => {
    type Check = {
      [K in OperationId]: [OperationTypes[K]['pageItems']] extends [never]
        ? Same<OperationCall<K>, Promise<OperationResult<K>>>
        : Same<OperationCall<K>, PagePromise<OperationResult<K>, PageItem<K>>>;
    };
    expectTypeOf<Failing<Check>>().toBeNever();
  });
});

describe('error narrowing', () => {
  it('isUserplaneError(err) narrows to the base class', () => {
    if (isUserplaneError(err)) expectTypeOf(err).toEqualTypeOf<UserplaneError>();
  });

  it('per operation: an HTTP error of that operation, its code the declared union when defined', () => {
    type Check = {
      [K in OperationId]: OperationError<K> extends UserplaneApiError & { operationId: K }
        ? Same<Extract<OperationError<K>, { defined: true }>['code'], OperationErrorCode<K>>
        : false;
    };
    expectTypeOf<Failing<Check>>().toBeNever();
    if (isUserplaneError(err, 'sdk' as OperationId)) expectTypeOf(err).toExtend<UserplaneApiError>();
  });

  it('a code no operation declares does not compile', () => {
    // @ts-expect-error no operation declares it
    void isUserplaneError(err, 'sdk' as OperationId, 'SDK_NOT_DECLARED_ANYWHERE');
  });
});

describe('userplane/testing', () => {
  it('every operation is a fake operation at its namespaced path: api.links.create', () => {
    type Check = { [K in OperationId]: Equal<At<FakeUserplane, Segments<K>>, FakeOperation<K>> };
    expectTypeOf<Failing<Check>>().toBeNever();
  });

  it('fail(code) takes exactly the declared codes; respond() a deep partial of the result', () => {
    type Check = {
      [K in OperationId]: Same<Parameters<FakeOperation<K>['fail']>[0], OperationErrorCode<K>> extends true
        ? Same<Exclude<FakeAnswer<K>, (...args: never[]) => unknown>, DeepPartial<OperationResult<K>>>
        : false;
    };
    expectTypeOf<Failing<Check>>().toBeNever();
    expectTypeOf<'SDK_NOT_DECLARED_ANYWHERE'>().not.toExtend<Parameters<FakeOperation<OperationId>['fail']>[0]>();
  });

  it('items() exists exactly on paged lists, and takes partial items', () => {
    type Check = {
      [K in OperationId]: [PageItem<K>] extends [never]
        ? 'items' extends keyof FakeOperation<K>
          ? false
          : true
        : FakeOperation<K> extends { items(items: infer Items): unknown }
          ? Same<Items, readonly DeepPartial<PageItem<K>>[]>
          : false;
    };
    expectTypeOf<Failing<Check>>().toBeNever();
  });

  it('calls are typed by operation', () => {
    type Check = { [K in OperationId]: Same<FakeOperation<K>['calls'][number]['params'], OperationParams<K>> };
    expectTypeOf<Failing<Check>>().toBeNever();
  });
});

describe('observability', () => {
  it('the tracer option takes an OpenTelemetry Tracer as it is (@opentelemetry/api 1.9 and 1.10)', () => {
    expectTypeOf(trace.getTracer('app')).toExtend<TracerLike>();
    expectTypeOf(traceOf110.getTracer('app')).toExtend<TracerLike>();
    expectTypeOf<{ startSpan(): void }>().not.toExtend<TracerLike>();
  });

  it('rateLimitState() resolves to the state, or undefined with rateLimit: false', () => {
    expectTypeOf<ReturnType<Userplane['rateLimitState']>>().toEqualTypeOf<Promise<RateLimitState | undefined>>();
  });
});
