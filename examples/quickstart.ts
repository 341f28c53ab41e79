/**
 * Quickstart: create, update and delete a recording link, then handle a narrowed error.
 *
 *   npm run quickstart          against a local stand-in of the API, started for you
 *
 * Against the real API, set USERPLANE_API_KEY, USERPLANE_BASE_URL (optional),
 * USERPLANE_WORKSPACE_ID and USERPLANE_DOMAIN_ID first.
 */
import { isUserplaneError, Userplane } from 'userplane';

const userplane = new Userplane(); // reads USERPLANE_API_KEY (and USERPLANE_BASE_URL if set)
const workspaceId = process.env['USERPLANE_WORKSPACE_ID'] ?? 'ws_demo';
const domainId = process.env['USERPLANE_DOMAIN_ID'] ?? 'dom_demo';

console.log(`Userplane API at ${userplane.baseUrl}`);

const created = await userplane.links.create({ workspaceId, domainId, linkMeta: { ticket: 'DEMO-1' } });
const { linkId, linkURL } = created.data.link;
console.log(`created  ${linkId}  ${linkURL}`);

const updated = await userplane.links.update({ workspaceId, linkId, linkTitle: 'Checkout bug (SDK quickstart)' });
console.log(`updated  ${updated.data.link.linkId}  title: ${String(updated.data.link.linkTitle)}`);

await userplane.links.delete({ workspaceId, linkId });
console.log(`deleted  ${linkId}`);

try {
  // Deleting twice: the API answers 410 (soft delete).
  await userplane.links.delete({ workspaceId, linkId });
} catch (err) {
  if (!isUserplaneError(err, 'links.delete') || !err.defined) throw err;
  // `err.code` is narrowed to the codes the spec declares for links.delete.
  switch (err.code) {
    case 'LINK_GONE':
      console.log(`deleting again: ${err.status} ${err.code}, as expected for a deleted link`);
      break;
    default:
      console.log(`deleting again failed: ${err.status} ${err.code}: ${err.message}`);
  }
}
