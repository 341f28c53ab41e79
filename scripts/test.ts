/**
 * `npm test`: every test, with nothing to start by hand. The test run itself starts Prism, the
 * fault servers, a redis-server, and the packed-tarball consumers (tests/package.test.ts). The
 * system dependencies are Debian packages, installed here with apt-get when missing: chromium
 * for the browser test (where apt-get is not usable, that single test is skipped, with a
 * notice) and redis-server for the shared rate-limit store (required).
 * Arguments are passed to vitest (`npm test -- tests/retry.test.ts`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './spec.js';

/** CHROMIUM_PATH points elsewhere (GitHub's runners have Google Chrome preinstalled). */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.warn(`! ${CHROMIUM} not found and apt-get is not usable here: the browser test will be skipped.`);
    return;
  }
  console.log(`Installing Debian's chromium for the browser test (apt-get, once)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (result.status !== 0) {
      console.warn(`! apt-get ${args.join(' ')} failed: the browser test will be skipped.`);
      return;
    }
  }
}

/** The shared rate-limit store's tests run against a real redis-server (Debian's package). */
function ensureRedis(): void {
  if (spawnSync('redis-server', ['--version']).status === 0) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    console.error(
      '! redis-server is not installed and apt-get is not usable here: install it (apt-get install redis-server).',
    );
    process.exit(1);
  }
  console.log(`Installing Debian's redis-server for the rate-limit tests (apt-get, once)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'redis-server'],
  ]) {
    if (spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env }).status !== 0) {
      console.error(`! apt-get ${args.join(' ')} failed: the Redis tests cannot run.`);
      process.exit(1);
    }
  }
}

ensureChromium();
ensureRedis();
const vitest = spawnSync(join(root, 'node_modules/.bin/vitest'), ['run', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exitCode = vitest.status ?? 1;
