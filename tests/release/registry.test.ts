/**
 * The release path against a real npm registry (tests/release/setup.ts published every workspace
 * package to Verdaccio on loopback): versioned from a sample changeset as the release workflow
 * does, published, viewed and installed by name, the MCP server run with `npx -y`, its MCP Bundle
 * built from the published version. What ships is asserted file by file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { root } from '../../scripts/spec.js';
import { PROGRAM_TIMEOUT, run } from '../support/run.js';

const release = inject('release');
const { consumer, copy, version, npmrc } = release;
const npm = (...args: string[]): Promise<{ stdout: string }> =>
  run('npm', [...args, '--userconfig', npmrc], { cwd: consumer, env: { ...process.env, NO_COLOR: '1' } });
const versionOf = (dir: string): string =>
  (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;

describe('published to the registry', () => {
  it('the sample changeset bumped the version (minor or more), in package.json, src/shared/version.ts and the CHANGELOG', () => {
    const [major, minor] = release.before.split('.').map(Number);
    const [newMajor = 0, newMinor = 0, newPatch = 0] = version.split('.').map(Number);
    expect(newMajor > (major ?? 0) || (newMajor === major && newMinor > (minor ?? 0) && newPatch === 0)).toBe(true);
    expect(readFileSync(join(copy, 'src/shared/version.ts'), 'utf8')).toContain(`'${version}'`);
    expect(readFileSync(join(copy, 'CHANGELOG.md'), 'utf8')).toContain(`## ${version}`);
    expect(readdirSync(join(copy, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md')).toEqual([]);
  });

  it('every workspace package was packed and published at that version', async () => {
    expect(Object.keys(release.tarballs).sort()).toEqual(['userplane', 'userplane-cli', 'userplane-mcp']);
    expect((await npm('view', 'userplane', 'version')).stdout.trim()).toBe(version);
  });

  it('installed by name from the loopback registry', () => {
    for (const name of Object.keys(release.tarballs)) {
      const line = release.installLog
        .split('\n')
        .find((l) => l.includes('fetch GET') && l.includes(`/${name}/-/${name}-${version}.tgz`));
      expect(line, name).toMatch(
        new RegExp(`GET 200 ${release.registryUrl.replace(/[.]/g, '\\.')}${name}/-/${name}-${version}\\.tgz`),
      );
      expect(versionOf(join(consumer, 'node_modules', name))).toBe(version);
    }
  });

  it('userplane ships exactly: README, LICENSE, CHANGELOG, package.json, openapi.json and dist/', () => {
    const dir = join(consumer, 'node_modules/userplane');
    const list = (at: string): string[] =>
      readdirSync(at).flatMap((name) =>
        statSync(join(at, name)).isDirectory() ? list(join(at, name)) : [relative(dir, join(at, name))],
      );
    const files = list(dir).sort();
    console.log(`published files (${files.length}):\n  ${files.join('\n  ')}`);
    const allowed =
      /^(dist\/(index|redis|testing)\.(js|cjs|d\.ts|d\.cts)|dist\/[\w-]+\.(js|d\.ts|d\.cts)|openapi\.json|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;
    expect(files.filter((file) => !allowed.test(file))).toEqual([]);
    for (const entry of ['index', 'redis', 'testing']) {
      for (const ext of ['.js', '.cjs', '.d.ts', '.d.cts']) expect(files).toContain(`dist/${entry}${ext}`);
    }
    for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'openapi.json'])
      expect(files).toContain(file);
  });

  it(
    'userplane-mcp depends on exactly that version; `npx -y userplane-mcp --version` runs it; its README is its own',
    async () => {
      const manifest = JSON.parse((await npm('view', 'userplane-mcp', '--json')).stdout) as {
        version: string;
        dependencies: Record<string, string>;
      };
      expect(manifest.version).toBe(version);
      expect(manifest.dependencies['userplane']).toBe(version);
      const npx = await run('npx', ['-y', '--userconfig', npmrc, 'userplane-mcp', '--version'], {
        cwd: consumer,
        env: { ...process.env, NO_COLOR: '1', npm_config_cache: join(consumer, '.npx-cache') },
      });
      expect(npx.stdout.trim()).toBe(version);
      expect(readFileSync(join(consumer, 'node_modules/userplane-mcp/README.md'), 'utf8')).toBe(
        readFileSync(join(root, 'packages/mcp/README.md'), 'utf8'),
      );
    },
    PROGRAM_TIMEOUT,
  );

  it('userplane-cli depends on exactly that version; its bin `userplane` runs; its README is its own', async () => {
    const manifest = JSON.parse((await npm('view', 'userplane-cli', '--json')).stdout) as {
      version: string;
      dependencies: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(manifest).toMatchObject({ version, bin: { userplane: 'dist/cli.js' } });
    expect(manifest.dependencies['userplane']).toBe(version);
    const { stdout } = await run(join(consumer, 'node_modules/.bin/userplane'), ['--version'], { cwd: consumer });
    expect(stdout.trim()).toBe(version);
    expect(readFileSync(join(consumer, 'node_modules/userplane-cli/README.md'), 'utf8')).toBe(
      readFileSync(join(root, 'packages/cli/README.md'), 'utf8'),
    );
  });

  it(
    'the MCP Bundle the release attaches builds from the published version and passes mcpb',
    async () => {
      const bundle = join(consumer, `userplane-mcp-${version}.mcpb`);
      const tsx = join(root, 'node_modules/.bin/tsx');
      await run(tsx, ['scripts/release/mcpb.ts', '--out', bundle, '--userconfig', npmrc], { cwd: copy });
      const { stdout } = await run(join(root, 'node_modules/.bin/mcpb'), ['info', bundle], { cwd: consumer });
      expect(stdout).toMatch(/userplane-mcp/);
      expect(stdout).toContain(version);
    },
    PROGRAM_TIMEOUT,
  );
});

describe('before publication: the tarballs, installed together in one command', () => {
  it('resolve each other with nothing from a registry; the MCP server and the CLI run from node_modules', async () => {
    const { unpublished } = release;
    for (const name of Object.keys(release.tarballs)) {
      expect(versionOf(join(unpublished, 'node_modules', name))).toBe(version);
    }
    const mcp = await run(
      process.execPath,
      [join(unpublished, 'node_modules/userplane-mcp/dist/cli.js'), '--version'],
      {
        cwd: unpublished,
      },
    );
    const cli = await run(join(unpublished, 'node_modules/.bin/userplane'), ['--version'], { cwd: unpublished });
    expect([mcp.stdout.trim(), cli.stdout.trim()]).toEqual([version, version]);
  });
});
