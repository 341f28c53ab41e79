/**
 * `npm run bench -- rate-limit` (bench/bench.ts): bulk work against a loopback API that enforces upstream's
 * documented limit (120 requests a minute; 429 RATE_LIMITED beyond it, fixed windows), in real
 * time: about 10 minutes. Prints one table row per scenario:
 *
 *   unpaced      300 calls of an idempotent operation at concurrency 16, `rateLimit: false` (each call backs off alone)
 *   paced        the same with the SDK's defaults (pacing on)
 *   retry-after  the same, the server sending Retry-After with each 429
 *   redis        4 processes sharing one budget through a real redis-server, 300 calls in all
 *   spent        the daily budget spent (every request 429): 300 calls at 16, then one call a
 *                second for 3 more minutes
 *
 * "ideal" is when the last window the calls need opens: 300 calls at 120 a minute → 120 s.
 * BENCH_RL_PER (ms, default 60000) scales the window for a quick look; BENCH_RL_ONLY=<name> runs
 * one scenario.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { root } from '../scripts/spec.js';
import { today, writeFigures } from './figures.js';
import { startRedis } from '../scripts/servers/redis.js';
import { isUserplaneError, MemoryRateLimitStore, Userplane, type UserplaneOptions } from '../src/index.js';
import { API_KEY } from '../tests/support/fixtures.js';
import { idempotentOperation } from '../tests/support/operations.js';
import { pool } from '../tests/support/pool.js';
import { startRateLimitServer, type RateLimitServerOptions } from '../tests/support/rate-limit-server.js';

const REQUESTS = 120;
const PER = Number(process.env['BENCH_RL_PER'] ?? 60_000);
const CALLS = 300;
const CONCURRENCY = 16;
const IDEAL = Math.floor((CALLS - 1) / REQUESTS) * PER;
const params = idempotentOperation.params();
const run = promisify(execFile);

interface Row {
  scenario: string;
  ok: number;
  failed: string;
  refused: number;
  busiest: number;
  wall: number;
  note: string;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function scenario(
  name: string,
  server: Partial<RateLimitServerOptions>,
  work: (url: string) => Promise<{ ok: number; kinds: Record<string, number> }>,
  note: (refused: number[], wall: number) => string = () => '',
): Promise<Row> {
  const api = await startRateLimitServer({ requests: REQUESTS, per: PER, body: idempotentOperation.body(), ...server });
  const started = performance.now();
  const { ok, kinds } = await work(api.url);
  const wall = performance.now() - started;
  await api.close();
  const failed = Object.entries(kinds).map(([kind, count]) => `${count} ${kind}`);
  const row = {
    scenario: name,
    ok,
    failed: failed.length === 0 ? '0' : failed.join(', '),
    refused: api.refused.length,
    busiest: api.busiestWindow(),
    wall,
    note: note(api.refused, wall),
  };
  console.error(JSON.stringify(row));
  return row;
}

const client = (url: string, options: UserplaneOptions): Userplane =>
  new Userplane({ apiKey: API_KEY, baseUrl: url, ...options });

/** `CALLS` calls of an idempotent operation at `CONCURRENCY` through one client. */
async function bulk(userplane: Userplane): Promise<{ ok: number; kinds: Record<string, number> }> {
  const kinds: Record<string, number> = {};
  let ok = 0;
  await pool(CALLS, CONCURRENCY, async (index) => {
    try {
      await idempotentOperation.call(userplane, params, { headers: { 'X-Call': String(index) } });
      ok++;
    } catch (error) {
      const kind = isUserplaneError(error)
        ? `${error.kind}${'status' in error ? ` ${String(error.status)}` : ''}`
        : 'other';
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
  });
  return { ok, kinds };
}

const paced = (): UserplaneOptions => ({ rateLimit: { per: PER, store: new MemoryRateLimitStore() } });

const scenarios: Record<string, () => Promise<Row>> = {
  unpaced: () => scenario('unpaced (rateLimit: false)', {}, (url) => bulk(client(url, { rateLimit: false }))),
  paced: () => scenario('paced, no Retry-After', {}, (url) => bulk(client(url, paced()))),
  'retry-after': () => scenario('paced, Retry-After sent', { retryAfter: true }, (url) => bulk(client(url, paced()))),
  redis: async () => {
    const redis = await startRedis();
    try {
      return await scenario('4 processes, one budget in Redis', {}, async (url) => {
        const key = `userplane-bench-${Date.now()}`;
        const workers = await Promise.all(
          [0, 1, 2, 3].map(() =>
            run(
              join(root, 'node_modules/.bin/tsx'),
              [
                'tests/support/rate-limit-worker.ts',
                url,
                redis.url,
                key,
                String(CALLS / 4),
                String(CONCURRENCY / 4),
                String(REQUESTS),
                String(PER),
              ],
              { cwd: root },
            ),
          ),
        );
        const results = workers.map(
          ({ stdout }) =>
            JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { ok: number; kinds: Record<string, number> },
        );
        const kinds: Record<string, number> = {};
        for (const result of results)
          for (const [kind, count] of Object.entries(result.kinds)) kinds[kind] = (kinds[kind] ?? 0) + count;
        return { ok: results.reduce((sum, r) => sum + r.ok, 0), kinds };
      });
    } finally {
      await redis.stop();
    }
  },
  spent: () => {
    let lastFailure = 0;
    let started = 0;
    return scenario(
      'daily budget spent',
      { spent: true },
      async (url) => {
        started = performance.now();
        const userplane = client(url, paced());
        const result = await bulk(userplane);
        lastFailure = performance.now() - started;
        // Then one call a second for three windows: how often does the SDK still ask the server?
        for (let second = 0; second < (3 * PER) / 1000; second++) {
          await idempotentOperation.call(userplane, params).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
        return result;
      },
      (refused) => {
        const after = refused.filter((at) => at > lastFailure);
        const perWindow = (after.length / 3).toFixed(1);
        return `all ${CALLS} failed by ${seconds(lastFailure)}; then ${after.length} × 429 in 3 windows (${perWindow} a window)`;
      },
    );
  },
};

const only = process.env['BENCH_RL_ONLY'];
const rows: Row[] = [];
for (const [name, play] of Object.entries(scenarios)) if (only === undefined || only === name) rows.push(await play());

const table = [
  `${CALLS} calls of an idempotent operation at concurrency ${CONCURRENCY}, a server allowing ${REQUESTS} per ${seconds(PER)} (fixed windows); ideal ${seconds(IDEAL)}; run of ${today()} (\`npm run bench -- rate-limit\`):`,
  '',
  '| scenario | ok | failed | 429s | most in any window | wall | × ideal | |',
  '|---|---:|---|---:|---:|---:|---:|---|',
  ...rows.map(
    (r) =>
      `| ${r.scenario} | ${r.ok} | ${r.failed} | ${r.refused} | ${r.busiest} | ${seconds(r.wall)} | ${r.ok > 0 ? (r.wall / IDEAL).toFixed(2) : '—'} | ${r.note} |`,
  ),
].join('\n');
console.log(`\n${table}`);
// A quick look (a shorter window, one scenario) is not the documented figure.
if (only === undefined && PER === 60_000) {
  writeFigures('README.md', 'rate-limit', table);
  writeFigures('bench/README.md', 'rate-limit', table);
}
