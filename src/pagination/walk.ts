import { UserplaneResponseError } from '../errors/response-error.js';
import { isRecord } from '../shared/is-record.js';

/** Fetches one page: the caller's params with `page` set (the first call: as the caller gave them). */
export type FetchPage = (page: number | undefined) => Promise<unknown>;

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
    throw new UserplaneResponseError(
      `a page without data.${itemsKey} and data.pagination.hasMore`,
      { status: 200, headers: {}, body: '' },
      { operationId, attempts: 1 },
    );
  }
  return { items, hasMore: pagination['hasMore'], page: pagination['page'] };
}

/**
 * Walks a paged list from its first page's promise: yields each page body (or each item), and
 * requests page n + 1 only when the loop asks for more and the last page said `hasMore`.
 * Breaking out of the loop ends the generator: nothing more is requested.
 */
export async function* walk(
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
      throw new UserplaneResponseError(
        `page ${number} is empty but says hasMore: stopped rather than loop`,
        { status: 200, headers: {}, body: '' },
        { operationId, attempts: 1, page: number },
      );
    }
    number += 1;
    body = await fetchPage(number);
    page = readPage(body, itemsKey, operationId);
  }
}
