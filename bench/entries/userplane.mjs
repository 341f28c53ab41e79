import { Userplane } from 'userplane';

const userplane = new Userplane({ apiKey: 'uspl_bench_0123456789', baseUrl: process.env.BENCH_URL });
export default await userplane.links.create({ workspaceId: 'ws_1', domainId: 'dom_1' });
