/**
 * `npm test`: every test, with nothing to start by hand. The test run itself starts Prism, the
 * fault servers, a redis-server, and the packed-tarball consumers (tests/sdk/package.test.ts). The
 * system dependencies are Debian packages, installed here with apt-get when missing: chromium
 * for the browser test (where apt-get is not usable, that single test is skipped, with a
 * notice) and redis-server for the shared rate-limit store (required).
 * Arguments are passed to vitest (`npm test -- tests/sdk/retry.test.ts`).
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

// The browser test is skipped, with a notice, where Chromium cannot be had.
if (!existsSync(CHROMIUM)) {
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

const vitest = spawnSync(join(root, 'node_modules/.bin/vitest'), ['run', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exitCode = vitest.status ?? 1;
