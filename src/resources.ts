import type { CallResult, OperationDefinition } from './call.js';
import { operations } from './generated/operations.js';
import type { RequestOptions } from './options.js';
import type { Resources } from './types.js';

type Call = (
  operationId: string,
  operation: OperationDefinition,
  params: unknown,
  options: RequestOptions | undefined,
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

/**
 * Builds `links.create`-style namespaces from the operation table: one method per operationId,
 * split on dots. Nothing here knows which operations exist.
 */
export function buildResources(call: Call): Resources {
  const root: Namespace = {};
  for (const [operationId, operation] of Object.entries(operations)) {
    const definition: OperationDefinition = operation;
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
    const method = async (params?: unknown, options?: RequestOptions): Promise<unknown> =>
      (await call(operationId, definition, params, options)).data;
    node[name] = Object.assign(method, {
      withResponse: (params?: unknown, options?: RequestOptions) => call(operationId, definition, params, options),
    });
  }
  // The tree was built from the same table `Resources` is computed from; TypeScript cannot
  // follow a runtime loop over keys, so this is the one place the two are joined.
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- see above
  return root as unknown as Resources;
}
