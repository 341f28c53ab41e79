import { USERPLANE_ERROR, type UserplaneError } from '../errors/userplane-error.js';
import type { OperationError, OperationErrorCode, OperationId } from './types.js';

/**
 * Narrows `error` to a Userplane error. Recognises errors from any copy of this package
 * (two versions in one `node_modules`), not only through `instanceof`.
 *
 * - `isUserplaneError(err)`: any error the SDK throws.
 * - `isUserplaneError(err, 'links.delete')`: an HTTP error from that operation; `err.code` is
 *   narrowed to the codes the spec declares for it (when `err.defined`), or any string.
 * - `isUserplaneError(err, 'links.delete', 'LINK_GONE')`: that declared error exactly. Naming a
 *   code the operation cannot return is a compile error.
 *
 * @example
 * ```ts
 * try {
 *   await userplane.links.delete({ workspaceId, linkId });
 * } catch (err) {
 *   if (isUserplaneError(err, 'links.delete', 'LINK_GONE')) return; // already deleted
 *   if (isUserplaneError(err, 'links.delete') && err.defined) console.error(err.status, err.code);
 *   throw err;
 * }
 * ```
 */
export function isUserplaneError(error: unknown): error is UserplaneError;
export function isUserplaneError<Id extends OperationId>(error: unknown, operationId: Id): error is OperationError<Id>;
export function isUserplaneError<Id extends OperationId, const Code extends OperationErrorCode<Id>>(
  error: unknown,
  operationId: Id,
  code: Code,
): error is Extract<OperationError<Id>, { readonly code: Code }>;
export function isUserplaneError(error: unknown, operationId?: string, code?: string): boolean {
  // Any object's field, read the same way for every check: the marker first, then what narrows.
  const field = (name: PropertyKey): unknown =>
    typeof error === 'object' && error !== null ? Reflect.get(error, name) : undefined;
  return (
    field(USERPLANE_ERROR) === true &&
    (operationId === undefined ||
      (field('kind') === 'api' &&
        field('operationId') === operationId &&
        (code === undefined || (field('defined') === true && field('code') === code))))
  );
}
