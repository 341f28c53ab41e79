/** Test data: a valid key, sample params per operation, and valid success bodies. */
import type { OperationId, OperationParams } from '../../src/index.js';

export const API_KEY = 'uspl_test_4f9c2d7e1b8a';

/** Valid params for every operation; tests assert this covers the whole operation table. */
export const sampleParams: { [Id in OperationId]: OperationParams<Id> } = {
  'links.create': { workspaceId: 'ws_1', domainId: 'dom_1' },
  'links.update': { workspaceId: 'ws_1', linkId: 'lnk_1', linkTitle: 'Checkout bug' },
  'links.delete': { workspaceId: 'ws_1', linkId: 'lnk_1' },
};

const link = {
  linkId: 'lnk_1',
  linkTitle: 'Checkout bug',
  linkType: 'recording',
  linkReusable: false,
  linkProviderType: 'web',
  linkProviderId: null,
  linkProviderReference: null,
  linkURL: 'https://userplane.io/r/lnk_1',
  linkMeta: null,
  createdAt: '2026-11-22T10:00:00.000Z',
  project: { projectId: 'prj_1', title: 'Default' },
  creator: { workspaceMemberId: 'wm_1', name: 'Ada' },
  domain: { domainId: 'dom_1', url: 'https://shop.example', status: 'verified' },
};

/** Success bodies that match the spec, for the fault server. */
export const successBody = {
  linkCreated: { message: 'Link created', data: { workspaceId: 'ws_1', link } },
  linkUpdated: { message: 'Link updated', data: { workspaceId: 'ws_1', link } },
  linkDeleted: { message: 'Link deleted', data: { workspaceId: 'ws_1', linkId: 'lnk_1' } },
};
