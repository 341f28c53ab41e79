/**
 * Paged lists: the first page's promise made walkable — `for await` yields every item across
 * pages, `pages()` every page body — requesting page n + 1 only when the loop asks for more and
 * the last page said `hasMore`. Breaking out of the loop ends it: nothing more is requested.
 */
import { UserplaneResponseError } from '../errors/response-error.js';
import { isRecord } from '../shared/is-record.js';

/** Fetches one page: the caller's params with `page` set (`undefined`: the params as the caller gave them). */
export type FetchPage = (page: number | undefined) => Promise<unknown>;

/** The `PagePromise` shape at run time (its types are in src/operations/types.ts). */
export type Paged = Promise<unknown> & {
  pages(): AsyncGenerator<unknown, void, undefined>;
  [Symbol.asyncIterator](): AsyncGenerator<unknown, void, undefined>;
};

/** A page the walker cannot read on from: a response error (the request was processed). */
const unreadable = (what: string, operationId: string, page?: number): UserplaneResponseError =>
  new UserplaneResponseError(what, { status: 200, headers: {}, body: '' }, { operationId, attempts: 1, page });

/** Reads upstream's page shape: `data.pagination.{ page, hasMore }` beside `data.<items>`. */
function readPage(
  body: unknown,
  itemsKey: string,
  operationId: string,
): { items: unknown[]; hasMore: boolean; page: unknown } {
  const data = isRecord(body) ? body['data'] : undefined;
  const items = isRecord(data) ? data[itemsKey] : undefined;
  const pagination = isRecord(data) ? data['pagination'] : undefined;
  if (!Array.isArray(items) || !isRecord(pagination) || typeof pagination['hasMore'] !== 'boolean') {
    throw unreadable(`a page without data.${itemsKey} and data.pagination.hasMore`, operationId);
  }
  return { items, hasMore: pagination['hasMore'], page: pagination['page'] };
}

async function* walk(
  first: Promise<unknown>,
  fetchPage: FetchPage,
  firstPage: number | undefined,
  itemsKey: string,
  operationId: string,
  items: boolean,
): AsyncGenerator<unknown, void, undefined> {
  let body = await first;
  let page = readPage(body, itemsKey, operationId);
  let number = firstPage ?? (typeof page.page === 'number' && Number.isInteger(page.page) ? page.page : 1);
  for (;;) {
    if (items) yield* page.items;
    else yield body;
    if (!page.hasMore) return;
    // A server that says "more" but sends nothing would make the loop spin forever.
    if (page.items.length === 0) {
      throw unreadable(`page ${number} is empty but says hasMore: stopped rather than loop`, operationId, number);
    }
    number += 1;
    body = await fetchPage(number);
    page = readPage(body, itemsKey, operationId);
  }
}

/** The first page's promise, walkable: `firstPage` is the page the caller's params asked for, if any. */
export function paginate(
  fetchPage: FetchPage,
  firstPage: number | undefined,
  itemsKey: string,
  operationId: string,
): Paged {
  const first = fetchPage(firstPage);
  return Object.assign(first, {
    pages: () => walk(first, fetchPage, firstPage, itemsKey, operationId, false),
    [Symbol.asyncIterator]: () => walk(first, fetchPage, firstPage, itemsKey, operationId, true),
  });
}
