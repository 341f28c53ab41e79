/**
 * `userplane-mcp` as agents meet it: the built bin (tests/support/programs-setup.ts), driven by the
 * official clients of both protocol revisions — 2025-11-25 (the 1.32 client) and 2026-07-28 (the
 * 2.4 client) — over stdio and Streamable HTTP, against the live server's twin. The tool list is
 * the operation model's; every tool called with params drawn from its inputSchema succeeds; every
 * declared error code comes back as an isError result with that code; the flags choose tools;
 * stdout carries JSON-RPC only; the key shows nowhere; a foreign Host or Origin is refused.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, inject, it } from 'vitest';
import { tools } from '../../packages/mcp/src/generated/tools.js';
import { API_KEY, modelOf, operationIds } from '../support/fixtures.js';
import { leaks, postInitialize, serveBin } from '../support/mcp-bin.js';
import { overHttp, overStdio, REVISIONS, type McpClient } from '../support/mcp-clients.js';
import { PROGRAM_TIMEOUT } from '../support/run.js';
import { useTwin } from '../support/twin.js';
import { sampleValid } from '../support/valid-arbitrary.js';

const { mcp: bin } = inject('programs');
const twin = useTwin();
const env = (): Record<string, string> => ({
  PATH: process.env['PATH'] ?? '',
  USERPLANE_API_KEY: API_KEY,
  USERPLANE_BASE_URL: twin.url,
});
const text = (result: { content: readonly { text?: string }[] }, index = 0): string =>
  result.content[index]?.text ?? '';
const argsOf = (tool: (typeof tools)[number]): Record<string, unknown> =>
  sampleValid(tool.inputSchema, 7) as Record<string, unknown>;

/** Runs `body` with a client of `revision` on the bin started with `flags`, closing it after. */
async function withClient<T>(
  revision: (typeof REVISIONS)[number],
  flags: string[],
  body: (client: McpClient) => Promise<T>,
): Promise<T> {
  const client = await overStdio(revision, [bin, ...flags], env());
  try {
    return await body(client);
  } finally {
    await client.close();
  }
}

describe.each(REVISIONS)('over stdio, a %s client', (revision) => {
  it('lists the operation model, tool for tool, schemas as generated', { timeout: PROGRAM_TIMEOUT }, async () => {
    await withClient(revision, [], async (client) => {
      const { tools: listed } = await client.listTools();
      expect(listed.map((tool) => tool.name)).toEqual(tools.map((tool) => tool.name));
      for (const tool of listed) {
        const generated = tools.find((t) => t.name === tool.name)!;
        expect(tool.inputSchema).toEqual(generated.inputSchema);
        expect(tool.annotations).toEqual(generated.annotations);
        expect(tool.description).toBe(generated.description);
      }
    });
  });

  it('every tool, called with params drawn from its inputSchema, succeeds', { timeout: PROGRAM_TIMEOUT }, async () => {
    await withClient(revision, [], async (client) => {
      for (const tool of tools) {
        const result = await client.callTool({ name: tool.name, arguments: argsOf(tool) });
        expect(result.isError, `${tool.name}: ${text(result)}`).toBeFalsy();
        if (tool.outputSchema !== undefined) expect(result.structuredContent).toBeDefined();
        expect(JSON.parse(text(result))).toEqual(result.structuredContent ?? expect.anything());
        expect(twin.calls.at(-1)?.operationId).toBe(tool.operationId);
      }
    });
  });

  it(
    'every declared error code comes back as an isError result naming it, details in JSON',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      // Every (tool, status, code) to play; 429 pauses the client for a window: calls.test.ts plays it.
      const plays = tools.flatMap((tool) =>
        Object.entries(modelOf(operationIds.find((id) => id === tool.operationId)!).errors)
          .filter(([status]) => status !== '429')
          .flatMap(([status, codes]) => codes.map((code) => ({ tool, status, code }))),
      );
      // A server for every 100 calls: each stays under the rate limit it paces itself to (120 a
      // minute). No retries: a 5xx of an idempotent operation would otherwise be retried after a
      // real backoff.
      for (let at = 0; at < plays.length; at += 100) {
        await withClient(revision, ['--max-retries', '0'], async (client) => {
          for (const { tool, status, code } of plays.slice(at, at + 100)) {
            twin.answer(tool.operationId, { error: code, message: `says ${code}` });
            const result = await client.callTool({ name: tool.name, arguments: argsOf(tool) });
            expect(result.isError).toBe(true);
            expect(text(result)).toMatch(
              new RegExp(`^${tool.operationId.replace('.', '\\.')}: ${status} ${code} — says ${code}`),
            );
            expect(JSON.parse(text(result, 1))).toMatchObject({ kind: 'api', status: Number(status), code });
            expect(result.structuredContent).toBeUndefined();
          }
        });
      }
    },
  );

  it(
    'params the spec refuses: an isError result listing every problem by field, nothing sent',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      await withClient(revision, [], async (client) => {
        const result = await client.callTool({ name: tools[0]!.name, arguments: { notAField: 1 } });
        expect(result.isError).toBe(true);
        expect(text(result)).toMatch(/invalid params — /);
        const details = JSON.parse(text(result, 1)) as { kind: string; issues: Record<string, string[]> };
        expect(details.kind).toBe('validation');
        expect(Object.keys(details.issues)).toContain('notAField');
        expect(twin.calls).toHaveLength(0);
      });
    },
  );

  it('an unknown tool is a protocol error (-32602), not a tool result', { timeout: PROGRAM_TIMEOUT }, async () => {
    await withClient(revision, [], async (client) => {
      await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(
        /Unknown tool: no_such_tool/,
      );
      expect(twin.calls).toHaveLength(0);
    });
  });

  it('--read-only, --toolsets and --tools choose the tools; read-only wins', { timeout: PROGRAM_TIMEOUT }, async () => {
    const listed = (flags: string[]): Promise<string[]> =>
      withClient(revision, flags, async (client) => (await client.listTools()).tools.map((tool) => tool.name));
    const [one, two] = tools;
    expect(await listed(['--toolsets', one!.toolset])).toEqual(
      tools.filter((t) => t.toolset === one!.toolset).map((t) => t.name),
    );
    if (two !== undefined)
      expect(await listed(['--tools', `${one!.name},${two.operationId}`])).toEqual([one!.name, two.name]);
    expect(await listed(['--read-only', '--tools', tools.map((t) => t.name).join(',')])).toEqual(
      tools.filter((t) => t.method === 'get').map((t) => t.name),
    );
  });
});

describe('the key, and stdout', () => {
  it(
    'stdout carries JSON-RPC only; the key shows in no result, error or log line',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const tool = tools[0]!;
      const code = Object.values(modelOf(tool.operationId).errors).flat()[0]!;
      // The server echoes the key back, in the error's message and in its data.
      twin.answer(tool.operationId, { error: code, message: `rejected Bearer ${API_KEY}`, data: { key: API_KEY } });
      const child = spawn(process.execPath, [bin], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const lines: string[] = [];
      createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
      const send = (message: object): void => {
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
      };
      const clientInfo = { name: 't', version: '0' };
      send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo } });
      send({ method: 'notifications/initialized' });
      send({ id: 2, method: 'tools/list' });
      send({ id: 3, method: 'tools/call', params: { name: tool.name, arguments: argsOf(tool) } });
      for (let i = 0; i < 200 && lines.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      child.stdin.end();
      await new Promise((resolve) => child.once('exit', resolve));
      expect(lines).toHaveLength(3);
      for (const line of lines) expect((JSON.parse(line) as { jsonrpc: string }).jsonrpc).toBe('2.0');
      expect(lines[2]).toMatch(/"isError":true/);
      expect(leaks(lines.join('\n'))).toBe(false);
      expect(leaks(stderr)).toBe(false);
      expect(stderr).toMatch(/userplane-mcp: .*tools for/);
    },
  );
});

describe('over Streamable HTTP', () => {
  it(
    'answers clients of both revisions at /mcp; refuses a foreign Host, and a foreign Origin with the right Host',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const running = await serveBin(bin, [], env());
      try {
        for (const revision of REVISIONS) {
          const client = await overHttp(revision, running.url);
          expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(tools.map((tool) => tool.name));
          const tool = tools[0]!;
          const result = await client.callTool({ name: tool.name, arguments: argsOf(tool) });
          expect(result.isError, text(result)).toBeFalsy();
          await client.close();
        }
        const status = async (headers: Record<string, string>): Promise<number> =>
          (await postInitialize(running.url, headers)).status;
        expect(await status({})).toBe(200);
        expect(await status({ host: `evil.example:${running.url.port}` })).toBe(403);
        expect(await status({ origin: 'http://evil.example' })).toBe(403);
        expect(await status({ origin: `http://127.0.0.1:${running.url.port}` })).toBe(200);
      } finally {
        await running.stop();
      }
    },
  );
});
