/**
 * `npm run bench [-- <name>]`: the benchmarks, each writing its figures into the documents that
 * quote them (bench/figures.ts). Speed, size, memory and pacing are measured here, never asserted
 * as timings in tests.
 *
 *   calls       (the default) one call side by side with openapi-fetch, ky, axios, undici and raw
 *               fetch: CPU per call, bundle sizes, cold start, heap over 100,000 calls — on Node
 *               24.21 (fetched with npx), about 6 minutes: bench/run.ts
 *   rate-limit  bulk work against a rate-limited loopback API, in real time, about 11 minutes:
 *               bench/rate-limit.ts
 *   memory      what reading hostile responses costs in memory: bench/memory.ts
 *   clients     making 100,000 clients with distinct keys beside 100,000 with one: bench/construction.ts
 *   mcp         userplane-mcp: the size of its tool list, its start beside a minimal server: bench/mcp.ts
 *   cli         userplane-cli: its cold start beside a one-file script making the same call: bench/cli.ts
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from '../scripts/spec.js';

const name = process.argv[2] ?? 'calls';
const tsx = join(root, 'node_modules/.bin/tsx');
const env = { ...process.env, TSX_TSCONFIG_PATH: join(root, 'bench/tsconfig.run.json') };
const commands: Record<string, [string, string[]][]> = {
  calls: [
    [join(root, 'node_modules/.bin/tsup'), ['--silent']],
    ['npx', ['--yes', 'node@24.21.0', '--import', 'tsx', 'bench/run.ts']],
  ],
  'rate-limit': [[tsx, ['bench/rate-limit.ts']]],
  memory: [[process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/memory.ts']]],
  clients: [[tsx, ['bench/construction.ts']]],
  mcp: [
    ['npm', ['run', '--silent', 'build']],
    [tsx, ['bench/mcp.ts']],
  ],
  cli: [
    ['npm', ['run', '--silent', 'build']],
    [tsx, ['bench/cli.ts']],
  ],
};
const steps = commands[name];
if (steps === undefined) {
  console.error(`npm run bench -- <name>: one of ${Object.keys(commands).join(', ')} (got "${name}")`);
  process.exit(1);
}
for (const [command, args] of steps) {
  const result = spawnSync(command, [...args, ...process.argv.slice(3)], { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
