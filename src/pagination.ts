import type * as PageWalk from './page-walk.js';

/** Fetches one page: the caller's params with `page` set (the first call: as the caller gave them). */
export type FetchPage = (page: number | undefined) => Promise<unknown>;

/** The `PagePromise` shape at run time (its types are in types.ts). */
export type Paged = Promise<unknown> & {
  pages(): AsyncGenerator<unknown, void, undefined>;
  [Symbol.asyncIterator](): AsyncGenerator<unknown, void, undefined>;
};

let pageWalk: Promise<typeof PageWalk> | undefined;

/**
 * Makes the first page's promise walkable: `for await` yields every item across pages, and
 * `pages()` every page body. The walking code (page-walk.ts) is imported on the first loop, so
 * an application that never iterates a list does not load it; a failed import is not cached.
 */
export function paginate(
  fetchPage: FetchPage,
  firstPage: number | undefined,
  itemsKey: string,
  operationId: string,
): Paged {
  const first = fetchPage(firstPage);
  async function* walk(items: boolean): AsyncGenerator<unknown, void, undefined> {
    pageWalk ??= import('./page-walk.js').catch((error: unknown) => {
      pageWalk = undefined;
      throw error;
    });
    yield* (await pageWalk).walk(first, fetchPage, firstPage, itemsKey, operationId, items);
  }
  return Object.assign(first, { pages: () => walk(false), [Symbol.asyncIterator]: () => walk(true) });
}
