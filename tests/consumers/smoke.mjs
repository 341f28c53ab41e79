// ESM consumer of the packed tarball: real calls against the Prism mock at USERPLANE_BASE_URL.
// Run by tests/release/ on Node 20, 22, 24, Bun and Deno, and by consumers.test.ts from ESM.
import { isUserplaneError, Userplane } from 'userplane';

const runtime =
  typeof globalThis.Bun !== 'undefined'
    ? `bun ${globalThis.Bun.version}`
    : typeof globalThis.Deno !== 'undefined'
      ? `deno ${globalThis.Deno.version.deno}`
      : `node ${process.version}`;
const userplane = new Userplane({
  apiKey: 'uspl_consumer_smoke',
  baseUrl: process.env.USERPLANE_BASE_URL,
  maxRetries: 0,
  validateResponses: true,
});
const created = await userplane.links.create({ workspaceId: 'ws_1', domainId: 'dom_1', linkMeta: { runtime } });
const updated = await userplane.links.update({
  workspaceId: 'ws_1',
  linkId: created.data.link.linkId,
  linkTitle: 'smoke',
});
const deleted = await userplane.links.delete.withResponse({ workspaceId: 'ws_1', linkId: 'lnk_1' });
let narrowed;
try {
  await userplane.links.delete({ workspaceId: 'ws_1', linkId: 'lnk_1' }, { headers: { Prefer: 'code=404' } });
} catch (err) {
  if (!isUserplaneError(err, 'links.delete') || !err.defined) throw err;
  narrowed = `${err.status} ${err.code}`;
}
const refused = await userplane.links.create({ workspaceId: '', domainId: 'dom_1' }).catch((err) => err.kind);
console.log(
  JSON.stringify({
    runtime,
    created: typeof created.data.link.linkId,
    updated: typeof updated.message,
    deleted: deleted.response.status,
    narrowed,
    refused,
  }),
);
