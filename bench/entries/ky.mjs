import ky from 'ky';

export default await ky
  .post(`${process.env.BENCH_URL}/public/workspace/ws_1/links`, {
    json: { domainId: 'dom_1', linkReusable: false },
    headers: { authorization: 'Bearer uspl_bench_0123456789' },
  })
  .json();
