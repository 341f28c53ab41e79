/**
 * The remote mode: `--http` without a key of its own serves many users, each request carrying
 * its own key. A request without a well-formed key gets 401 with `WWW-Authenticate`; the key a
 * request carries is the one the upstream sees. Two replicas sharing one redis-server hold one
 * budget per key: a burst over the limit, split between them, is answered call for call, and no
 * request over the limit reaches the upstream (a loopback API that answers 429 past 120 a minute).
 */
import { describe, expect, inject, it } from 'vitest';
import { tools } from '../../packages/mcp/src/generated/tools.js';
import { API_KEY, operationIds, sampleBody } from '../support/fixtures.js';
import { leaks, postInitialize as post, serveBin } from '../support/mcp-bin.js';
import { overHttp, REVISIONS } from '../support/mcp-clients.js';
import { PROGRAM_TIMEOUT } from '../support/run.js';
import { startRateLimitServer } from '../support/rate-limit-server.js';
import { useTwin } from '../support/twin.js';
import { sampleValid } from '../support/valid-arbitrary.js';

const { mcp: bin, redisUrl } = inject('programs');
const twin = useTwin();
const PATH = process.env['PATH'] ?? '';
const tool = tools.find((t) => t.method === 'get') ?? tools.find((t) => t.method === 'delete') ?? tools[0]!;
const args = sampleValid(tool.inputSchema, 7) as Record<string, unknown>;
const bearer = { authorization: `Bearer ${API_KEY}` };

describe('each request with its own key', () => {
  it(
    'without a key, or with a malformed one: 401 and WWW-Authenticate, the value never echoed',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const running = await serveBin(bin, [], { PATH, USERPLANE_BASE_URL: twin.url });
      try {
        expect(running.stderr()).toMatch(/each request with its own key/);
        const none = await post(running.url, {});
        expect(none.status).toBe(401);
        expect(none.challenge).toBe('Bearer realm="userplane-mcp"');
        const malformed = await post(running.url, { authorization: 'Bearer not-a-key-0123456789' });
        expect(malformed.status).toBe(401);
        expect(malformed.challenge).toMatch(/error="invalid_token"/);
        expect(malformed.body).not.toContain('not-a-key');
        expect((await post(running.url, bearer)).status).toBe(200);
      } finally {
        await running.stop();
      }
    },
  );

  it.each(REVISIONS)(
    'a %s client’s key is the one the upstream sees, and shows in no log line',
    { timeout: PROGRAM_TIMEOUT },
    async (revision) => {
      const running = await serveBin(bin, [], { PATH, USERPLANE_BASE_URL: twin.url });
      try {
        const client = await overHttp(revision, running.url, bearer);
        const result = await client.callTool({ name: tool.name, arguments: args });
        expect(result.isError, result.content[0]?.text).toBeFalsy();
        expect(twin.calls.at(-1)?.headers.authorization).toBe(`Bearer ${API_KEY}`);
        await client.close();
        expect(leaks(running.stderr())).toBe(false);
      } finally {
        await running.stop();
      }
    },
  );
});

describe('two replicas behind one Redis', () => {
  it(
    'a burst over the limit, split between them: every call answered, none over the limit sent upstream',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const upstream = await startRateLimitServer({
        requests: 120,
        per: 60_000,
        body: sampleBody(operationIds.find((id) => id === tool.operationId)!),
      });
      // A budget of its own in the shared Redis: another test's calls on the same key count there too.
      const key = `uspl_replicas_${Date.now().toString(36)}`;
      const env = { PATH, USERPLANE_BASE_URL: `${upstream.url}/api/v1`, USERPLANE_REDIS_URL: redisUrl };
      const replicas = [await serveBin(bin, ['--deadline', '5'], env), await serveBin(bin, ['--deadline', '5'], env)];
      const clients = await Promise.all(
        replicas.map((replica) => overHttp('2026-07-28', replica.url, { authorization: `Bearer ${key}` })),
      );
      try {
        const burst = 130;
        const results = await Promise.all(
          Array.from({ length: burst }, (_, i) => clients[i % 2]!.callTool({ name: tool.name, arguments: args })),
        );
        const answered = results.filter((result) => !result.isError).length;
        const refused = results.filter((result) => result.isError);
        console.log(
          `${burst} calls over two replicas: ${answered} answered by the API, ${refused.length} refused at once; the API saw ${upstream.arrivals.length}, refused ${upstream.refused.length}`,
        );
        expect(answered + refused.length).toBe(burst);
        expect(upstream.refused).toEqual([]);
        expect(upstream.busiestWindow()).toBeLessThanOrEqual(120);
        expect(answered).toBe(upstream.arrivals.length);
        for (const result of refused)
          expect(result.content[0]?.text).toMatch(/not sent: no turn under the rate limit .* — call again in \d+ s/);
      } finally {
        for (const client of clients) await client.close();
        for (const replica of replicas) await replica.stop();
        await upstream.close();
      }
    },
  );
});
