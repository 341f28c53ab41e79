/**
 * A loopback API that enforces a rate limit the way a simple server does, for the pacing tests
 * and `npm run bench:rate-limit`: fixed windows of `per` ms from its start, `requests` allowed in
 * each; over that, 429 `RATE_LIMITED` in upstream's error shape, with `Retry-After` (seconds to
 * the window's end) only when asked — upstream documents none. `spent` refuses everything, as a
 * spent daily budget does; `used` counts requests of another client in the first window.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RateLimitServerOptions {
  requests: number;
  per: number;
  retryAfter?: boolean;
  spent?: boolean;
  used?: number;
  /** The success body (any JSON). */
  body: unknown;
}

export interface RateLimitServer {
  readonly url: string;
  /** When each request arrived (ms since the server started), and each refused one. */
  readonly arrivals: number[];
  readonly refused: number[];
  /** How often each request body was processed (a create processed twice is a duplicate). */
  readonly processed: Map<string, number>;
  /** The most requests that arrived within any `per` ms. */
  busiestWindow(): number;
  close(): Promise<void>;
}

export async function startRateLimitServer(options: RateLimitServerOptions): Promise<RateLimitServer> {
  const started = performance.now();
  const arrivals: number[] = [];
  const refused: number[] = [];
  const processed = new Map<string, number>();
  const counts = new Map<number, number>([[0, options.used ?? 0]]);
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const at = performance.now() - started;
      arrivals.push(at);
      const window = Math.floor(at / options.per);
      const count = (counts.get(window) ?? 0) + 1;
      counts.set(window, count);
      if (options.spent === true || count > options.requests) {
        refused.push(at);
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (options.retryAfter === true)
          headers['retry-after'] = String(Math.ceil(((window + 1) * options.per - at) / 1000));
        res.writeHead(429, headers);
        res.end(JSON.stringify({ defined: true, code: 'RATE_LIMITED', status: 429, message: 'Rate limit exceeded' }));
        return;
      }
      // A call is told apart by its X-Call header (the tests set one per call), else by its bytes.
      const key = `${req.method ?? ''} ${req.url ?? ''} ${String(req.headers['x-call'] ?? body)}`;
      processed.set(key, (processed.get(key) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(options.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    refused,
    processed,
    busiestWindow: () => {
      const sorted = [...arrivals].sort((a, b) => a - b);
      let most = 0;
      for (let first = 0, last = 0; last < sorted.length; last++) {
        while ((sorted[last] ?? 0) - (sorted[first] ?? 0) >= options.per) first++;
        most = Math.max(most, last - first + 1);
      }
      return most;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
