/**
 * `npm run size`: what an application ships when it imports the package — measured on the built
 * `dist/` (the files `npm publish` uploads), bundled the way an application bundler consumes them:
 * esbuild, ESM, minified, tree-shaken, code-split, with openapi-fetch (the one dependency)
 * bundled in. Prints the first load (the entry and the chunks it imports statically) and what
 * loads on demand (error reading, retry rules, paged-list walking, response validation), for the
 * SDK's entry and for each other entry (userplane/redis, userplane/testing), min+gzip.
 *
 *   npm run size -- --check     fails when the SDK's first load is above BUDGET
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
import { root } from './spec.js';

/**
 * min+gzip bytes of the SDK's first load, a ratchet: it stops any growth, is lowered whenever
 * the SDK shrinks, and rises only by what a required behaviour on the call path measurably costs.
 * (Measured on dist/ since the layout issue: the same code is 12,600 B bundled from src/ and
 * 12,632 B from dist/, where tsup's shared chunks carry a few valibot functions only the lazy
 * chunks use.)
 */
export const BUDGET = 12_640;

const { values } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});

interface Measure {
  firstLoad: number;
  onDemand: number;
  firstLoadMin: number;
}

/** Bundles `import * from '<specifier>'` against dist/ as an application would; sizes by reachability. */
async function measure(specifier: string, external: string[] = []): Promise<Measure> {
  const dir = mkdtempSync(join(tmpdir(), 'userplane-size-'));
  try {
    // The package by name, through its exports map, as an application's node_modules holds it.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules/userplane'));
    const entry = join(dir, 'app.mjs');
    // Every export kept: what the whole entry costs, not what one app happens to use.
    writeFileSync(entry, `export * from ${JSON.stringify(specifier)};\n`);
    const result = await build({
      entryPoints: { app: entry },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['import'],
      target: 'es2022',
      splitting: true,
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
    const first = new Set<string>();
    const visit = (file: string): void => {
      if (first.has(file)) return;
      first.add(file);
      for (const imported of outputs.get(file)?.imports ?? []) {
        if (imported.kind === 'import-statement' && !imported.external) visit(name(imported.path));
      }
    };
    visit('app.js');
    const concat = (names: string[]): Buffer => Buffer.concat(names.map((file) => files.get(file) ?? new Uint8Array()));
    const firstBytes = concat([...first]);
    const rest = concat([...files.keys()].filter((file) => !first.has(file) && file.endsWith('.js')));
    return {
      firstLoad: gzipSync(firstBytes, { level: 9 }).length,
      firstLoadMin: firstBytes.length,
      onDemand: gzipSync(rest, { level: 9 }).length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!values['no-build'] || !existsSync(join(root, 'dist/index.js'))) {
  // JavaScript only (tsup.config.ts): declarations are not part of any bundle.
  const built = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, USERPLANE_BUILD_DECLARATIONS: '0' },
  });
  if (built.status !== 0) throw new Error('npm run build failed');
}

const entries: [string, string, string[]][] = [
  ['userplane', 'the SDK', []],
  // The optional peers are the user's own install, not part of the entry's cost.
  ['userplane/redis', 'userplane/redis', ['redis', 'rate-limiter-flexible']],
];
if (existsSync(join(root, 'dist/testing.js'))) entries.push(['userplane/testing', 'userplane/testing', []]);

const figures = new Map<string, Measure>();
for (const [specifier, , external] of entries) figures.set(specifier, await measure(specifier, external));
const sdk = figures.get('userplane');
if (sdk === undefined) throw new Error('no figure for the SDK');

if (values.json) {
  console.log(
    JSON.stringify({ firstLoad: sdk.firstLoad, onDemand: sdk.onDemand, entries: Object.fromEntries(figures) }),
  );
} else {
  console.log('Built dist/, bundled as an application does (esbuild --bundle --minify --format=esm --splitting;');
  console.log("openapi-fetch bundled in; userplane/redis's optional peers, redis and rate-limiter-flexible, not):");
  for (const [specifier, label] of entries) {
    const figure = figures.get(specifier);
    if (figure === undefined) continue;
    console.log(
      `  ${label.padEnd(18)} first load ${String(figure.firstLoad).padStart(6)} B min+gzip (${(figure.firstLoadMin / 1024).toFixed(1)} KB min), on demand ${figure.onDemand} B`,
    );
  }
}

if (values.check) {
  if (sdk.firstLoad > BUDGET) {
    console.error(`Over budget: ${sdk.firstLoad} B min+gzip > ${BUDGET} B (scripts/size.ts).`);
    process.exitCode = 1;
  } else {
    console.log(`Within budget: ${sdk.firstLoad} B ≤ ${BUDGET} B min+gzip.`);
  }
}
