import { unloaded } from '../errors/failures.js';
import { lazy } from '../shared/lazy.js';
import type { FetchPage } from './walk.js';

/** The `PagePromise` shape at run time (its types are in src/operations/types.ts). */
export type Paged = Promise<unknown> & {
  pages(): AsyncGenerator<unknown, void, undefined>;
  [Symbol.asyncIterator](): AsyncGenerator<unknown, void, undefined>;
};

const pageWalk = lazy(() => import('./walk.js'));

/**
 * Makes the first page's promise walkable: `for await` yields every item across pages, and
 * `pages()` every page body. The walking code (walk.ts) is imported on the first loop, so
 * an application that never iterates a list does not load it.
 */
export function paginate(
  fetchPage: FetchPage,
  firstPage: number | undefined,
  itemsKey: string,
  operationId: string,
): Paged {
  const first = fetchPage(firstPage);
  async function* walk(items: boolean): AsyncGenerator<unknown, void, undefined> {
    let module: Awaited<ReturnType<typeof pageWalk>>;
    try {
      module = await pageWalk();
    } catch (cause) {
      throw unloaded('the paged-list walker', { operationId, cause });
    }
    yield* module.walk(first, fetchPage, firstPage, itemsKey, operationId, items);
  }
  return Object.assign(first, { pages: () => walk(false), [Symbol.asyncIterator]: () => walk(true) });
}
