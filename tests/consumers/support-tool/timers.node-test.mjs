// The support tool's tests under node:test, in plain JavaScript: mocked timers around the real
// client on `api.fetch` (first in the file), the order of answers, each fault forever.
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { Userplane } from 'userplane';
import { createFakeUserplane } from 'userplane/testing';

test('first in the file: a 503, then the retry, on mocked timers', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const api = createFakeUserplane();
    api.links.delete.fault('unavailable', { times: 1 });
    const userplane = new Userplane({ apiKey: 'uspl_test_key', fetch: api.fetch });
    const deleting = userplane.links.delete({ workspaceId: 'ws_1', linkId: 'lnk_1' });
    let done = false;
    void deleting.finally(() => (done = true));
    for (let round = 0; round < 50 && !done; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      mock.timers.tick(1_000);
    }
    await deleting;
    assert.equal(api.links.delete.calls.length, 2);
  } finally {
    mock.timers.reset();
  }
});

test('answers given `times` keep their place when the standing answer comes after', async () => {
  const api = createFakeUserplane();
  api.links.delete.fault('network', { times: 2 });
  api.links.delete.respond({ message: 'deleted' });
  await api.client().links.delete({ workspaceId: 'ws_1', linkId: 'lnk_1' });
  assert.equal(api.links.delete.calls.length, 3);
  assert.deepEqual(api.pending(), []);
});

for (const kind of ['rate-limited', 'unavailable', 'server-error', 'network', 'hang']) {
  test(`${kind}, every time: ends at once, and says what the client waited`, async () => {
    const api = createFakeUserplane();
    api.links.delete.fault(kind);
    await assert.rejects(api.client().links.delete({ workspaceId: 'ws_1', linkId: 'lnk_1' }));
    assert.ok(api.waits.reduce((total, wait) => total + wait.ms, 0) > 0);
  });
}
