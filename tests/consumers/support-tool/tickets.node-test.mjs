// The same kind of test with node:test and plain JavaScript.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFakeUserplane } from 'userplane/testing';

test('creates a link per ticket; a deleted link is LINK_GONE', async () => {
  const api = createFakeUserplane();
  api.links.create.respond({ data: { link: { linkId: 'lnk_42' } } });
  const userplane = api.client();
  const { data } = await userplane.links.create({ workspaceId: 'ws_1', domainId: 'dom_1', linkReference: 'T-42' });
  assert.equal(data.link.linkId, 'lnk_42');
  assert.equal(api.links.create.calls[0].params.linkReference, 'T-42');

  api.links.delete.fail('LINK_GONE');
  await assert.rejects(userplane.links.delete({ workspaceId: 'ws_1', linkId: 'lnk_42' }), {
    status: 410,
    code: 'LINK_GONE',
  });
  assert.deepEqual(
    api.calls.map((call) => call.operationId),
    ['links.create', 'links.delete'],
  );
});
