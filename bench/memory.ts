/**
 * `npm run bench -- memory` (bench/bench.ts): what reading a response can cost in memory. A loopback server answers
 * every call with a body that never ends (64 KiB chunks as fast as they are read); the SDK reads
 * up to `maxResponseBytes` and stops. Each of 20 calls starts from a collected heap, memory is
 * sampled every 2 ms while it runs, and the peak above that baseline is kept: RSS (what the
 * process holds) and the JavaScript heap plus array buffers (what reading the response
 * allocates). Medians and maxima, for the default cap and larger ones.
 */
import { today, writeFigures } from './figures.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULTS, Userplane } from '../src/index.js';
import { API_KEY } from '../tests/support/fixtures.js';
import { idempotentOperation } from '../tests/support/operations.js';

const CALLS = 20;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  const pump = (): void => {
    while (!res.destroyed && res.write(CHUNK));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const used = (): { rss: number; js: number } => {
  const m = process.memoryUsage();
  return { rss: m.rss, js: m.heapUsed + m.arrayBuffers };
};

const table = [
  `Run of ${today()} (\`npm run bench -- memory\`, ${process.version}):`,
  '',
  '| maxResponseBytes | each call stopped as | peak RSS above idle, median / max | peak heap + buffers above idle, median / max | heap + buffers ÷ cap |',
  '|---:|---|---:|---:|---:|',
];
const median = (values: number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
for (const cap of [DEFAULTS.maxResponseBytes, 16 * 2 ** 20, 64 * 2 ** 20]) {
  const userplane = new Userplane({
    apiKey: API_KEY,
    baseUrl: url,
    rateLimit: false,
    maxRetries: 0,
    maxResponseBytes: cap,
  });
  const rss: number[] = [];
  const js: number[] = [];
  const kinds = new Set<string>();
  for (let i = 0; i < CALLS; i++) {
    // One call at a time, from a collected heap: what one response holds, not the garbage of the last.
    global.gc?.();
    const idle = used();
    const peak = { ...idle };
    const sampler = setInterval(() => {
      const now = used();
      peak.rss = Math.max(peak.rss, now.rss);
      peak.js = Math.max(peak.js, now.js);
    }, 2);
    const error: unknown = await idempotentOperation.call(userplane).catch((e: unknown) => e);
    clearInterval(sampler);
    const now = used();
    rss.push(Math.max(peak.rss, now.rss) - idle.rss);
    js.push(Math.max(peak.js, now.js) - idle.js);
    kinds.add(error instanceof Error ? error.message.replace(/^.*?: /, '').slice(0, 50) : 'no error');
  }
  table.push(
    `| ${mb(cap)} | ${[...kinds].join('; ')}… | ${mb(median(rss))} / ${mb(Math.max(...rss))} | ${mb(median(js))} / ${mb(Math.max(...js))} | ${(median(js) / cap).toFixed(1)} |`,
  );
}
console.log(table.join('\n'));
writeFigures('bench/README.md', 'memory', table.join('\n'));
server.closeAllConnections();
server.close();
