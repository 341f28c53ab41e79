// Bundled (esbuild, from the installed tarball) into the page that headless Chromium loads.
import { isUserplaneError, Userplane, UserplaneConfigError } from 'userplane';

async function run() {
  const baseUrl = new URLSearchParams(location.search).get('api');
  let refused;
  try {
    new Userplane({ apiKey: 'uspl_browser_smoke', baseUrl });
  } catch (err) {
    refused = err instanceof UserplaneConfigError ? err.message : `unexpected: ${String(err)}`;
  }
  const userplane = new Userplane({
    apiKey: 'uspl_browser_smoke',
    baseUrl,
    dangerouslyAllowBrowser: true,
    maxRetries: 0,
    validateResponses: true,
  });
  const created = await userplane.links.create({ workspaceId: 'ws_1', domainId: 'dom_1' });
  await userplane.links.update({ workspaceId: 'ws_1', linkId: created.data.link.linkId, linkTitle: 'from a browser' });
  const deleted = await userplane.links.delete.withResponse({ workspaceId: 'ws_1', linkId: 'lnk_1' });
  let narrowed;
  try {
    await userplane.links.delete({ workspaceId: 'ws_1', linkId: 'lnk_1' }, { headers: { Prefer: 'code=404' } });
  } catch (err) {
    narrowed =
      isUserplaneError(err, 'links.delete') && err.defined ? `${err.status} ${err.code}` : `unexpected: ${String(err)}`;
  }
  return {
    userAgent: navigator.userAgent,
    refused,
    created: typeof created.data.link.linkId,
    deleted: deleted.response.status,
    narrowed,
  };
}

window.smoke = run().catch((err) => ({ failed: String(err), stack: err?.stack }));
