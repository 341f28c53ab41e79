import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const r = await build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  write: false,
  logLevel: 'silent',
  splitting: true,
  outdir: '/tmp/szout',
  metafile: true,
});
for (const f of r.outputFiles) console.log(f.path, f.contents.length, gzipSync(f.contents, { level: 9 }).length);
