/**
 * `npm run check:package`: what `npm publish` would ship, checked the way users meet it.
 *   - the tarball's size and file list (only dist/, README, LICENSE, CHANGELOG, package.json);
 *   - publint (package.json fields against the files) and attw (types resolve under node10,
 *     node16 CJS and ESM, and bundler) — both must report nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from '../spec.js';

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

function run(command: string, args: string[]): number {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
}

const bin = (name: string): string => join(root, 'node_modules/.bin', name);
const out = mkdtempSync(join(tmpdir(), 'userplane-pack-'));
try {
  // Build first, then pack without lifecycle scripts, so that npm's JSON is all stdout holds.
  if (run('npm', ['run', 'build']) !== 0) throw new Error('the build failed');
  const packed = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], {
    cwd: root,
    encoding: 'utf8',
  });
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const [result] = JSON.parse(packed.stdout) as PackResult[];
  if (!result) throw new Error('npm pack reported nothing');

  console.log(
    `${result.filename}: ${(result.size / 1024).toFixed(1)} KB packed, ${(result.unpackedSize / 1024).toFixed(1)} KB unpacked`,
  );
  for (const file of result.files) console.log(`  ${file.path.padEnd(20)} ${(file.size / 1024).toFixed(1)} KB`);
  // dist/: the three entry points (the SDK, userplane/redis, userplane/testing) in both formats
  // with their declarations, the ESM chunks (what loads on demand, and what the chunks share),
  // the declarations the entries share; and at the root the effective spec (userplane/openapi.json).
  const allowed =
    /^(dist\/(index|redis|testing)\.(js|cjs|d\.ts|d\.cts)|dist\/[\w-]+\.(js|d\.ts|d\.cts)|openapi\.json|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;
  const unexpected = result.files.filter((file) => !allowed.test(file.path)).map((file) => file.path);
  if (unexpected.length > 0) {
    console.error(`Files that should not ship: ${unexpected.join(', ')}`);
    process.exitCode = 1;
  }

  const tarball = join(out, result.filename);
  if (run(bin('publint'), ['run', tarball, '--strict']) !== 0) process.exitCode = 1;
  // Every entry, userplane/openapi.json included, under every resolution attw checks.
  if (run(bin('attw'), [tarball]) !== 0) process.exitCode = 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
