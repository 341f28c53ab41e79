/**
 * `npm test`: every test of the code, with nothing to start by hand — the vitest projects unit,
 * heavy, servers and types; the run itself starts Prism, the twin, the fault servers and a
 * redis-server. `npm run test:release` (`--release`): the release proofs — the package built,
 * published to a loopback registry, installed, and used in every runtime (tests/release/).
 * The system dependencies are Debian packages, installed here with apt-get when missing:
 * redis-server for the shared rate-limit store (required by both); zsh and fish for the CLI's
 * completion tests, chromium for the release proofs' browser test (where apt-get is not usable,
 * those tests are skipped, with a notice).
 * Other arguments are passed to vitest (`npm test -- tests/sdk/retry.test.ts`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './spec.js';

/** CHROMIUM_PATH points elsewhere (GitHub's runners have Google Chrome preinstalled). */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Installs Debian packages with apt-get, as root (CI, a fresh machine), in one update and one
 * install. Returns why it could not, or `undefined` once they are installed.
 */
function aptInstall(packages: string[]): string | undefined {
  if (packages.length === 0) return undefined;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return 'apt-get is not usable here';
  console.log(`Installing Debian's ${packages.join(', ')} for the tests (apt-get, once)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...packages],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (result.status !== 0) return `apt-get ${args.join(' ')} failed`;
  }
  return undefined;
}

const release = process.argv.includes('--release');
const projects = release ? ['release'] : ['unit', 'unit-fresh', 'heavy', 'servers', 'programs', 'types'];
const has = (command: string): boolean => spawnSync(command, ['--version']).status === 0;

/**
 * What each run needs and lacks: redis-server always (the shared rate-limit store's tests; without
 * it the run fails); zsh and fish for the CLI's completion tests, Chromium for the release proofs'
 * browser test (without them, those tests are skipped, with a notice).
 */
const required = has('redis-server') ? [] : ['redis-server'];
const optional = release ? (existsSync(CHROMIUM) ? [] : ['chromium']) : ['zsh', 'fish'].filter((shell) => !has(shell));
const failed = aptInstall([...required, ...optional]);
if (failed !== undefined && required.length > 0) {
  console.error(`! redis-server is not installed and ${failed}: install it (apt-get install redis-server).`);
  process.exit(1);
}
if (failed !== undefined)
  console.warn(`! ${optional.join(', ')} not installed and ${failed}: their tests will be skipped.`);

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
