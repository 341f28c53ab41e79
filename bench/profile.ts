/**
 * Where one client's CPU goes:
 *   TSX_TSCONFIG_PATH=bench/tsconfig.run.json npx node@24.21.0 --import tsx bench/profile.ts "<client>" [calls]
 * makes the calls against the bench server under V8's sampling profiler and prints self time
 * grouped by function (top 25) and by origin (undici, openapi-fetch, the SDK, node internals).
 */
import { fork } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { root } from '../scripts/spec.js';
import { clients } from './clients.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const name = process.argv[2] ?? 'openapi-fetch';
const calls = Number(process.argv[3] ?? 20_000);
const make = clients[name];
if (!make) throw new Error(`unknown client ${name}; one of: ${Object.keys(clients).join(', ')}`);

const child = fork(join(root, 'bench/server.ts'), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const port = await new Promise<number>((resolve) =>
  child.once('message', (m: { port: number }) => {
    resolve(m.port);
  }),
);
const call = make(`http://127.0.0.1:${port}`);
for (let i = 0; i < 2000; i++) await call();

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
await session.post('Profiler.start');
for (let i = 0; i < calls; i++) await call();
const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: ProfileNode[] } };
child.kill();

const origin = (url: string): string => {
  if (url.includes('openapi-fetch')) return 'openapi-fetch';
  if (url.includes('/dist/') && url.includes('/work/main')) return 'userplane (dist)';
  if (url.includes('node:internal/deps/undici') || url.includes('undici')) return 'undici (fetch)';
  if (url.startsWith('node:')) return 'node internals';
  if (url === '') return '(native / GC / idle)';
  return url.replace(/^.*node_modules\//, '');
};
const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
const byFunction = new Map<string, number>();
const byOrigin = new Map<string, number>();
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\//, '')}:${lineNumber}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
  byOrigin.set(origin(url), (byOrigin.get(origin(url)) ?? 0) + hits);
}
const pct = (hits: number): string => `${((100 * hits) / total).toFixed(1)}%`;
console.log(`${name}: ${calls} calls, ${total} samples\n\nby origin:`);
for (const [key, hits] of [...byOrigin].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(hits).padStart(6)}  ${key}`);
console.log('\ntop functions (self time):');
for (const [key, hits] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`  ${pct(hits).padStart(6)}  ${key}`);
