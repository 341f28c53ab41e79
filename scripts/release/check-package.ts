/**
 * `npm run check:package`: what `npm publish` would ship, checked the way users meet it.
 *   - the tarballs' size and file list (the SDK: only dist/, openapi.json, README, LICENSE,
 *     CHANGELOG, package.json; userplane-mcp and userplane-cli: each its bin, README, package.json);
 *   - publint (package.json fields against the files) for both, and attw for the SDK (types
 *     resolve under node10, node16 CJS and ESM, and bundler) — each must report nothing.
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
/** Packs the package in `dir` without lifecycle scripts (it is built), listing what it ships; the tarball's path. */
function pack(dir: string, allowed: RegExp): string {
  const packed = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const [result] = JSON.parse(packed.stdout) as PackResult[];
  if (!result) throw new Error('npm pack reported nothing');
  console.log(
    `${result.filename}: ${(result.size / 1024).toFixed(1)} KB packed, ${(result.unpackedSize / 1024).toFixed(1)} KB unpacked`,
  );
  for (const file of result.files) console.log(`  ${file.path.padEnd(20)} ${(file.size / 1024).toFixed(1)} KB`);
  const unexpected = result.files.filter((file) => !allowed.test(file.path)).map((file) => file.path);
  if (unexpected.length > 0) {
    console.error(`Files that should not ship: ${unexpected.join(', ')}`);
    process.exitCode = 1;
  }
  return join(out, result.filename);
}

try {
  // Build first (both packages), then pack without lifecycle scripts, so that npm's JSON is all stdout holds.
  if (run('npm', ['run', 'build']) !== 0) throw new Error('the build failed');
  // dist/: the three entry points (the SDK, userplane/redis, userplane/testing) in both formats
  // with their declarations, the ESM chunks (what loads on demand, and what the chunks share),
  // the declarations the entries share; and at the root the effective spec (userplane/openapi.json).
  const sdk = pack(
    root,
    /^(dist\/(index|redis|testing)\.(js|cjs|d\.ts|d\.cts)|dist\/[\w-]+\.(js|d\.ts|d\.cts)|openapi\.json|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/,
  );
  if (run(bin('publint'), ['run', sdk, '--strict']) !== 0) process.exitCode = 1;
  // Every entry, userplane/openapi.json included, under every resolution attw checks.
  if (run(bin('attw'), [sdk]) !== 0) process.exitCode = 1;
  // userplane-mcp and userplane-cli: each its bin, built, and nothing else (no types to check: programs).
  for (const name of ['mcp', 'cli']) {
    const program = pack(join(root, 'packages', name), /^(dist\/cli\.js|package\.json|README\.md)$/);
    if (run(bin('publint'), ['run', program, '--strict']) !== 0) process.exitCode = 1;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
