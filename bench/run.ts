/**
 * `npm run bench` (bench/bench.ts): the SDK against its peers on one create-link call, measured
 * side by side; the tables go into bench/README.md, the summary into README.md (bench/figures.ts).
 *
 *   1. CPU and wall time per call (process.cpuUsage, performance.now): sequential and at
 *      concurrency 16, interleaved rounds (the client order rotates each round), medians.
 *   2. Bundle size of a one-call entry per client (esbuild, minified; gzip and brotli), and of
 *      the whole SDK entry (the budget figure).
 *   3. Cold start: a fresh process imports the entry and makes its first call; medians.
 *   4. Heap after GC across 100,000 SDK calls.
 *   4b. The SDK's call with a `tracer` beside the same call without, OpenTelemetry set up for both.
 *   5. `npm run generate` wall time.
 *
 * The server runs in its own process, so its CPU is not counted. Environment: BENCH_ROUNDS
 * (default 15), BENCH_CALLS (sequential calls per client per round, default 300).
 */
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { root } from '../scripts/spec.js';
import { nonIdempotent } from '../tests/support/operations.js';
import { sizes } from '../scripts/release/size.js';
import { clients, type Call } from './clients.js';
import { today, writeFigures } from './figures.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const SEQUENTIAL_CALLS = Number(process.env['BENCH_CALLS'] ?? 300);
const CONCURRENCY = 16;
const CONCURRENT_CALLS = SEQUENTIAL_CALLS * 4;
const HEAP_CALLS = 100_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const fixed = (value: number, digits = 0): string => value.toFixed(digits);
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = fork(join(root, 'bench/server.ts'), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (message: { port: number }) => {
      resolve(message.port);
    }),
  );
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** CPU µs and wall µs per call for `count` calls made `concurrency` at a time. */
async function measure(call: Call, count: number, concurrency: number): Promise<{ cpu: number; wall: number }> {
  gc();
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await call();
    }),
  );
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / count, wall: (wall * 1000) / count };
}

async function callTimes(
  url: string,
): Promise<Map<string, Record<'cpuSeq' | 'wallSeq' | 'cpuConc' | 'wallConc', number>>> {
  const calls = new Map(Object.entries(clients).map(([name, make]) => [name, make(url)]));
  for (const [name, call] of calls) {
    const body = await call();
    if (!isDeepStrictEqual(body, nonIdempotent.body())) throw new Error(`${name} returned the wrong body`);
    await measure(call, 500, 1); // warm-up
  }
  const samples = new Map(
    [...calls.keys()].map((name) => [
      name,
      { cpuSeq: [] as number[], wallSeq: [] as number[], cpuConc: [] as number[], wallConc: [] as number[] },
    ]),
  );
  const names = [...calls.keys()];
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
    for (const name of order) {
      const call = calls.get(name)!;
      const sample = samples.get(name)!;
      const sequential = await measure(call, SEQUENTIAL_CALLS, 1);
      const concurrent = await measure(call, CONCURRENT_CALLS, CONCURRENCY);
      sample.cpuSeq.push(sequential.cpu);
      sample.wallSeq.push(sequential.wall);
      sample.cpuConc.push(concurrent.cpu);
      sample.wallConc.push(concurrent.wall);
    }
    process.stderr.write(`round ${round + 1}/${ROUNDS}\n`);
  }
  return new Map(
    [...samples].map(([name, s]) => [
      name,
      {
        cpuSeq: median(s.cpuSeq),
        wallSeq: median(s.wallSeq),
        cpuConc: median(s.cpuConc),
        wallConc: median(s.wallConc),
      },
    ]),
  );
}

/** CPU µs per sequential call of the SDK with a tracer and without, interleaved rounds, medians. */
async function tracedTimes(url: string): Promise<{ untraced: number; traced: number }> {
  // Loaded here, after the heap is measured: OpenTelemetry's modules are no part of the SDK's heap.
  const { sdkCalls, setUpTracing } = await import('./traced.js');
  const tracing = setUpTracing();
  try {
    const calls = sdkCalls(url, tracing.tracer);
    const samples = { untraced: [] as number[], traced: [] as number[] };
    for (const call of [calls.untraced, calls.traced]) await measure(call, 500, 1); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? (['traced', 'untraced'] as const) : (['untraced', 'traced'] as const);
      for (const name of order) samples[name].push((await measure(calls[name], SEQUENTIAL_CALLS, 1)).cpu);
    }
    return { untraced: median(samples.untraced), traced: median(samples.traced) };
  } finally {
    await tracing.stop();
  }
}

const ENTRIES: Record<string, string> = {
  'raw fetch': 'raw-fetch.mjs',
  'undici.request': 'undici.mjs',
  'openapi-fetch': 'openapi-fetch.mjs',
  axios: 'axios.mjs',
  ky: 'ky.mjs',
  'userplane (this SDK)': 'userplane.mjs',
};

async function bundleSize(
  entry: string,
  platform: 'browser' | 'node',
): Promise<{ min: number; gzip: number; brotli: number }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    target: 'es2022',
    alias: { userplane: join(root, 'dist/index.js') },
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, brotli: brotliCompressSync(code).length };
}

function coldStarts(url: string): Map<string, number> {
  const samples = new Map(Object.keys(ENTRIES).map((name) => [name, [] as number[]]));
  const names = Object.keys(ENTRIES);
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
      const out = execFileSync(
        process.execPath,
        [join(root, 'bench/cold-start.mjs'), join(root, 'bench/entries', ENTRIES[name]!)],
        {
          env: { ...process.env, BENCH_URL: url },
          encoding: 'utf8',
        },
      );
      samples.get(name)!.push(Number(out.trim()));
    }
  }
  return new Map([...samples].map(([name, values]) => [name, median(values)]));
}

async function heapOverCalls(url: string): Promise<{ calls: number; heapMB: number }[]> {
  const call = clients['userplane (this SDK)']!(url);
  const points: { calls: number; heapMB: number }[] = [];
  const sample = (calls: number): void => {
    gc();
    gc();
    points.push({ calls, heapMB: process.memoryUsage().heapUsed / 2 ** 20 });
  };
  await measure(call, 2_000, CONCURRENCY);
  sample(0);
  for (let done = 0; done < HEAP_CALLS; done += 10_000) {
    await measure(call, 10_000, CONCURRENCY);
    sample(done + 10_000);
  }
  return points;
}

function generateTimes(): number[] {
  const out = mkdtempSync(join(tmpdir(), 'userplane-bench-gen-'));
  try {
    return Array.from({ length: 5 }, () => {
      const started = performance.now();
      const result = spawnSync(join(root, 'node_modules/.bin/tsx'), ['scripts/generate/generate.ts', '--out', out], {
        cwd: root,
      });
      if (result.status !== 0) throw new Error(`generate failed: ${String(result.stderr)}`);
      return performance.now() - started;
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const SDK = 'userplane (this SDK)';
const lines: string[] = [];
/** A line of the report: printed, and kept for bench/README.md. */
const out = (line = ''): void => {
  console.log(line);
  lines.push(line);
};

const server = await startServer();
try {
  console.log('# userplane benchmark\n');
  out(
    `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; ${ROUNDS} interleaved rounds; ` +
      `${SEQUENTIAL_CALLS} sequential and ${CONCURRENT_CALLS} concurrent (×${CONCURRENCY}) calls per client per round; medians.\n`,
  );

  const times = await callTimes(server.url);
  const raw = times.get('raw fetch')!;
  const bare = times.get('openapi-fetch')!;
  const sdkTimes = times.get(SDK)!;
  out('### CPU and wall time per create-link call\n');
  out(
    '| client | CPU µs/call seq | × raw fetch | × openapi-fetch | wall µs/call seq | CPU µs/call c16 | × openapi-fetch | wall µs/call c16 |',
  );
  out('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, t] of times) {
    out(
      `| ${name} | ${fixed(t.cpuSeq)} | ${fixed(t.cpuSeq / raw.cpuSeq, 2)} | ${fixed(t.cpuSeq / bare.cpuSeq, 2)} | ${fixed(t.wallSeq)} | ` +
        `${fixed(t.cpuConc)} | ${fixed(t.cpuConc / bare.cpuConc, 2)} | ${fixed(t.wallConc)} |`,
    );
  }

  const heap = await heapOverCalls(server.url);
  const traced = await tracedTimes(server.url);
  out('\n### With a tracer\n');
  out(
    `With OpenTelemetry set up (sdk-trace-base, a span processor that drops the spans, the AsyncLocalStorage context manager), CPU per sequential call: ${fixed(traced.untraced)} µs without \`tracer\`, ${fixed(traced.traced)} µs with it (× ${fixed(traced.traced / traced.untraced, 2)}: a call's span and its attempt's).`,
  );

  out('\n### Bundle size of a one-call entry (esbuild --bundle --minify, ESM)\n');
  out('| client | minified | gzip | brotli |');
  out('|---|---:|---:|---:|');
  for (const [name, file] of Object.entries(ENTRIES)) {
    const platform = name === 'undici.request' ? 'node' : 'browser';
    const size = await bundleSize(join(root, 'bench/entries', file), platform);
    out(
      `| ${name}${platform === 'node' ? ' (Node-only)' : ''} | ${kb(size.min)} | ${kb(size.gzip)} | ${kb(size.brotli)} |`,
    );
  }
  const built = await sizes();
  const sdk = built.get('userplane')!;
  out(
    `\nThe whole SDK entry (every export, \`npm run size\`): ${kb(sdk.minified)} minified, ${sdk.bundle} B min+gzip as one file.`,
  );

  const cold = coldStarts(server.url);
  const coldBare = cold.get('openapi-fetch')!;
  out('\n### Cold start: import + first call, in a fresh process\n');
  out('| client | ms | × openapi-fetch |');
  out('|---|---:|---:|');
  for (const [name, ms] of cold) out(`| ${name} | ${fixed(ms, 1)} | ${fixed(ms / coldBare, 2)} |`);

  out(`\n### Heap after GC over ${HEAP_CALLS.toLocaleString('en')} SDK calls (concurrency ${CONCURRENCY})\n`);
  out(`| calls | ${heap.map((p) => `${p.calls / 1000}k`).join(' | ')} |`);
  out(`|---|${heap.map(() => '---:').join('|')}|`);
  out(`| heap MB | ${heap.map((p) => fixed(p.heapMB, 2)).join(' | ')} |`);
  const growth = ((heap.at(-1)!.heapMB - heap[1]!.heapMB) * 2 ** 20) / (HEAP_CALLS - 10_000);
  out(`\nGrowth from 10k to ${HEAP_CALLS / 1000}k calls: ${fixed(growth, 2)} bytes/call.`);

  const summary = [
    `Measured on this project's 2-core machine (${process.version}, loopback server in its own process;`,
    `\`npm run bench\`, ${ROUNDS} interleaved rounds, medians; run of ${today()}; the tables in [bench/README.md](bench/README.md)):`,
    '',
    '| | this SDK | × bare openapi-fetch |',
    '|---|---:|---:|',
    `| CPU per create-link call, sequential | ${fixed(sdkTimes.cpuSeq)} µs | ${fixed(sdkTimes.cpuSeq / bare.cpuSeq, 2)} |`,
    `| CPU per call, ${CONCURRENCY} concurrent | ${fixed(sdkTimes.cpuConc)} µs | ${fixed(sdkTimes.cpuConc / bare.cpuConc, 2)} |`,
    `| cold start: import + first call, fresh process | ${fixed(cold.get(SDK)!, 1)} ms | ${fixed(cold.get(SDK)! / coldBare, 2)} |`,
    '',
    'That is with everything on: params validated against the spec, retries armed, a per-attempt',
    "timeout, pacing through the limiter. Absolute figures drift with the machine's load, the ratios",
    'by a few hundredths from run to run.',
    '',
    `With a \`tracer\` (OpenTelemetry's sdk-trace-base, a span processor that drops them, the AsyncLocalStorage`,
    `context manager), a sequential call costs ${fixed(traced.traced)} µs of CPU beside ${fixed(traced.untraced)} µs without one in the same`,
    `process (× ${fixed(traced.traced / traced.untraced, 2)}): its two spans, made and ended.`,
    '',
    '| bundle (esbuild, minified + gzip: `npm run size`) | bytes |',
    '|---|---:|',
    `| \`userplane\`: everything \`new Userplane()\` and a call can load, as one file | ${sdk.bundle.toLocaleString('en')} B |`,
    `| … of which a code-splitting bundler loads before the first call | ${sdk.firstLoad.toLocaleString('en')} B |`,
    `| \`userplane/redis\` (without its peers) | ${built.get('userplane/redis')!.bundle.toLocaleString('en')} B |`,
    `| \`userplane/testing\` (with the client it imports) | ${built.get('userplane/testing')!.bundle.toLocaleString('en')} B |`,
    '',
    `Memory: heap in use after GC stays within ${fixed(Math.min(...heap.map((p) => p.heapMB)), 1)}–${fixed(Math.max(...heap.map((p) => p.heapMB)), 1)} MB over ${HEAP_CALLS.toLocaleString('en')} calls at concurrency ${CONCURRENCY}`,
    `(${fixed(growth, 0)} bytes per call from 10k to ${HEAP_CALLS / 1000}k); a response is read up to \`maxResponseBytes\` (4 MiB) and no further.`,
  ];
  const generate = generateTimes();
  out(
    `\n### npm run generate\n\nmedian ${fixed(median(generate))} ms over ${generate.length} runs (${generate.map((ms) => fixed(ms)).join(', ')}).`,
  );
  writeFigures('bench/README.md', 'calls', [`Run of ${today()}:`, '', ...lines].join('\n'));
  writeFigures('README.md', 'performance', summary.join('\n'));
} finally {
  server.stop();
}
