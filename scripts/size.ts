/**
 * `npm run size`: bundles the SDK entry (src/index.ts with openapi-fetch and valibot) the way
 * an application bundler would — esbuild, ESM, minified, tree-shaken — and prints its size
 * raw, gzip and brotli.
 */
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { join } from 'node:path';
import { root } from './spec.js';

const result = await build({
  entryPoints: [join(root, 'src/index.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  write: false,
  metafile: true,
  logLevel: 'silent',
});
const code = result.outputFiles[0]?.contents ?? new Uint8Array();
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;

console.log('SDK entry (src/index.ts), esbuild --bundle --minify --format=esm');
console.log(`  minified        ${kb(code.length)}`);
console.log(`  minified+gzip   ${kb(gzipSync(code, { level: 9 }).length)}`);
console.log(`  minified+brotli ${kb(brotliCompressSync(code).length)}`);

const inputs = Object.entries(result.metafile.outputs)[0]?.[1].inputs ?? {};
const byPackage = new Map<string, number>();
for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
  const name =
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ??
    (path.includes('src/generated/') ? 'src/generated' : 'src (handwritten)');
  byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
}
console.log('  minified bytes by origin:');
for (const [name, bytes] of [...byPackage].sort((a, b) => b[1] - a[1])) console.log(`    ${name.padEnd(20)} ${bytes}`);
