import type { CallResult, OperationDefinition } from '../request/operation.js';
import { operations } from '../generated/operations.js';
import { isRecord } from '../shared/is-record.js';
import { orElse } from '../shared/or-else.js';
import type { RequestOptions } from '../options/options.js';
import { paginate } from '../pagination/paginate.js';
import type { Resources } from './types.js';

/** One call of an operation; `page` is set when a paged list's iterator asks for that page. */
export type Call = (
  operationId: string,
  operation: OperationDefinition,
  params: unknown,
  options: RequestOptions | undefined,
  page?: number,
) => Promise<CallResult>;

interface Namespace {
  [name: string]: Namespace | OperationFunction;
}

interface OperationFunction {
  (params?: unknown, options?: RequestOptions): Promise<unknown>;
  withResponse(params?: unknown, options?: RequestOptions): Promise<CallResult>;
}

function isNamespace(value: Namespace | OperationFunction | undefined): value is Namespace {
  return typeof value === 'object';
}

function method(call: Call, operationId: string, operation: OperationDefinition): OperationFunction {
  const data = async (params: unknown, options: RequestOptions | undefined, page?: number): Promise<unknown> =>
    (await call(operationId, operation, params, options, page)).data;
  const { pageItems } = operation;
  const invoke =
    pageItems === undefined
      ? (params?: unknown, options?: RequestOptions) => data(params, options)
      : (params?: unknown, options?: RequestOptions) =>
          paginate(
            // Params that cannot be read or copied (a throwing Proxy) go as given: the call refuses them.
            (page) =>
              page === undefined
                ? data(params, options)
                : data(
                    orElse(() => (isRecord(params) ? { ...params, page } : params), params),
                    options,
                    page,
                  ),
            orElse(
              () => (isRecord(params) && typeof params['page'] === 'number' ? params['page'] : undefined),
              undefined,
            ),
            pageItems,
            operationId,
          );
  return Object.assign(invoke, {
    withResponse: (params?: unknown, options?: RequestOptions) => call(operationId, operation, params, options),
  });
}

/**
 * Builds `links.create`-style namespaces from the operation table: one method per operationId,
 * split on dots (generation refuses ids that would collide). Nothing here knows which
 * operations exist (a test may give a table of its own, of shapes the spec does not have yet).
 */
export function buildResources(
  call: Call,
  table: Readonly<Record<string, OperationDefinition>> = operations,
): Resources {
  const root: Namespace = {};
  for (const [operationId, operation] of Object.entries(table)) {
    const segments = operationId.split('.');
    const name = segments.pop() ?? operationId;
    let node = root;
    for (const segment of segments) {
      const child = node[segment];
      if (isNamespace(child)) {
        node = child;
      } else {
        const created: Namespace = {};
        node[segment] = created;
        node = created;
      }
    }
    node[name] = method(call, operationId, operation);
  }
  // The tree was built from the same table `Resources` is generated from; TypeScript cannot
  // follow a runtime loop over keys, so this is the one place the two are joined.
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- see above
  return root as unknown as Resources;
}
