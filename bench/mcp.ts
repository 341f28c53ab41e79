/**
 * `npm run bench -- mcp` (bench/bench.ts): what `userplane-mcp` costs an agent and an operator.
 *
 *   1. The size of `tools/list` as a model sees it — each tool's name, description and
 *      inputSchema as JSON — per tool on average, with and without outputSchema, for today's spec
 *      and for the fuller copy (the seed pages plus upstream-shaped pages for ten more operations,
 *      as tests/tooling/follow-upstream.test.ts pulls them).
 *   2. Start to first `tools/list` answer over stdio, at each protocol revision — 2025-11-25
 *      (`initialize`, then the list) and 2026-07-28 (`server/discover`, then the list, each
 *      request with its `_meta` envelope) — side by side with a minimal server on the same MCP
 *      SDK with one tool, interleaved rounds, medians; and the resident memory of each then.
 *
 * Needs the built bin (`npm run build`). Writes its figures into packages/mcp/README.md and bench/README.md.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'yaml';
import { sharedErrors } from '../scripts/generate/descriptions.js';
import { toolModels, type ToolModel } from '../scripts/generate/emit-tools.js';
import { buildModel } from '../scripts/generate/model.js';
import { applyOverlay, isRecord, loadSpec, overlayPath, root } from '../scripts/spec.js';
import { mergeBlocks, pageBlocks } from '../scripts/upstream/spec-merge.js';
import { fixturePages, upstreamShapePages } from '../tests/support/docs-server.js';
import { today, writeFigures } from './figures.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The effective spec of the fuller copy: the seeds and the upstream-shaped pages, merged, overlay applied. */
function fullerSpec(): Record<string, unknown> {
  const pages = new Map([...fixturePages(), ...upstreamShapePages()]);
  const merged: unknown = parse(mergeBlocks([...pages].flatMap(([name, page]) => pageBlocks(name, page))));
  const overlay: unknown = parse(readFileSync(overlayPath, 'utf8'));
  if (!isRecord(merged) || !isRecord(overlay)) throw new Error('the fuller spec could not be made');
  return applyOverlay(merged, overlay as never);
}

/** Bytes of tools/list as a model reads it: name, description, inputSchema (and outputSchema). */
function listBytes(tools: ToolModel[], output: boolean): number {
  const listed = tools.map(({ name, description, inputSchema, outputSchema }) => ({
    name,
    description,
    inputSchema,
    ...(output && outputSchema !== undefined ? { outputSchema } : {}),
  }));
  return Buffer.byteLength(JSON.stringify(listed));
}

/** A minimal server on the same SDK: one tool, the low-level Server, served over stdio for both revisions. */
const MINIMAL = `
import { Server } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
serveStdio(() => {
  const server = new Server({ name: 'minimal', version: '0' }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/list', () => ({ tools: [{ name: 'echo', inputSchema: { type: 'object' } }] }));
  server.setRequestHandler('tools/call', () => ({ content: [] }));
  return server;
});
`;

const REVISIONS = ['2025-11-25', '2026-07-28'] as const;
type Revision = (typeof REVISIONS)[number];
/** The 2026-07-28 envelope every request carries in its `_meta`. */
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** Spawn to first tools/list answer (ms) at `revision`, and the process's resident memory then (KB). */
async function startToList(script: string, revision: Revision): Promise<{ ms: number; rssKb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env['PATH'] ?? '', USERPLANE_API_KEY: 'uspl_bench_0123456789' },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const lines = createInterface({ input: child.stdout });
  const send = (message: object): void => {
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  };
  const answered = new Promise<void>((resolve) => {
    lines.on('line', (line) => {
      if ((JSON.parse(line) as { id?: number }).id === 2) resolve();
    });
  });
  if (revision === '2025-11-25') {
    send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: revision, capabilities: {}, clientInfo: { name: 'bench', version: '0' } },
    });
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/list' });
  } else {
    send({ id: 1, method: 'server/discover', params: { _meta: ENVELOPE } });
    send({ id: 2, method: 'tools/list', params: { _meta: ENVELOPE } });
  }
  await answered;
  const ms = performance.now() - started;
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  child.stdin.end();
  await new Promise((resolve) => child.once('exit', resolve));
  return { ms, rssKb };
}

const today_ = loadSpec();
const fuller = fullerSpec();
const specs: [string, ToolModel[]][] = [
  ['today’s spec', toolModels(buildModel(today_), sharedErrors(today_))],
  ['the fuller copy', toolModels(buildModel(fuller), sharedErrors(fuller))],
];
const sizes = specs.map(([name, tools]) => {
  const without = listBytes(tools, false);
  const withOutput = listBytes(tools, true);
  return `| ${name} | ${tools.length} | ${without.toLocaleString('en')} B | ${Math.round(without / tools.length)} B | ${withOutput.toLocaleString('en')} B | ${Math.round(withOutput / tools.length).toLocaleString('en')} B |`;
});

// The minimal server, where it resolves the same SDK: a folder of its own, this project's install linked in.
const dir = mkdtempSync(join(tmpdir(), 'userplane-bench-mcp-'));
const ours = join(root, 'packages/mcp/dist/cli.js');
type Series = { ms: number[]; rss: number[] };
const series = (): Record<'ours' | 'minimal', Series> => ({ ours: { ms: [], rss: [] }, minimal: { ms: [], rss: [] } });
const start: Record<Revision, Record<'ours' | 'minimal', Series>> = { '2025-11-25': series(), '2026-07-28': series() };
try {
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(root, 'node_modules/@modelcontextprotocol'), join(dir, 'node_modules/@modelcontextprotocol'));
  const minimal = join(dir, 'minimal.mjs');
  writeFileSync(minimal, MINIMAL);
  await startToList(ours, '2025-11-25');
  await startToList(minimal, '2025-11-25');
  for (let round = 0; round < ROUNDS; round++) {
    for (const revision of REVISIONS) {
      const order: ['ours' | 'minimal', string][] = [
        ['ours', ours],
        ['minimal', minimal],
      ];
      for (const [which, script] of round % 2 === 0 ? order : order.reverse()) {
        const { ms, rssKb } = await startToList(script, revision);
        start[revision][which].ms.push(ms);
        start[revision][which].rss.push(rssKb);
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const startRows = REVISIONS.flatMap((revision) => {
  const [oursMs, minimalMs] = [median(start[revision].ours.ms), median(start[revision].minimal.ms)];
  const [oursMb, minimalMb] = [median(start[revision].ours.rss) / 1024, median(start[revision].minimal.rss) / 1024];
  return [
    `| ${revision} | \`userplane-mcp\` | ${oursMs.toFixed(0)} ms (${(oursMs / minimalMs).toFixed(2)} ×) | ${oursMb.toFixed(1)} MB |`,
    `| ${revision} | a minimal server on the same MCP SDK, one tool | ${minimalMs.toFixed(0)} ms | ${minimalMb.toFixed(1)} MB |`,
  ];
});
const table = [
  `Run of ${today()} (\`npm run bench -- mcp\`, ${process.version}, ${ROUNDS} interleaved rounds, medians):`,
  '',
  '| `tools/list` as a model sees it (name, description, inputSchema) | tools | in all | per tool | with outputSchema | per tool |',
  '|---|---:|---:|---:|---:|---:|',
  ...sizes,
  '',
  '| revision | over stdio | start to first `tools/list` answer | resident memory then |',
  '|---|---|---:|---:|',
  ...startRows,
].join('\n');
console.log(table);
writeFigures('packages/mcp/README.md', 'mcp', table);
writeFigures('bench/README.md', 'mcp', table);
