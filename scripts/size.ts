/**
 * `npm run size`: bundles the whole SDK entry (every export: all operations, validation, retry,
 * pacing, errors) the way an application bundler would — esbuild, ESM, minified, tree-shaken,
 * with code splitting — and prints what a user ships on first load (the entry and the chunks it
 * imports statically), what loads only on demand (error reading, paged-list walking, response
 * validation), what the rate limiter (src/rate-limit.ts) adds to the first load, and what the
 * dependencies cost alone (the floor under any handwritten code).
 *
 *   npm run size -- --check     fails when the first-load size, min+gzip, is above BUDGET
 *   npm run size -- --json      prints the figures as one JSON line
 */
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { root } from './spec.js';

/**
 * min+gzip bytes of the first load. Upstream's budget: 10,600 B for the SDK without pacing, and at
 * most 600 B more for the rate limiter. Both are missed (see README "Performance"), so CI enforces
 * a ratchet just above the size reached: it stops any growth, and is lowered whenever the SDK shrinks.
 */
export const BUDGET = 12_600;

const { values } = parseArgs({
  options: { check: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
});

/**
 * The rate limiter's share: the same build with src/rate-limit.ts replaced by empty stand-ins of
 * its run-time exports. A new export makes that build fail loudly, never measure wrong.
 */
const withoutLimiter: Plugin = {
  name: 'without-rate-limiter',
  setup(b) {
    b.onLoad({ filter: /src\/rate-limit\.ts$/ }, () => ({
      contents: 'export class MemoryRateLimitStore {} export class RateLimiter {} export const storeFor = () => ({});',
      loader: 'ts',
    }));
  },
};

/** How an application bundler builds the SDK into an app; every figure here uses it. */
const APPLICATION_BUILD = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  write: false,
  logLevel: 'silent',
} as const;

interface Measure {
  first: { min: number; gzip: number; brotli: number };
  onDemand: { min: number; gzip: number };
  /** First-load minified bytes by origin. */
  origins: Map<string, number>;
}

async function measure(plugins: Plugin[]): Promise<Measure> {
  const result = await build({
    entryPoints: { index: join(root, 'src/index.ts') },
    ...APPLICATION_BUILD,
    splitting: true,
    outdir: '/virtual',
    metafile: true,
    plugins,
  });
  const files = new Map(result.outputFiles.map((file) => [file.path.replace('/virtual/', ''), file.contents]));
  const meta = new Map(
    Object.entries(result.metafile.outputs).map(([path, output]) => [path.replace(/^.*virtual\//, ''), output]),
  );
  // The entry and everything it imports statically: the first-load bundle.
  const firstLoad = new Set<string>();
  const visit = (name: string): void => {
    if (firstLoad.has(name)) return;
    firstLoad.add(name);
    for (const imported of meta.get(name)?.imports ?? []) {
      if (imported.kind === 'import-statement') visit(imported.path.replace(/^.*virtual\//, ''));
    }
  };
  visit('index.js');
  const concat = (names: string[]): Buffer => Buffer.concat(names.map((name) => files.get(name) ?? new Uint8Array()));
  const first = concat([...firstLoad]);
  const onDemand = concat([...files.keys()].filter((name) => !firstLoad.has(name)));
  const origins = new Map<string, number>();
  for (const name of firstLoad) {
    for (const [path, { bytesInOutput }] of Object.entries(meta.get(name)?.inputs ?? {})) {
      const origin =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ??
        (path.includes('src/generated/')
          ? 'src/generated'
          : path.endsWith('src/rate-limit.ts')
            ? 'src/rate-limit.ts'
            : 'src (handwritten)');
      origins.set(origin, (origins.get(origin) ?? 0) + bytesInOutput);
    }
  }
  return {
    first: { min: first.length, gzip: gzipSync(first, { level: 9 }).length, brotli: brotliCompressSync(first).length },
    onDemand: { min: onDemand.length, gzip: gzipSync(onDemand, { level: 9 }).length },
    origins,
  };
}

/**
 * What the first load costs before any handwritten line: openapi-fetch's client, valibot with the
 * generated request schemas, and the operation table, bundled alone (min+gzip).
 */
async function dependenciesAlone(): Promise<number> {
  const result = await build({
    stdin: {
      contents: [
        "import createClient from 'openapi-fetch';",
        "import { safeParse } from 'valibot';",
        "export { operations } from './src/generated/operations.js';",
        'export { createClient, safeParse };',
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    ...APPLICATION_BUILD,
  });
  return gzipSync(Buffer.concat(result.outputFiles.map((file) => file.contents)), { level: 9 }).length;
}

const whole = await measure([]);
const bare = await measure([withoutLimiter]);
const limiter = whole.first.gzip - bare.first.gzip;
const dependencies = await dependenciesAlone();

if (values.json) {
  console.log(JSON.stringify({ firstLoad: whole.first.gzip, withoutLimiter: bare.first.gzip, limiter, dependencies }));
} else {
  const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;
  const { first, onDemand } = whole;
  console.log('Whole SDK entry (src/index.ts): esbuild --bundle --minify --format=esm --splitting');
  console.log(`  first load      ${kb(first.min)} min, ${first.gzip} B min+gzip, ${kb(first.brotli)} min+brotli`);
  console.log(
    `    of which the rate limiter (src/rate-limit.ts)  ${limiter} B min+gzip; without it ${bare.first.gzip} B`,
  );
  console.log(
    `    the dependencies alone (openapi-fetch, valibot with the request schemas, the operation table)  ${dependencies} B min+gzip`,
  );
  console.log(
    `  on demand       ${kb(onDemand.min)} min, ${onDemand.gzip} B min+gzip  (error reading, paged-list walking, response validation)`,
  );
  console.log('  first-load minified bytes by origin:');
  for (const [origin, bytes] of [...whole.origins].sort((a, b) => b[1] - a[1])) {
    console.log(`    ${origin.padEnd(20)} ${bytes}`);
  }
}

if (values.check) {
  if (whole.first.gzip > BUDGET) {
    console.error(`Over budget: ${whole.first.gzip} B min+gzip > ${BUDGET} B (scripts/size.ts).`);
    process.exitCode = 1;
  } else {
    console.log(`Within budget: ${whole.first.gzip} B ≤ ${BUDGET} B min+gzip.`);
  }
}
