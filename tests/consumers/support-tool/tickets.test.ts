// The user's tests of tickets.ts with userplane/testing, under vitest: no server, no network.
import { isUserplaneError } from 'userplane';
import { createFakeUserplane } from 'userplane/testing';
import { beforeEach, expect, test } from 'vitest';
import { closeTicket, linkForTicket } from './tickets.js';

const api = createFakeUserplane();
beforeEach(() => api.reset());
const ticket = { id: 'T-42', workspaceId: 'ws_1', domainId: 'dom_1' };

test('creates a link per ticket, referencing the ticket', async () => {
  api.links.create.respond({ data: { link: { linkURL: 'https://rec.example/T-42' } } });
  expect(await linkForTicket(api.client(), ticket)).toBe('https://rec.example/T-42');
  expect(api.links.create.calls).toHaveLength(1);
  expect(api.links.create.calls[0]?.params).toMatchObject({ linkReference: 'T-42', linkMeta: { ticket: 'T-42' } });
});

test('answers computed from the call', async () => {
  api.links.create.respond(({ params }) => ({
    data: { link: { linkURL: `https://rec.example/${params.linkReference}` } },
  }));
  expect(await linkForTicket(api.client(), { ...ticket, id: 'T-7' })).toBe('https://rec.example/T-7');
});

test('a link already gone is fine; a missing workspace is not', async () => {
  api.links.delete.fail('LINK_GONE');
  expect(await closeTicket(api.client(), 'ws_1', 'lnk_1')).toBe('already gone');
  api.links.delete.fail('WORKSPACE_NOT_FOUND');
  const error: unknown = await closeTicket(api.client(), 'ws_1', 'lnk_1').catch((err: unknown) => err);
  expect(isUserplaneError(error, 'links.delete', 'WORKSPACE_NOT_FOUND')).toBe(true);
});

test('survives one 503, retried by the client', async () => {
  api.links.delete.fault('unavailable', { times: 1, retryAfter: 0 });
  expect(await closeTicket(api.client(), 'ws_1', 'lnk_1')).toBe('deleted');
  expect(api.links.delete.calls).toHaveLength(2);
});

test('a request the live server would refuse fails here too', async () => {
  const error: unknown = await api
    .fetch('https://api.userplane.io/api/v1/public/workspace/ws_1/links', {
      method: 'POST',
      headers: { authorization: 'Bearer uspl_fake_key', 'content-type': 'application/json' },
      body: JSON.stringify({ domainId: 42 }),
    })
    .then((response) => response.json());
  expect(error).toMatchObject({ status: 400, code: 'BAD_REQUEST', data: { issues: [{ path: ['domainId'] }] } });
});

// The compiler refuses what the spec does not allow (never run: the fake refuses them at run time too).
export function compileErrors(): void {
  // @ts-expect-error links.delete does not declare PLAN_LIMIT_EXCEEDED
  api.links.delete.fail('PLAN_LIMIT_EXCEEDED');
  // @ts-expect-error a link has no field linkColour
  api.links.create.respond({ data: { link: { linkColour: 'red' } } });
}
