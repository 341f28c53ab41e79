import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

/**
 * `npm run build`: ESM (dist/index.js) and CommonJS (dist/index.cjs) with declarations for each
 * (index.d.ts here; index.d.cts derived from it by scripts/release/cjs-declarations.ts). tsup 8 because
 * it runs on this project's Node 20 (tsdown and tsup 9 need Node 22).
 * openapi-fetch stays a dependency (the raw client's types are its types, and an app using it
 * too carries one copy). valibot is bundled, tree-shaken to the dozen functions the generated
 * validators use: importing the whole library costs ~6 ms of cold start in Node, and no public
 * type mentions it. No source maps: they would point at sources the package does not ship.
 * Class fields are assigned in their constructors, not also declared (tsconfig.json
 * `useDefineForClassFields: false`, read by esbuild here and in tsx and vitest alike): every field
 * of the SDK's classes is set by its constructor, and declared too it was written out twice (89 B
 * of the bundle, min+gzip).
 */

/**
 * In the CommonJS build, `import createClient from 'openapi-fetch'` must become
 * `require('openapi-fetch').default`. esbuild applies Node's ESM interop to sources of a
 * `"type": "module"` package and would take the whole `module.exports` object as the default
 * (found by tests/release/consumers.test.ts: "import_openapi_fetch.default is not a function").
 */
const openapiFetchFromCommonJs: Plugin = {
  name: 'openapi-fetch-from-commonjs',
  setup(build) {
    build.onResolve({ filter: /^openapi-fetch$/ }, (args) =>
      args.namespace === 'cjs-interop'
        ? { path: 'openapi-fetch', external: true }
        : { path: 'openapi-fetch', namespace: 'cjs-interop' },
    );
    build.onLoad({ filter: /.*/, namespace: 'cjs-interop' }, () => ({
      contents: "module.exports = require('openapi-fetch').default;",
      loader: 'js',
    }));
  },
};

/**
 * userplane/testing imports the client from `../index.js`; built, that import is `userplane`
 * itself, so a test's fake client and error classes are the ones it imports from 'userplane'
 * (one copy: `instanceof` holds from ESM and CommonJS alike). tests/release/consumers.test.ts checks it.
 */
const testingImportsTheMainEntry: Plugin = {
  name: 'testing-imports-the-main-entry',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
      /[\\/]src[\\/]testing[\\/]/.test(args.importer) ? { path: 'userplane', external: true } : undefined,
    );
  },
};

/**
 * `npm run size` measures JavaScript only and builds with USERPLANE_BUILD_DECLARATIONS=0: the
 * declarations are most of the build's time (about 7 of 9 s) and none of the bundle.
 * Every other build — pack, publish, check:package — writes them.
 */
const declarations = process.env['USERPLANE_BUILD_DECLARATIONS'] !== '0';

const shared: Options = {
  // userplane/redis and userplane/testing are entries of their own: never in the SDK's first load.
  entry: { index: 'src/index.ts', redis: 'src/pacing/redis.ts', testing: 'src/testing/index.ts' },
  noExternal: ['valibot'],
  esbuildPlugins: [testingImportsTheMainEntry],
  target: 'es2022',
  platform: 'neutral',
  splitting: false,
  sourcemap: false,
};

export default defineConfig([
  // ESM splits out the response validators, which are imported only with `validateResponses`.
  { ...shared, format: 'esm', dts: declarations, clean: true, splitting: true },
  {
    ...shared,
    format: 'cjs',
    // The .d.cts files are the .d.ts ones with `.cjs` imports: scripts/release/cjs-declarations.ts.
    dts: false,
    // Let the plugin, not tsup's externals, resolve openapi-fetch (it stays external either way).
    noExternal: ['valibot', 'openapi-fetch'],
    esbuildPlugins: [openapiFetchFromCommonJs, testingImportsTheMainEntry],
  },
]);
