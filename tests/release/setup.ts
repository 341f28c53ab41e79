/**
 * The release proofs' one shared preparation (the `release` project's globalSetup): a copy of the
 * project versioned from a sample changeset as the release workflow's "Version packages" pull
 * request does, built once, every workspace package packed once (`npm pack --workspaces`), the
 * same tarballs published to a real registry (Verdaccio on loopback) — then two installs, side
 * by side: one by name from that registry, as users will once the packages are published, and
 * one from the tarballs alone, as the README says to do before then. Every release test reads
 * these; none builds, packs or installs again.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startPrism } from '../../scripts/servers/prism.js';
import { startRedis } from '../../scripts/servers/redis.js';
import { startRegistry } from '../../scripts/servers/registry.js';
import { root } from '../../scripts/spec.js';
import { copyProject } from '../support/copy-project.js';
import { run } from '../support/run.js';

/** What the release tests share. */
export interface Release {
  /** The version the sample changeset gave, e.g. `0.2.0`. */
  readonly version: string;
  /** The version before it. */
  readonly before: string;
  /** The versioned copy of the project (its CHANGELOG, its src/shared/version.ts). */
  readonly copy: string;
  /** Each workspace package's tarball, by package name. */
  readonly tarballs: Readonly<Record<string, string>>;
  /** The consumer that installed every package by name from the registry. */
  readonly consumer: string;
  /** npm's log of that install (`--loglevel http`): where each tarball came from. */
  readonly installLog: string;
  /** The consumer that installed the tarballs, before publication. */
  readonly unpublished: string;
  readonly registryUrl: string;
  /** An .npmrc pointing npm at the registry. */
  readonly npmrc: string;
  readonly prismUrl: string;
  readonly redisUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    release: Release;
  }
}

/** The TypeScript versions consumers type-check with, installed beside the packages. */
export const TYPESCRIPT = { '5.9': 'typescript59', '7': 'typescript7' } as const;

const versionOf = (dir: string): string =>
  (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const work = mkdtempSync(join(tmpdir(), 'userplane-release-'));
  const copy = join(work, 'project');
  const servers = Promise.all([startRegistry(), startPrism(), startRedis()]);
  copyProject(root, copy);
  const before = versionOf(copy);
  writeFileSync(
    join(copy, '.changeset/release-path-sample.md'),
    "---\n'userplane': minor\n---\n\nA sample change, released to the loopback registry by the release tests.\n",
  );
  const tsx = join(root, 'node_modules/.bin/tsx');
  await run(tsx, ['scripts/release/version.ts'], { cwd: copy });
  const version = versionOf(copy);
  await run('npm', ['run', '--silent', 'build'], { cwd: copy });
  // One tarball per workspace package, packed as built (no lifecycle script builds again).
  const packed = await run('npm', ['pack', '--workspaces', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: copy,
  });
  const tarballs = Object.fromEntries(
    (JSON.parse(packed.stdout) as { name: string; filename: string }[]).map(({ name, filename }) => [
      name,
      join(work, filename),
    ]),
  );
  const [registry, prism, redis] = await servers;
  const npm = (cwd: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> =>
    run('npm', [...args, '--userconfig', registry.npmrc, '--no-audit', '--no-fund'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
    });
  // The same bytes that were packed: `npm publish <tarball>`, each package.
  for (const tarball of Object.values(tarballs)) await npm(work, 'publish', tarball);

  const consumer = join(work, 'consumer');
  const unpublished = join(work, 'unpublished');
  for (const dir of [consumer, unpublished]) {
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  }
  const [byName] = await Promise.all([
    npm(
      consumer,
      'install',
      '--loglevel',
      'http',
      // A cache of its own: the tarballs must come from the registry, not from the publish's cache.
      '--cache',
      join(work, '.npm-cache'),
      ...Object.keys(tarballs),
      'redis@6.3.1',
      `${TYPESCRIPT['5.9']}@npm:typescript@5.9.3`,
      `${TYPESCRIPT['7']}@npm:typescript@7.0.2`,
    ),
    // Before publication: the tarballs together, from the npm registry users have (where these
    // packages are not), in one command — the README's.
    run('npm', ['install', '--no-audit', '--no-fund', ...Object.values(tarballs)], {
      cwd: unpublished,
      env: { ...process.env, NO_COLOR: '1' },
    }),
  ]);

  project.provide('release', {
    version,
    before,
    copy,
    tarballs,
    consumer,
    installLog: byName.stderr,
    unpublished,
    registryUrl: registry.url,
    npmrc: registry.npmrc,
    prismUrl: prism.url,
    redisUrl: redis.url,
  });
  return async () => {
    await Promise.all([registry.stop(), prism.stop(), redis.stop()]);
    rmSync(work, { recursive: true, force: true });
  };
}
