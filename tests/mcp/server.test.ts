/**
 * `userplane-mcp` as agents meet it: the built bin, spawned by the official MCP client over
 * stdio and over Streamable HTTP, against the live server's twin (real oRPC, same spec). The tool
 * list is the operation model's; every tool called with params drawn from its inputSchema
 * succeeds; every declared error code comes back as an isError result with that code; the flags
 * choose tools; stdout carries JSON-RPC only; the key shows nowhere; a foreign Host or Origin is
 * refused. Built in a copy of the project, so that no other test's build can touch its dist/.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tools } from '../../packages/mcp/src/generated/tools.js';
import { startRedis } from '../../scripts/servers/redis.js';
import { root } from '../../scripts/spec.js';
import { copyProject } from '../support/copy-project.js';
import { API_KEY, modelOf, operationIds } from '../support/fixtures.js';
import { PROGRAM_TIMEOUT, run } from '../support/run.js';
import { useTwin } from '../support/twin.js';
import { sampleValid } from '../support/valid-arbitrary.js';

const twin = useTwin();
const copy = mkdtempSync(join(tmpdir(), 'userplane-mcp-'));
const bin = join(copy, 'packages/mcp/dist/cli.js');
beforeAll(async () => {
  copyProject(root, copy);
  // JavaScript only: the bin and the SDK it imports (as `userplane`, the copy's own).
  await run('npm', ['run', 'build'], { cwd: copy, env: { ...process.env, USERPLANE_BUILD_DECLARATIONS: '0' } });
}, PROGRAM_TIMEOUT);
afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

const env = (): Record<string, string> => ({
  PATH: process.env['PATH'] ?? '',
  USERPLANE_API_KEY: API_KEY,
  USERPLANE_BASE_URL: twin.url,
});

/** The official client, over stdio, on the bin started with `flags`; its stderr kept. */
async function connect(
  flags: string[] = [],
  extra: Record<string, string> = {},
): Promise<{ client: Client; stderr: () => string; close(): Promise<void> }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, ...flags],
    env: { ...env(), ...extra },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'userplane-tests', version: '0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

/** Any six characters in a row of the key's secret, in any letter case. */
const leaks = (text: string): boolean => {
  const secret = API_KEY.slice(5).toLowerCase();
  for (let at = 0; at + 6 <= secret.length; at++)
    if (text.toLowerCase().includes(secret.slice(at, at + 6))) return true;
  return false;
};

const first = (content: unknown, index = 0): string => {
  const block = (content as { type: string; text: string }[])[index];
  return block?.text ?? '';
};

describe('over stdio, with the official client', () => {
  it('lists the operation model, tool for tool, schemas as generated', { timeout: PROGRAM_TIMEOUT }, async () => {
    const { client, close } = await connect();
    try {
      const { tools: listed } = await client.listTools();
      expect(listed.map((tool) => tool.name)).toEqual(tools.map((tool) => tool.name));
      for (const tool of listed) {
        const generated = tools.find((t) => t.name === tool.name)!;
        expect(tool.inputSchema).toEqual(generated.inputSchema);
        expect(tool.annotations).toEqual(generated.annotations);
        expect(tool.description).toBe(generated.description);
      }
    } finally {
      await close();
    }
  });

  it('every tool, called with params drawn from its inputSchema, succeeds', { timeout: PROGRAM_TIMEOUT }, async () => {
    const { client, close } = await connect();
    try {
      for (const tool of tools) {
        const args = sampleValid(tool.inputSchema, 7) as Record<string, unknown>;
        const result = await client.callTool({ name: tool.name, arguments: args });
        expect(result.isError, `${tool.name}: ${first(result.content)}`).toBeFalsy();
        if (tool.outputSchema !== undefined) expect(result.structuredContent).toBeDefined();
        expect(JSON.parse(first(result.content))).toEqual(result.structuredContent ?? expect.anything());
        expect(twin.calls.at(-1)?.operationId).toBe(tool.operationId);
      }
    } finally {
      await close();
    }
  });

  it(
    'every declared error code comes back as an isError result naming it, details in JSON',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      for (const tool of tools) {
        // A server per tool: one server's calls stay under the rate limit it paces itself to
        // (120 a minute; the fuller spec's codes are more). No retries: a 5xx of an idempotent
        // operation would otherwise be retried after a real backoff.
        const { client, close } = await connect(['--max-retries', '0']);
        try {
          const model = modelOf(operationIds.find((id) => id === tool.operationId)!);
          const args = sampleValid(tool.inputSchema, 7) as Record<string, unknown>;
          for (const [status, codes] of Object.entries(model.errors)) {
            // 429 and 503 are retried, and 429 pauses the client: their codes are played last, once.
            if (status === '429' || status === '503') continue;
            for (const code of codes) {
              twin.answer(tool.operationId, { error: code, message: `says ${code}` });
              const result = await client.callTool({ name: tool.name, arguments: args });
              expect(result.isError).toBe(true);
              expect(first(result.content)).toMatch(
                new RegExp(`^${tool.operationId.replace('.', '\\.')}: ${status} ${code} — `),
              );
              expect(JSON.parse(first(result.content, 1))).toMatchObject({ kind: 'api', status: Number(status), code });
              expect(result.structuredContent).toBeUndefined();
            }
          }
        } finally {
          await close();
        }
      }
    },
  );

  it(
    'params the spec refuses: an isError result listing every problem by field, nothing sent',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const { client, close } = await connect();
      try {
        const tool = tools[0]!;
        const result = await client.callTool({ name: tool.name, arguments: { notAField: 1 } });
        expect(result.isError).toBe(true);
        const details = JSON.parse(first(result.content, 1)) as { kind: string; issues: { path: string }[] };
        expect(details.kind).toBe('validation');
        expect(details.issues.map((issue) => issue.path)).toContain('notAField');
        expect(twin.calls).toHaveLength(0);
      } finally {
        await close();
      }
    },
  );

  it(
    'an unknown tool or malformed arguments are protocol errors, not tool results',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const { client, close } = await connect();
      try {
        await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(
          /Unknown tool: no_such_tool/,
        );
        const malformed = client.request(
          { method: 'tools/call', params: { name: tools[0]!.name, arguments: 'not an object' } },
          CallToolResultSchema,
        );
        await expect(malformed).rejects.toThrow(McpError);
        expect(twin.calls).toHaveLength(0);
      } finally {
        await close();
      }
    },
  );

  it(
    'with USERPLANE_REDIS_URL, two servers on one key draw on one budget, kept in Redis',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const server = await startRedis();
      const redis = createClient({ url: server.url });
      const servers = [];
      try {
        for (let i = 0; i < 2; i++) servers.push(await connect([], { USERPLANE_REDIS_URL: server.url }));
        const tool = tools[0]!;
        const args = sampleValid(tool.inputSchema, 7) as Record<string, unknown>;
        for (const [index, count] of [3, 2].entries()) {
          for (let i = 0; i < count; i++) await servers[index]!.client.callTool({ name: tool.name, arguments: args });
        }
        await redis.connect();
        const [key] = await redis.keys('userplane-mcp:*:turns:*');
        expect(key, 'the turns counted in Redis').toBeDefined();
        // Both processes' turns in one window of one budget, named by a hash, never the key.
        expect(await redis.get(key!)).toBe('5');
        expect(key).not.toContain(API_KEY.slice(5, 11));
      } finally {
        for (const connected of servers) await connected.close();
        redis.destroy();
        await server.stop();
      }
    },
  );

  it('--read-only, --toolsets and --tools choose the tools; read-only wins', { timeout: PROGRAM_TIMEOUT }, async () => {
    const listed = async (flags: string[]): Promise<string[]> => {
      const { client, close } = await connect(flags);
      try {
        return (await client.listTools()).tools.map((tool) => tool.name);
      } finally {
        await close();
      }
    };
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

  it(
    'stdout carries JSON-RPC only; the key shows in no result, error or log line',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const tool = tools[0]!;
      const model = modelOf(operationIds.find((id) => id === tool.operationId)!);
      const code = Object.values(model.errors).flat()[0]!;
      // The server echoes the key back, in the error's message and in its data.
      twin.answer(tool.operationId, { error: code, message: `rejected Bearer ${API_KEY}`, data: { key: API_KEY } });
      const child = spawn(process.execPath, [bin], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const lines: string[] = [];
      const replies = createInterface({ input: child.stdout });
      replies.on('line', (line) => lines.push(line));
      const send = (message: object): void => {
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
      };
      send({
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } },
      });
      send({ method: 'notifications/initialized' });
      send({ id: 2, method: 'tools/list' });
      send({ id: 3, method: 'tools/call', params: { name: tool.name, arguments: sampleValid(tool.inputSchema, 7) } });
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
  /** The bin with --http on a free port; resolves once it says where it serves. */
  async function serve(): Promise<{ url: URL; stop(): void }> {
    const child = spawn(process.execPath, [bin, '--http', '--port', '0'], {
      env: env(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let said = '';
      child.stderr.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        const found = /serving Streamable HTTP at (\S+)/.exec(said);
        if (found?.[1] !== undefined) resolve(found[1]);
      });
      child.once('exit', () => {
        reject(new Error(`the bin ended: ${said}`));
      });
    });
    return { url: new URL(url), stop: () => child.kill() };
  }

  /** A raw POST of an initialize request with these headers; its status. */
  function post(url: URL, headers: Record<string, string>): Promise<number> {
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } },
    });
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it(
    'answers the official client at /mcp; refuses a foreign Host, and a foreign Origin with the right Host',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const { url, stop } = await serve();
      try {
        const client = new Client({ name: 'userplane-tests', version: '0' });
        await client.connect(new StreamableHTTPClientTransport(url));
        expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(tools.map((tool) => tool.name));
        const tool = tools[0]!;
        const result = await client.callTool({
          name: tool.name,
          arguments: sampleValid(tool.inputSchema, 7) as Record<string, unknown>,
        });
        expect(result.isError).toBeFalsy();
        await client.close();
        expect(await post(url, {})).toBe(200);
        expect(await post(url, { host: `evil.example:${url.port}` })).toBe(403);
        expect(await post(url, { origin: 'http://evil.example' })).toBe(403);
        expect(await post(url, { origin: `http://127.0.0.1:${url.port}` })).toBe(200);
      } finally {
        stop();
      }
    },
  );
});

describe('starting', () => {
  const start = (
    args: string[],
    extra: Record<string, string> = {},
  ): Promise<{ code: number; stdout: string; stderr: string }> =>
    run(process.execPath, [bin, ...args], { cwd: copy, env: { PATH: process.env['PATH'] ?? '', ...extra } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: unknown) => {
        const { code = 1, stdout = '', stderr = '' } = error as { code?: number; stdout?: string; stderr?: string };
        return { code, stdout, stderr };
      },
    );

  it(
    'the MCP Bundle manifest passes mcpb validate and says the package’s version',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const manifest = join(root, 'packages/mcp/manifest.json');
      const { stdout } = await run(join(root, 'node_modules/.bin/mcpb'), ['validate', manifest], { cwd: root });
      expect(stdout).toMatch(/validation passes/);
      const version = (path: string): unknown =>
        (JSON.parse(readFileSync(path, 'utf8')) as { version: unknown }).version;
      expect(version(manifest)).toBe(version(join(root, 'packages/mcp/package.json')));
    },
  );

  it('--version prints the version on stdout; --help the usage', { timeout: PROGRAM_TIMEOUT }, async () => {
    const version = await start(['--version']);
    expect(version).toMatchObject({ code: 0 });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect((await start(['--help'])).stdout).toMatch(/--read-only/);
  });

  it(
    'no key, a malformed key, an unknown tool or flag: one clear line on stderr, an exit code not 0',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const missing = await start([]);
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toMatch(/^userplane-mcp: No API key/);
      const malformed = await start([], { USERPLANE_API_KEY: 'not-a-key' });
      expect(malformed.code).not.toBe(0);
      expect(malformed.stderr).toMatch(/Malformed API key/);
      const unknown = await start(['--tools', 'nope'], { USERPLANE_API_KEY: API_KEY });
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toMatch(
        new RegExp(`unknown tool nope; the tools: ${tools.map((t) => t.name).join(', ')}`),
      );
      expect((await start(['--bogus'], { USERPLANE_API_KEY: API_KEY })).code).not.toBe(0);
      const remote = await start(['--http', '--host', '0.0.0.0'], { USERPLANE_API_KEY: API_KEY });
      expect(remote.code).not.toBe(0);
      expect(remote.stderr).toMatch(/--allow-remote-host/);
    },
  );
});
