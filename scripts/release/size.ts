/**
 * `npm run size`: what an application carries when it imports the package — measured on the built
 * `dist/` (the files `npm publish` uploads), bundled as an application bundler would: esbuild,
 * ESM, minified, tree-shaken, with openapi-fetch (the one dependency) bundled in, min+gzip.
 *
 * The budget is the whole bundle: everything the SDK's entry can load (the response validators
 * that `validateResponses` loads on demand included), as one file. Beside it: the first load (what
 * an app bundler that splits code loads before the first call), and each other entry
 * (userplane/redis without its optional peer, userplane/testing with the client it imports).
 *
 *   npm run size -- --check     fails when the SDK's whole bundle is above BUDGET
 *   npm run size -- --json      prints the figures as one JSON line
 *   npm run size -- --no-build  measures dist/ as it is (CI builds it just before)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { isMain, root } from '../spec.js';

/**
 * min+gzip bytes of the SDK's whole bundle, a ratchet: it stops any growth, is lowered whenever
 * the SDK shrinks, and rises only by what a behaviour an issue requires measurably costs (at most
 * 400 B an issue, said in the issue's note). Started at what the eager call path measured
 * (15,813 B); +390 B for issue 25's promises (redaction of everything an error holds, in any
 * letter case; bounded waits on a store; Responses and params read once, safely; options and
 * validators out of reach of a polluted Object.prototype; a registry without sweeps); +0 B for
 * issue 26's virtual time (it lives in userplane/testing); +10 B for issue 27 (`keyRedactor`,
 * exported for the MCP server and users' own logs); +10 B for issue 33 (`keyRedactor` of an empty
 * secret — no key, as a CLI may be run with — returns text as it is instead of looping forever);
 * +391 B for issue 34: its behaviour costs 644 B — the `tracer` option (a span per call and per
 * attempt after OpenTelemetry's conventions, events for waits; ~350 B), `rateLimitState()` (the
 * store's state, bounded like its other answers; ~160 B), the attempt's URL and the option's check
 * (~130 B) — less 253 B saved for the same behaviour, in its code and the rest: class fields
 * assigned, not also declared (tsconfig `useDefineForClassFields: false`; 89 B); generated
 * validators without valibot's `nullish` and without copies of one another (37 B); the same words
 * for the same fact — what is wrong with a body, in an error answer and a 2xx; "longer than
 * maxRetryAfter" (37 B); smaller code in isUserplaneError, the limits a client and a call share,
 * the unknown-field walk, a 2xx read as `response.ok`, the fetch stand-in, the call span's kind
 * (the default) and resend count, the client's call binding (90 B).
 */
export const BUDGET = 16_614;

export interface Figures {
  /** min+gzip of everything the entry can load, as one file. */
  bundle: number;
  /** min+gzip of what a code-splitting bundler loads before the first call. */
  firstLoad: number;
  /** minified bytes of the one file. */
  minified: number;
}

/** Bundles `export * from '<specifier>'` against dist/ as an application would, once whole and once split. */
async function measure(specifier: string, external: string[] = []): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'userplane-size-'));
  try {
    // The package by name, through its exports map, as an application's node_modules holds it.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules/userplane'));
    const entry = join(dir, 'app.mjs');
    // Every export kept: what the whole entry costs, not what one app happens to use.
    writeFileSync(entry, `export * from ${JSON.stringify(specifier)};\n`);
    const bundle = async (splitting: boolean) => {
      const result = await build({
        entryPoints: { app: entry },
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'neutral',
        mainFields: ['module', 'main'],
        conditions: ['import'],
        target: 'es2022',
        splitting,
        outdir: join(dir, 'out'),
        write: false,
        metafile: true,
        logLevel: 'silent',
        // Its dependency (openapi-fetch) from this project's install.
        nodePaths: [join(root, 'node_modules')],
        external,
      });
      const name = (path: string): string => path.replace(/^.*\/out\//, '');
      const files = new Map(result.outputFiles.map((file) => [name(file.path), file.contents]));
      const outputs = new Map(Object.entries(result.metafile.outputs).map(([path, output]) => [name(path), output]));
      // From the entry, static imports only: what loads before the first call.
      const first = new Set<string>();
      const visit = (file: string): void => {
        if (first.has(file)) return;
        first.add(file);
        for (const imported of outputs.get(file)?.imports ?? []) {
          if (imported.kind === 'import-statement' && !imported.external) visit(name(imported.path));
        }
      };
      visit('app.js');
      return Buffer.concat([...first].map((file) => files.get(file) ?? new Uint8Array()));
    };
    const whole = await bundle(false);
    const firstLoad = await bundle(true);
    return {
      bundle: gzipSync(whole, { level: 9 }).length,
      firstLoad: gzipSync(firstLoad, { level: 9 }).length,
      minified: whole.length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures of each entry of the built package: the SDK's first. */
export async function sizes(): Promise<Map<string, Figures>> {
  const entries: [string, string[]][] = [
    ['userplane', []],
    // The optional peer is the user's own install, not part of the entry's cost.
    ['userplane/redis', ['redis']],
    ['userplane/testing', []],
  ];
  const figures = new Map<string, Figures>();
  for (const [specifier, external] of entries) figures.set(specifier, await measure(specifier, external));
  return figures;
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
    },
  });
  if (!values['no-build'] || !existsSync(join(root, 'dist/index.js'))) {
    // JavaScript only (tsup.config.ts): declarations are not part of any bundle.
    const built = spawnSync(join(root, 'node_modules/.bin/tsup'), ['--silent'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, USERPLANE_BUILD_DECLARATIONS: '0' },
    });
    if (built.status !== 0) throw new Error('the build (tsup) failed');
  }
  const figures = await sizes();
  const sdk = figures.get('userplane');
  if (sdk === undefined) throw new Error('no figure for the SDK');
  if (values.json) {
    console.log(JSON.stringify(Object.fromEntries(figures)));
  } else {
    console.log('dist/, bundled as an application does (esbuild --bundle --minify --format=esm; openapi-fetch');
    console.log("bundled in; userplane/redis's optional peer, redis, not), min+gzip:");
    for (const [specifier, figure] of figures) {
      console.log(
        `  ${specifier.padEnd(18)} ${String(figure.bundle).padStart(6)} B as one file (${(figure.minified / 1024).toFixed(1)} KB min), first load ${figure.firstLoad} B`,
      );
    }
  }
  if (values.check) {
    if (sdk.bundle > BUDGET) {
      console.error(
        `Over budget: the SDK's whole bundle is ${sdk.bundle} B min+gzip > ${BUDGET} B (scripts/release/size.ts).`,
      );
      process.exitCode = 1;
    } else {
      console.log(`Within budget: the SDK's whole bundle is ${sdk.bundle} B ≤ ${BUDGET} B min+gzip.`);
    }
  }
}
