/**
 * Calling an operation of a client by its operationId, with flat params — what the MCP server's
 * tools and the CLI's commands both do. The method is found by walking the client's tree of
 * namespaces (`links.create` → `client.links.create`), which the SDK builds from its operation
 * table: nothing here names an operation.
 */
import type { RequestOptions, Userplane } from 'userplane';

/**
 * An operation's method: resolves to its success body; a paged list's result can also be walked
 * with `for await` (every item across pages).
 */
export type OperationCall = (
  params: unknown,
  options?: RequestOptions,
) => Promise<unknown> & Partial<AsyncIterable<unknown>>;

/** The method of `operationId` on `client`, or `undefined` when the client has none by that id. */
export function operationCall(client: Userplane, operationId: string): OperationCall | undefined {
  let node: unknown = client;
  for (const segment of operationId.split('.')) {
    node =
      (typeof node === 'object' || typeof node === 'function') && node !== null
        ? Reflect.get(node, segment)
        : undefined;
  }
  if (typeof node !== 'function') return undefined;
  const method = node;
  return (params, options) => {
    const result: unknown = Reflect.apply(method, undefined, [params, options]);
    return result instanceof Promise ? result : Promise.resolve(result);
  };
}
