/**
 * One worker process of a shared budget, for tests/sdk/rate-limit.test.ts and
 * bench/rate-limit.ts: `calls` calls of an idempotent operation, `concurrency` at a time, through a client
 * whose rate-limit store is Redis. Prints one JSON line: `{ ok, failed, kinds }`.
 *
 *   tsx tests/support/rate-limit-worker.ts <api url> <redis url> <store key> <calls> <concurrency> <requests> <per>
 */
import { createClient } from 'redis';
import { isUserplaneError, Userplane } from '../../src/index.js';
import { RedisRateLimitStore } from '../../src/pacing/redis.js';
import { API_KEY } from './fixtures.js';
import { pool } from './pool.js';
import { idempotentOperation } from './operations.js';

const [apiUrl = '', redisUrl = '', key = '', calls = '0', concurrency = '1', requests = '120', per = '60000'] =
  process.argv.slice(2);
const redis = await createClient({ url: redisUrl }).connect();
const userplane = new Userplane({
  apiKey: API_KEY,
  baseUrl: apiUrl,
  rateLimit: { requests: Number(requests), per: Number(per), store: new RedisRateLimitStore({ client: redis, key }) },
});
const kinds: Record<string, number> = {};
let ok = 0;
await pool(Number(calls), Number(concurrency), async (index) => {
  try {
    await idempotentOperation.call(userplane, undefined, { headers: { 'X-Call': `${process.pid}-${index}` } });
    ok++;
  } catch (error) {
    const kind = isUserplaneError(error) ? error.kind : 'other';
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
});
await redis.quit();
console.log(JSON.stringify({ ok, failed: Number(calls) - ok, kinds }));
