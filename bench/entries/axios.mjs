import axios from 'axios';

const response = await axios.post(
  `${process.env.BENCH_URL}/public/workspace/ws_1/links`,
  { domainId: 'dom_1', linkReusable: false },
  { headers: { authorization: 'Bearer uspl_bench_0123456789' } },
);
export default response.data;
