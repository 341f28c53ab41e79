// CommonJS consumer of the packed tarball: real calls against the Prism mock.
const { isUserplaneError, Userplane, UserplaneConfigError } = require('userplane');

async function main() {
  const userplane = new Userplane({
    apiKey: 'uspl_consumer_smoke',
    baseUrl: process.env.USERPLANE_BASE_URL,
    maxRetries: 0,
  });
  const created = await userplane.links.create({ workspaceId: 'ws_1', domainId: 'dom_1' });
  await userplane.links.update({ workspaceId: 'ws_1', linkId: created.data.link.linkId, linkTitle: 'smoke' });
  const deleted = await userplane.links.delete.withResponse({ workspaceId: 'ws_1', linkId: 'lnk_1' });
  let narrowed;
  try {
    await userplane.links.delete({ workspaceId: 'ws_1', linkId: 'lnk_1' }, { headers: { Prefer: 'code=410' } });
  } catch (err) {
    if (!isUserplaneError(err, 'links.delete') || !err.defined) throw err;
    narrowed = `${err.status} ${err.code}`;
  }
  let config;
  try {
    new Userplane({ apiKey: 'not-a-key' });
  } catch (err) {
    config = err instanceof UserplaneConfigError;
  }
  console.log(
    JSON.stringify({
      runtime: `node ${process.version} (cjs)`,
      created: typeof created.data.link.linkId,
      deleted: deleted.response.status,
      narrowed,
      config,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
