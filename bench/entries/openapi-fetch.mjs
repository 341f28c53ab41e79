import createClient from 'openapi-fetch';

const client = createClient({
  baseUrl: process.env.BENCH_URL,
  headers: { authorization: 'Bearer uspl_bench_0123456789' },
});
const { data } = await client.POST('/public/workspace/{workspaceId}/links', {
  params: { path: { workspaceId: 'ws_1' } },
  body: { domainId: 'dom_1', linkReusable: false },
});
export default data;
