import { UserplaneConnectionError } from './errors/connection-error.js';
import { lazy } from './lazy.js';

/** Fetches one page: the caller's params with `page` set (the first call: as the caller gave them). */
export type FetchPage = (page: number | undefined) => Promise<unknown>;

/** The `PagePromise` shape at run time (its types are in types.ts). */
export type Paged = Promise<unknown> & {
  pages(): AsyncGenerator<unknown, void, undefined>;
  [Symbol.asyncIterator](): AsyncGenerator<unknown, void, undefined>;
};

const pageWalk = lazy(() => import('./page-walk.js'));

/**
 * Makes the first page's promise walkable: `for await` yields every item across pages, and
 * `pages()` every page body. The walking code (page-walk.ts) is imported on the first loop, so
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
      // In a browser the chunk comes over the network; elsewhere a broken install. Typed either way.
      throw new UserplaneConnectionError('the paged-list walker (a chunk of this package) could not be loaded', {
        operationId,
        cause,
      });
    }
    yield* module.walk(first, fetchPage, firstPage, itemsKey, operationId, items);
  }
  return Object.assign(first, { pages: () => walk(false), [Symbol.asyncIterator]: () => walk(true) });
}
