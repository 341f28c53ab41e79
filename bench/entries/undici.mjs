import { request } from 'undici';

const response = await request(`${process.env.BENCH_URL}/public/workspace/ws_1/links`, {
  method: 'POST',
  headers: { authorization: 'Bearer uspl_bench_0123456789', 'content-type': 'application/json' },
  body: JSON.stringify({ domainId: 'dom_1', linkReusable: false }),
});
export default await response.body.json();
