// The user's test of recordings.ts: the fake pages the items it is given, in the spec's envelope.
import { createFakeUserplane } from 'userplane/testing';
import { beforeEach, expect, test } from 'vitest';
import { recordingsOfLink } from './recordings.js';

const api = createFakeUserplane();
beforeEach(() => api.reset());

test('walks every page of a link’s recordings', async () => {
  api.recordings.list.items(Array.from({ length: 45 }, (_, i) => ({ recordingId: `rec_${i}` })));
  const ids = await recordingsOfLink(api.client(), 'ws_1', 'lnk_1');
  expect(ids).toHaveLength(45);
  expect(ids.at(-1)).toBe('rec_44');
  expect(api.recordings.list.calls.map((call) => call.params.page)).toEqual([1, 2, 3]);
  expect(api.recordings.list.calls[0]?.params).toMatchObject({ workspaceId: 'ws_1', link_id: ['lnk_1'] });
});

test('no recordings yet: one page asked for, nothing returned', async () => {
  api.recordings.list.items([]);
  expect(await recordingsOfLink(api.client(), 'ws_1', 'lnk_1')).toEqual([]);
  expect(api.recordings.list.calls).toHaveLength(1);
});
