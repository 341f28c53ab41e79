/** Reaching an operation's method generically, by walking its operationId: `links.create` → `userplane.links.create`. */
import type { OperationId, RequestOptions, Userplane } from '../../src/index.js';

export type AnyMethod = ((params: unknown, options?: RequestOptions) => Promise<unknown>) & {
  withResponse(params: unknown, options?: RequestOptions): Promise<{ data: unknown; response: Response }>;
};

export function methodFor(userplane: Userplane, operationId: OperationId): AnyMethod {
  let node: unknown = userplane;
  for (const segment of operationId.split('.')) node = (node as Record<string, unknown>)[segment];
  if (typeof node !== 'function') throw new Error(`userplane.${operationId} is not a method`);
  return node as AnyMethod;
}
