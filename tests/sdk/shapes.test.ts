/**
 * The shapes upstream's operations come in, tested directly on the generic layer with operation
 * rows of their own — whatever operations today's spec has: paged lists (`for await` across
 * pages, `pages()`, stopping, failing pages), statuses without content, and parameters and body
 * fields with defaults. (tests/sdk/operation-shapes.test.ts runs the same shapes on every operation
 * of the spec that has them, and tests/tooling/follow-upstream.test.ts on a fuller spec.)
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { isUserplaneError, UserplaneResponseError } from '../../src/index.js';
import { paginate } from '../../src/pagination/paginate.js';
import type { OperationDefinition } from '../../src/request/operation.js';
import { prepareParams } from '../../src/request/params.js';
import { successBody } from '../../src/request/success.js';

/** Page `n` of `total`: three items each, marked `p<n>i<i>`. */
function page(n: number, total: number): unknown {
  return {
    message: 'ok',
    data: {
      things: [1, 2, 3].map((i) => ({ marker: `p${n}i${i}` })),
      pagination: { page: n, perPage: 3, total: total * 3, totalPages: total, hasMore: n < total },
    },
  };
}

describe('paged lists', () => {
  const fetchPages = (total: number, failAt?: number) => {
    const asked: (number | undefined)[] = [];
    const fetchPage = (n: number | undefined): Promise<unknown> => {
      asked.push(n);
      // A walk gone wrong (the same page again and again) fails rather than spins forever.
      if (asked.length > total + 2) return Promise.reject(new Error(`asked ${asked.length} pages of ${total}`));
      const number = n ?? 1;
      if (number === failAt)
        return Promise.reject(
          new UserplaneResponseError('page failed', { status: 500, headers: {}, body: '' }, { page: number }),
        );
      return Promise.resolve(page(number, total));
    };
    return { asked, fetchPage };
  };
  const markers = async (iterable: AsyncIterable<unknown>): Promise<unknown[]> => {
    const seen: unknown[] = [];
    for await (const item of iterable) seen.push((item as { marker: unknown }).marker);
    return seen;
  };

  it('await gives the first page; for await yields every item across the pages, one request per page', async () => {
    const { asked, fetchPage } = fetchPages(3);
    const paged = paginate(fetchPage, undefined, 'things', 'things.list');
    expect(await paged).toEqual(page(1, 3));
    expect(await markers(paged)).toEqual(['p1i1', 'p1i2', 'p1i3', 'p2i1', 'p2i2', 'p2i3', 'p3i1', 'p3i2', 'p3i3']);
    expect(asked).toEqual([undefined, 2, 3]);
  });

  it('starts from the page asked for; pages() yields whole pages; breaking out requests nothing more', async () => {
    const { asked, fetchPage } = fetchPages(4);
    const pages: unknown[] = [];
    for await (const body of paginate(fetchPage, 2, 'things', 'things.list').pages()) pages.push(body);
    expect(pages).toEqual([page(2, 4), page(3, 4), page(4, 4)]);
    const again = fetchPages(4);
    for await (const item of paginate(again.fetchPage, 1, 'things', 'things.list')) {
      expect(item).toEqual({ marker: 'p1i1' });
      break;
    }
    expect(again.asked).toEqual([1]);
    expect(asked).toEqual([2, 3, 4]);
  });

  it('a failing page throws out of the loop, after the items before it', async () => {
    const { fetchPage } = fetchPages(3, 2);
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const item of paginate(fetchPage, undefined, 'things', 'things.list')) seen.push(item);
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(3);
    expect(isUserplaneError(error) && error.page).toBe(2);
  });

  it('a page that says hasMore but holds nothing, or has no pagination, is a response error, not a loop', async () => {
    const empty = { data: { things: [], pagination: { page: 1, hasMore: true } } };
    // Without the guard the walk would spin on resolved promises (no timer could end the test):
    // the fake server gives up after a few pages, so a missing guard fails instead of hanging.
    let served = 0;
    const fetchEmpty = (): Promise<unknown> =>
      ++served > 5 ? Promise.reject(new Error('walked past an empty page')) : Promise.resolve(empty);
    const loop = paginate(fetchEmpty, undefined, 'things', 'things.list');
    await expect(markers(loop)).rejects.toThrow(/empty but says hasMore/);
    expect(served).toBe(1);
    const shapeless = paginate(() => Promise.resolve({ data: {} }), undefined, 'things', 'things.list');
    await expect(markers(shapeless)).rejects.toBeInstanceOf(UserplaneResponseError);
  });
});

describe('statuses without content', () => {
  const row = (empty: OperationDefinition['empty']): OperationDefinition => ({
    method: 'delete',
    path: '/things/{id}',
    validators: {},
    ...(empty === undefined ? {} : { empty }),
  });
  const read = (definition: OperationDefinition, status: number, body: string): Promise<unknown> =>
    successBody(
      'things.delete',
      definition,
      body,
      new Response(null, { status: status === 204 ? 204 : status }),
      {},
      false,
    );

  it('a status declared without content resolves to undefined; the others parse their body', async () => {
    await expect(read(row([204]), 204, '')).resolves.toBeUndefined();
    await expect(read(row([204]), 200, '{"message":"ok"}')).resolves.toEqual({ message: 'ok' });
    await expect(read(row(true), 200, '')).resolves.toBeUndefined();
  });

  it('an empty body where one is declared is a response error, said to be processed', async () => {
    await expect(read(row(undefined), 200, '  ')).rejects.toThrow(/empty body.*processed/);
  });
});

describe('defaults', () => {
  const definition: OperationDefinition = {
    method: 'get',
    path: '/things',
    query: { page: 'form', per_page: 'form' },
    bodyRequired: false,
    validators: {
      query: v.strictObject({ page: v.optional(v.number(), 1), per_page: v.optional(v.number(), 10) }),
      body: v.strictObject({ reusable: v.optional(v.boolean(), false), title: v.optional(v.string()) }),
    },
  };

  it('a parameter or body field with a default is optional, and its default is what is sent', () => {
    const prepared = prepareParams(definition, { title: 't' });
    expect(prepared).toEqual({
      path: undefined,
      query: { page: 1, per_page: 10 },
      body: '{"reusable":false,"title":"t"}',
    });
  });

  it('a value given replaces the default', () => {
    expect(prepareParams(definition, { page: 3, reusable: true })).toMatchObject({
      query: { page: 3, per_page: 10 },
      body: '{"reusable":true}',
    });
  });
});
