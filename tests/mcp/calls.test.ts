/**
 * Every tool call ends in time and stops when asked, for clients of both revisions: the built bin
 * with a short deadline (`--deadline 5`: its waits then get 2 s) against the live server's twin.
 *
 *   - a hanging upstream: the answer comes at the deadline, and the upstream request is aborted;
 *   - a 429 without Retry-After (a whole window's pause): answered at once, saying when to retry;
 *   - a cancellation — the client aborts the call, over stdio and HTTP — aborts the upstream request;
 *   - a `progressToken` brings progress notifications while the SDK waits;
 *   - a Redis that stops answering mid-session: each call still ends within the deadline;
 *   - a result stays within its budget: a 3 MB message is cut, saying so.
 */
import { describe, expect, inject, it } from 'vitest';
import { tools } from '../../packages/mcp/src/generated/tools.js';
import { startRedis } from '../../scripts/servers/redis.js';
import { API_KEY } from '../support/fixtures.js';
import { serveBin } from '../support/mcp-bin.js';
import { overHttp, overStdio, REVISIONS, type McpClient } from '../support/mcp-clients.js';
import { withDeclaredCode } from '../support/operations.js';
import { PROGRAM_TIMEOUT } from '../support/run.js';
import { useTwin } from '../support/twin.js';
import { sampleValid } from '../support/valid-arbitrary.js';
import { eventually } from '../support/eventually.js';

const { mcp: bin } = inject('programs');
const twin = useTwin();
const DEADLINE_S = 5;
const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env['PATH'] ?? '',
  USERPLANE_API_KEY: API_KEY,
  USERPLANE_BASE_URL: twin.url,
  ...extra,
});
const text = (result: { content: readonly { text?: string }[] }, index = 0): string =>
  result.content[index]?.text ?? '';
const toolOf = (operationId: string): (typeof tools)[number] => tools.find((t) => t.operationId === operationId)!;
const argsOf = (tool: (typeof tools)[number]): Record<string, unknown> =>
  sampleValid(tool.inputSchema, 7) as Record<string, unknown>;
/** A DELETE if the spec has one (a call that is safe to repeat), else the first tool. */
const idempotent =
  tools.find((t) => t.method === 'delete') ?? tools.find((t) => t.annotations.idempotentHint) ?? tools[0]!;

async function stdio<T>(
  revision: (typeof REVISIONS)[number],
  extra: Record<string, string>,
  body: (client: McpClient) => Promise<T>,
): Promise<T> {
  const client = await overStdio(revision, [bin, '--deadline', String(DEADLINE_S)], env(extra));
  try {
    return await body(client);
  } finally {
    await client.close();
  }
}

/** Calls the delayed tool, cancels the call once the twin has its request, and sees that request abandoned. */
async function cancelMidCall(client: McpClient): Promise<void> {
  const controller = new AbortController();
  const call = client.callTool({ name: idempotent.name, arguments: argsOf(idempotent) }, { signal: controller.signal });
  await eventually(() => twin.calls.length > 0);
  controller.abort('the user pressed stop');
  await expect(call).rejects.toThrow();
  await eventually(() => twin.abandoned.length > 0);
  expect(twin.abandoned.length).toBeGreaterThan(0);
}

describe.each(REVISIONS)('a %s client', (revision) => {
  it(
    'a hanging upstream: the answer comes at the deadline, and the request is aborted',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      twin.delay(idempotent.operationId, 30_000);
      await stdio(revision, {}, async (client) => {
        const started = performance.now();
        const result = await client.callTool({ name: idempotent.name, arguments: argsOf(idempotent) });
        const took = performance.now() - started;
        expect(result.isError).toBe(true);
        expect(text(result)).toMatch(
          new RegExp(`deadline — no answer within the deadline, ${DEADLINE_S}\\.0 s; calling it again is safe`),
        );
        expect(JSON.parse(text(result, 1))).toMatchObject({ kind: 'deadline', deadlineMs: DEADLINE_S * 1000 });
        // Within the deadline and well under a client's 60 s (and not at once either).
        expect(took).toBeGreaterThanOrEqual(DEADLINE_S * 1000 - 100);
        expect(took).toBeLessThan(60_000);
        await eventually(() => twin.abandoned.length > 0);
        expect(twin.abandoned.length).toBeGreaterThan(0);
      });
    },
  );

  it(
    'a 429 without Retry-After: answered at once, saying when to call again',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const { operation } = withDeclaredCode(429);
      const tool = toolOf(operation.id);
      twin.answer(operation.id, { error: operation.code(429)! });
      await stdio(revision, {}, async (client) => {
        const started = performance.now();
        const result = await client.callTool({ name: tool.name, arguments: argsOf(tool) });
        expect(performance.now() - started).toBeLessThan(DEADLINE_S * 1000);
        expect(result.isError).toBe(true);
        expect(text(result)).toMatch(/— call again in \d+ s$/);
        expect(JSON.parse(text(result, 1))).toMatchObject({ retryAfter: expect.any(Number) as unknown });
      });
    },
  );

  it('a cancelled call aborts the upstream request (stdio)', { timeout: PROGRAM_TIMEOUT }, async () => {
    twin.delay(idempotent.operationId, 30_000);
    await stdio(revision, {}, cancelMidCall);
  });

  it('a cancelled call aborts the upstream request (HTTP)', { timeout: PROGRAM_TIMEOUT }, async () => {
    twin.delay(idempotent.operationId, 30_000);
    const running = await serveBin(bin, ['--deadline', '20'], env());
    const client = await overHttp(revision, running.url);
    try {
      await cancelMidCall(client);
    } finally {
      await client.close();
      await running.stop();
    }
  });

  it('with a progressToken, progress notifications while the SDK waits', { timeout: PROGRAM_TIMEOUT }, async () => {
    const { operation, code } = withDeclaredCode(503);
    const tool = toolOf(operation.id);
    // Unavailable once: the SDK waits a backoff, then retries — and says so.
    twin.answer(operation.id, { error: code }, { body: operation.body() });
    await stdio(revision, {}, async (client) => {
      const heard: string[] = [];
      const result = await client.callTool(
        { name: tool.name, arguments: argsOf(tool) },
        { onprogress: ({ message }) => heard.push(message ?? '') },
      );
      expect(result.isError, text(result)).toBeFalsy();
      expect(heard).toEqual([expect.stringMatching(/^attempt 1 failed; retrying in \d+\.\d s$/) as unknown]);
    });
  });
});

describe('bounds', () => {
  it(
    'a 3 MB upstream message is cut, saying what was cut; the key shows nowhere',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const { operation, code } = withDeclaredCode(404);
      const tool = toolOf(operation.id);
      twin.answer(operation.id, {
        error: code,
        message: `x${'y'.repeat(3 * 1024 * 1024)}`,
        data: { blob: 'z'.repeat(200_000) },
      });
      await stdio('2026-07-28', {}, async (client) => {
        const result = await client.callTool({ name: tool.name, arguments: argsOf(tool) });
        const size = result.content.reduce((sum, block) => sum + (block.text?.length ?? 0), 0);
        expect(size).toBeLessThan(100_000);
        expect(text(result)).toMatch(/\[cut: [\d,]+ more characters\]/);
        expect(text(result, 1)).toMatch(/cut/);
      });
    },
  );
});

describe('a Redis that stops answering mid-session', () => {
  it(
    'each call still ends within the deadline, as a pacing refusal, nothing sent',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const redis = await startRedis();
      try {
        await stdio('2025-11-25', { USERPLANE_REDIS_URL: redis.url }, async (client) => {
          const tool = idempotent;
          expect((await client.callTool({ name: tool.name, arguments: argsOf(tool) })).isError).toBeFalsy();
          process.kill(redis.pid!, 'SIGSTOP');
          try {
            const before = twin.calls.length;
            const started = performance.now();
            const result = await client.callTool({ name: tool.name, arguments: argsOf(tool) });
            expect(performance.now() - started).toBeLessThan(DEADLINE_S * 1000);
            expect(result.isError).toBe(true);
            expect(JSON.parse(text(result, 1))).toMatchObject({ kind: 'pacing', attempts: 0 });
            expect(twin.calls.length).toBe(before);
          } finally {
            process.kill(redis.pid!, 'SIGCONT');
          }
        });
      } finally {
        await redis.stop();
      }
    },
  );
});
