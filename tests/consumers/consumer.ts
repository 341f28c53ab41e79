// TypeScript consumer of the packed tarball, type-checked under several compiler settings
// (tsconfig.*.json next to it). Uses the SDK's types: a params object, a result, a narrowed error.
import {
  isUserplaneError,
  MemoryRateLimitStore,
  Userplane,
  type OperationParams,
  type OperationResult,
} from 'userplane';
import type { RedisRateLimitStore } from 'userplane/redis';

const userplane = new Userplane({ apiKey: 'uspl_types_only', baseUrl: 'http://127.0.0.1:4010' });

const params: OperationParams<'links.create'> = { workspaceId: 'ws_1', domainId: 'dom_1', linkMeta: { ticket: 'T-1' } };

export async function createAndClean(): Promise<string> {
  const created: OperationResult<'links.create'> = await userplane.links.create(params);
  const linkId: string = created.data.link.linkId;
  try {
    await userplane.links.delete({ workspaceId: params.workspaceId, linkId });
  } catch (err) {
    if (isUserplaneError(err, 'links.delete', 'LINK_GONE')) return linkId;
    if (isUserplaneError(err, 'links.delete') && err.defined) {
      const code: 'LINK_NOT_FOUND' | 'WORKSPACE_NOT_FOUND' | 'LINK_DELETE_FORBIDDEN' | string = err.code;
      return code;
    }
    throw err;
  }
  return linkId;
}

// The compiler must reject these under every setting.
// @ts-expect-error domainId is required
void userplane.links.create({ workspaceId: 'ws_1' });
declare const err: unknown;
// @ts-expect-error links.delete cannot return PLAN_LIMIT_EXCEEDED
void isUserplaneError(err, 'links.delete', 'PLAN_LIMIT_EXCEEDED');

// Pacing options, and a budget shared explicitly; the Redis store's type from its own entry.
const store = new MemoryRateLimitStore();
export const paced = new Userplane({ apiKey: 'uspl_types_only', rateLimit: { requests: 60, per: 60_000, store } });
export const unpaced = new Userplane({ apiKey: 'uspl_types_only', rateLimit: false });
export type SharedStore = RedisRateLimitStore;
