import { UserplaneResponseError } from './errors/response-error.js';
import { isRecord } from './is-record.js';

/** Fetches one page: the caller's params with `page` set (the first call: as the caller gave them). */
export type FetchPage = (page: number | undefined) => Promise<unknown>;

/** The `PagePromise` shape at run time (its types are in types.ts). */
export type Paged = Promise<unknown> & {
  pages(): AsyncGenerator<unknown, void, undefined>;
  [Symbol.asyncIterator](): AsyncGenerator<unknown, void, undefined>;
};

interface Page {
  items: unknown[];
  hasMore: boolean;
  page: number | undefined;
}

/** Reads upstream's page shape: `data.pagination.{ page, hasMore }` beside `data.<items>`. */
function readPage(body: unknown, itemsKey: string, operationId: string): Page {
  const data = isRecord(body) ? body['data'] : undefined;
  const items = isRecord(data) ? data[itemsKey] : undefined;
  const pagination = isRecord(data) ? data['pagination'] : undefined;
  if (!Array.isArray(items) || !isRecord(pagination) || typeof pagination['hasMore'] !== 'boolean') {
    throw new UserplaneResponseError(
      `a page without data.${itemsKey} and data.pagination.hasMore`,
      { status: 200, headers: {}, body: '' },
      { operationId, attempts: 1 },
    );
  }
  const page = pagination['page'];
  return {
    items,
    hasMore: pagination['hasMore'],
    page: Number.isInteger(page) && typeof page === 'number' ? page : undefined,
  };
}

/**
 * Makes the first page's promise walkable: `for await` yields every item across pages, and
 * `pages()` every page body. A page is requested only when the loop needs it; breaking out of
 * the loop requests nothing more. The caller's options (signal, timeout, retries) apply to
 * each page, as they reach `fetchPage`.
 */
export function paginate(
  fetchPage: FetchPage,
  firstPage: number | undefined,
  itemsKey: string,
  operationId: string,
): Paged {
  const first = fetchPage(firstPage);

  async function* pages(): AsyncGenerator<unknown, void, undefined> {
    let body = await first;
    let page = readPage(body, itemsKey, operationId);
    let number = firstPage ?? page.page ?? 1;
    for (;;) {
      yield body;
      if (!page.hasMore) return;
      // A server that says "more" but sends nothing would make the loop spin forever.
      if (page.items.length === 0) {
        throw new UserplaneResponseError(
          `page ${number} is empty but says hasMore: stopped rather than loop`,
          { status: 200, headers: {}, body: '' },
          { operationId, attempts: 1 },
        );
      }
      number += 1;
      body = await fetchPage(number);
      page = readPage(body, itemsKey, operationId);
    }
  }

  async function* items(): AsyncGenerator<unknown, void, undefined> {
    for await (const body of pages()) yield* readPage(body, itemsKey, operationId).items;
  }

  return Object.assign(first, { pages, [Symbol.asyncIterator]: items });
}
