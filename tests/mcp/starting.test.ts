/**
 * `userplane-mcp` starting and stopping, as an operator meets it: each refusal names the
 * variable or flag it comes from, a Redis that is unreachable or silent is refused within
 * seconds, `--help` names only what exists; the end of stdin, SIGTERM and a protocol fault end
 * the process promptly — the calls in flight aborted upstream — with an exit code that says how.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { tools } from '../../packages/mcp/src/generated/tools.js';
import { root } from '../../scripts/spec.js';
import { API_KEY } from '../support/fixtures.js';
import { runBin, serveBin } from '../support/mcp-bin.js';
import { overHttp } from '../support/mcp-clients.js';
import { PROGRAM_TIMEOUT, run } from '../support/run.js';
import { useTwin } from '../support/twin.js';
import { sampleValid } from '../support/valid-arbitrary.js';
import { eventually } from '../support/eventually.js';

const { mcp: bin } = inject('programs');
const twin = useTwin();
const PATH = process.env['PATH'] ?? '';
const start = (args: string[], env: Record<string, string> = {}) => runBin(bin, args, { PATH, ...env });
const toolsets = [...new Set(tools.map((tool) => tool.toolset))];
const idempotent = tools.find((t) => t.method === 'delete') ?? tools[0]!;

describe('flags, help and refusals', () => {
  it('--version prints the version; --help the usage, naming the toolsets and tools this version has, and no others', async () => {
    const version = await start(['--version']);
    expect(version).toMatchObject({ code: 0 });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = (await start(['--help'])).stdout;
    expect(help).toMatch(/--read-only/);
    expect(help).toMatch(/--deadline s/);
    for (const tool of tools) expect(help).toContain(tool.name);
    const named = [...help.slice(help.indexOf('Toolsets and their tools:')).matchAll(/^ {2}(\S+)\s/gm)].map(
      (m) => m[1],
    );
    expect(named).toEqual(toolsets);
  });

  it(
    'each refusal names the variable or flag it comes from: one line on stderr, an exit code not 0',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const cases: [string[], Record<string, string>, RegExp, number][] = [
        [[], {}, /^userplane-mcp: USERPLANE_API_KEY: No API key/, 1],
        [[], { USERPLANE_API_KEY: 'not-a-key' }, /^userplane-mcp: USERPLANE_API_KEY: .*Malformed API key/, 1],
        [
          [],
          { USERPLANE_API_KEY: API_KEY, USERPLANE_BASE_URL: 'ftp://example.com' },
          /^userplane-mcp: USERPLANE_BASE_URL: /,
          1,
        ],
        [
          [],
          { USERPLANE_API_KEY: API_KEY, USERPLANE_REDIS_URL: 'http://localhost:6379' },
          /^userplane-mcp: USERPLANE_REDIS_URL: not a redis:/,
          1,
        ],
        [
          ['--tools', 'nope'],
          { USERPLANE_API_KEY: API_KEY },
          new RegExp(`--tools: unknown tool nope; the tools: ${tools.map((t) => t.name).join(', ')}`),
          2,
        ],
        [
          ['--toolsets', 'nope'],
          { USERPLANE_API_KEY: API_KEY },
          new RegExp(`--toolsets: unknown toolset nope; the toolsets: ${toolsets.join(', ')}$`, 'm'),
          2,
        ],
        [['--deadline', '0'], { USERPLANE_API_KEY: API_KEY }, /--deadline must be a whole number from 5/, 2],
        [['--bogus'], { USERPLANE_API_KEY: API_KEY }, /--bogus/, 2],
        [['--http', '--host', '0.0.0.0'], { USERPLANE_API_KEY: API_KEY }, /--allow-remote-host/, 2],
      ];
      for (const [args, env, message, code] of cases) {
        const result = await start(args, env);
        expect(result.stderr, args.join(' ')).toMatch(message);
        expect(result.code, args.join(' ')).toBe(code);
      }
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
});

describe('a Redis that cannot serve, at startup', () => {
  it(
    'unreachable, or reachable and silent: refused within seconds, naming USERPLANE_REDIS_URL',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      // A port that accepts connections and never answers: a Redis that hangs.
      const sockets: Socket[] = [];
      const silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const port = (silent.address() as { port: number }).port;
      try {
        for (const [url, why] of [
          ['redis://127.0.0.1:1', /cannot be reached/],
          [`redis://127.0.0.1:${port}`, /did not answer within 3000 ms/],
        ] as const) {
          const started = performance.now();
          const result = await start([], { USERPLANE_API_KEY: API_KEY, USERPLANE_REDIS_URL: url });
          expect(performance.now() - started).toBeLessThan(10_000);
          expect(result.code).toBe(1);
          expect(result.stderr).toMatch(/^userplane-mcp: USERPLANE_REDIS_URL: the Redis at redis:\/\/127\.0\.0\.1/);
          expect(result.stderr).toMatch(why);
        }
      } finally {
        for (const socket of sockets) socket.destroy();
        silent.close();
      }
    },
  );
});

describe('ending', () => {
  it(
    'stdin closing mid-call: the upstream request is aborted and the process exits promptly, 0',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      twin.delay(idempotent.operationId, 30_000);
      const child = spawn(process.execPath, [bin], {
        env: { PATH, USERPLANE_API_KEY: API_KEY, USERPLANE_BASE_URL: twin.url },
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      const send = (message: object): void => {
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
      };
      const clientInfo = { name: 't', version: '0' };
      send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo } });
      send({ method: 'notifications/initialized' });
      send({
        id: 2,
        method: 'tools/call',
        params: { name: idempotent.name, arguments: sampleValid(idempotent.inputSchema, 7) },
      });
      await eventually(() => twin.calls.length > 0);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const closedAt = performance.now();
      child.stdin.end();
      expect(await exited).toBe(0);
      expect(performance.now() - closedAt).toBeLessThan(3_000);
      await eventually(() => twin.abandoned.length > 0);
      expect(twin.abandoned.length).toBeGreaterThan(0);
    },
  );

  it(
    'SIGTERM mid-call: the call answers, its upstream request is aborted, the process exits promptly',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      twin.delay(idempotent.operationId, 30_000);
      const running = await serveBin(bin, [], { PATH, USERPLANE_API_KEY: API_KEY, USERPLANE_BASE_URL: twin.url });
      const client = await overHttp('2026-07-28', running.url);
      const call = client.callTool({
        name: idempotent.name,
        arguments: sampleValid(idempotent.inputSchema, 7) as Record<string, unknown>,
      });
      void call.catch(() => undefined);
      await eventually(() => twin.calls.length > 0);
      const stoppedAt = performance.now();
      expect(await running.stop()).toBe(0);
      expect(performance.now() - stoppedAt).toBeLessThan(3_000);
      expect(running.stderr()).toMatch(/SIGTERM: ending the calls in flight/);
      await eventually(() => twin.abandoned.length > 0);
      expect(twin.abandoned.length).toBeGreaterThan(0);
    },
  );

  it(
    'a message over the transport’s limit: said on stderr, the exit code not 0',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const child = spawn(process.execPath, [bin], {
        env: { PATH, USERPLANE_API_KEY: API_KEY },
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdin.on('error', () => undefined);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.stdin.write(
        `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"x":"${'a'.repeat(11 * 1024 * 1024)}"}}\n`,
      );
      expect(await exited).toBe(1);
      expect(stderr).toMatch(/userplane-mcp: stdio: .*maximum size.*; the connection is closed/);
    },
  );
});
