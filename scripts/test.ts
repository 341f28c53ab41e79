/**
 * `npm test`: every test of the code, with nothing to start by hand — the vitest projects unit,
 * heavy, servers and types; the run itself starts Prism, the twin, the fault servers and a
 * redis-server. `npm run test:release` (`--release`): the release proofs — the package built,
 * published to a loopback registry, installed, and used in every runtime (tests/release/).
 * The system dependencies are Debian packages, installed here with apt-get when missing:
 * redis-server for the shared rate-limit store (required by both), chromium for the release
 * proofs' browser test (where apt-get is not usable, that single test is skipped, with a notice).
 * Other arguments are passed to vitest (`npm test -- tests/sdk/retry.test.ts`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './spec.js';

/** CHROMIUM_PATH points elsewhere (GitHub's runners have Google Chrome preinstalled). */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Installs a Debian package with apt-get, as root (CI, a fresh machine). Returns why it could
 * not, or `undefined` once it is installed.
 */
function aptInstall(pkg: string, why: string): string | undefined {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return 'apt-get is not usable here';
  console.log(`Installing Debian's ${pkg} for ${why} (apt-get, once)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', pkg],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (result.status !== 0) return `apt-get ${args.join(' ')} failed`;
  }
  return undefined;
}

const release = process.argv.includes('--release');
const projects = release ? ['release'] : ['unit', 'unit-fresh', 'heavy', 'servers', 'programs', 'types'];

// The browser test is skipped, with a notice, where Chromium cannot be had.
if (release && !existsSync(CHROMIUM)) {
  const failed = aptInstall('chromium', 'the browser test');
  if (failed !== undefined) console.warn(`! ${CHROMIUM} not found and ${failed}: the browser test will be skipped.`);
}
// The shared rate-limit store's tests need a real redis-server: without one, the run fails.
if (spawnSync('redis-server', ['--version']).status !== 0) {
  const failed = aptInstall('redis-server', 'the rate-limit tests');
  if (failed !== undefined) {
    console.error(`! redis-server is not installed and ${failed}: install it (apt-get install redis-server).`);
    process.exit(1);
  }
}

const args = process.argv.slice(2).filter((arg) => arg !== '--release');
const vitest = spawnSync(
  join(root, 'node_modules/.bin/vitest'),
  ['run', ...projects.flatMap((name) => ['--project', name]), ...args],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exitCode = vitest.status ?? 1;
