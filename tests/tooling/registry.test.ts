/**
 * The release path against a real npm registry (Verdaccio on loopback, scripts/servers/registry.ts): a
 * copy of this project is versioned from a sample changeset as the release workflow's "Version
 * packages" pull request does (scripts/release/version.ts), published, and a fresh consumer runs
 * `npm install userplane` by name — with the optional peers and two TypeScript versions from the
 * same registry — then imports every entry from ESM and CommonJS and type-checks with
 * TypeScript 5.9 and 7. What ships is asserted file by file.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject } from '../support/copy-project.js';
import { startRegistry, type Registry } from '../../scripts/servers/registry.js';
import { root } from '../../scripts/spec.js';
import { writeConsumerProject } from '../support/consumer-project.js';
import { PROGRAM_TIMEOUT, run } from '../support/run.js';

const copy = mkdtempSync(join(tmpdir(), 'userplane-release-'));
const consumer = mkdtempSync(join(tmpdir(), 'userplane-consumer-'));
let registry: Registry;
let before: string;
let published: string;
let installLog = '';

const versionOf = (dir: string): string =>
  (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
const npm = async (cwd: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> =>
  run('npm', [...args, '--userconfig', registry.npmrc, '--no-audit', '--no-fund'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
  });

beforeAll(async () => {
  registry = await startRegistry();
  // The project as committed plus what is not yet (the test runs on the working tree), no build.
  copyProject(root, copy);
  before = versionOf(copy);
  writeFileSync(
    join(copy, '.changeset/release-path-sample.md'),
    "---\n'userplane': minor\n---\n\nA sample change, released to the loopback registry by tests/tooling/registry.test.ts.\n",
  );
  // What the release workflow runs for its "Version packages" pull request, then on merge.
  await run(join(root, 'node_modules/.bin/tsx'), ['scripts/release/version.ts'], { cwd: copy });
  // `npm run release` publishes both packages with `changeset publish`; here npm publishes each.
  await npm(copy, 'publish');
  await npm(join(copy, 'packages/mcp'), 'publish');
  published = versionOf(copy);
}, 600_000);

afterAll(async () => {
  await registry.stop();
  rmSync(copy, { recursive: true, force: true });
  rmSync(consumer, { recursive: true, force: true });
});

describe('published to the registry', () => {
  it('the sample changeset bumped the version (minor or more), in package.json, src/shared/version.ts and the CHANGELOG', () => {
    const [major, minor] = before.split('.').map(Number);
    const [newMajor = 0, newMinor = 0, newPatch = 0] = published.split('.').map(Number);
    expect(newMajor > (major ?? 0) || (newMajor === major && newMinor > (minor ?? 0) && newPatch === 0)).toBe(true);
    expect(readFileSync(join(copy, 'src/shared/version.ts'), 'utf8')).toContain(`'${published}'`);
    expect(readFileSync(join(copy, 'CHANGELOG.md'), 'utf8')).toContain(`## ${published}`);
    expect(readdirSync(join(copy, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md')).toEqual([]);
  });

  it('`npm view userplane version` shows it', async () => {
    expect((await npm(consumer, 'view', 'userplane', 'version')).stdout.trim()).toBe(published);
  });

  it(
    'userplane-mcp, versioned with it, depends on exactly that version; `npx -y userplane-mcp --version` runs it',
    async () => {
      const manifest = JSON.parse((await npm(consumer, 'view', 'userplane-mcp', '--json')).stdout) as {
        version: string;
        dependencies: Record<string, string>;
      };
      expect(manifest.version).toBe(published);
      expect(manifest.dependencies['userplane']).toBe(published);
      const npx = await run('npx', ['-y', '--userconfig', registry.npmrc, 'userplane-mcp', '--version'], {
        cwd: consumer,
        env: { ...process.env, NO_COLOR: '1', npm_config_cache: join(consumer, '.npx-cache') },
      });
      expect(npx.stdout.trim()).toBe(published);
    },
    PROGRAM_TIMEOUT,
  );

  it(
    'the MCP Bundle the release attaches builds from the published version and passes mcpb',
    async () => {
      const bundle = join(consumer, `userplane-mcp-${published}.mcpb`);
      const tsx = join(root, 'node_modules/.bin/tsx');
      await run(tsx, ['scripts/release/mcpb.ts', '--out', bundle, '--userconfig', registry.npmrc], { cwd: copy });
      const { stdout } = await run(join(root, 'node_modules/.bin/mcpb'), ['info', bundle], { cwd: consumer });
      expect(stdout).toMatch(/userplane-mcp/);
      expect(stdout).toContain(published);
    },
    PROGRAM_TIMEOUT,
  );
});

describe('a fresh consumer: `npm install userplane` by name', () => {
  beforeAll(async () => {
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const { stderr } = await npm(
      consumer,
      'install',
      '--loglevel',
      'http',
      // A cache of its own: the tarball must come from the registry, not from the publish's cache.
      '--cache',
      join(consumer, '.npm-cache'),
      'userplane',
      'redis@6.3.1',
      'rate-limiter-flexible@11.4.0',
      'typescript59@npm:typescript@5.9.3',
      'typescript7@npm:typescript@7.0.2',
    );
    installLog = stderr;
  }, 600_000);

  it('installs the published version from the loopback registry', () => {
    const line = installLog
      .split('\n')
      .find((l) => l.includes('fetch GET') && l.includes(`/userplane/-/userplane-${published}.tgz`));
    console.log(`install log: ${line?.trim()}`);
    expect(line).toMatch(
      new RegExp(`GET 200 ${registry.url.replace(/[.]/g, '\\.')}userplane/-/userplane-${published}\\.tgz`),
    );
    expect(versionOf(join(consumer, 'node_modules/userplane'))).toBe(published);
  });

  it('ships exactly: README, LICENSE, CHANGELOG, package.json and dist/ (three entries × ESM, CJS and their types, ESM chunks, the spec)', () => {
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

  const smoke = (format: 'esm' | 'cjs'): string =>
    [
      format === 'esm'
        ? "import { Userplane, UserplaneApiError } from 'userplane'; import { createFakeUserplane } from 'userplane/testing'; import { RedisRateLimitStore } from 'userplane/redis';"
        : "const { Userplane, UserplaneApiError } = require('userplane'); const { createFakeUserplane } = require('userplane/testing'); const { RedisRateLimitStore } = require('userplane/redis');",
      '(async () => {',
      "  const api = createFakeUserplane(); api.links.delete.fail('LINK_GONE');",
      "  const err = await api.client({ maxRetries: 0 }).links.delete({ workspaceId: 'ws_1', linkId: 'lnk_1' }).catch((e) => e);",
      '  console.log(JSON.stringify({ client: typeof Userplane, gone: err instanceof UserplaneApiError && err.code, redis: typeof RedisRateLimitStore }));',
      '})();',
    ].join('\n');

  it.each(['esm', 'cjs'] as const)(
    'imports userplane, userplane/testing and userplane/redis from %s',
    async (format) => {
      const file = join(consumer, `smoke.${format === 'esm' ? 'mjs' : 'cjs'}`);
      writeFileSync(file, smoke(format));
      const { stdout } = await run(process.execPath, [file], { cwd: consumer });
      expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
        client: 'function',
        gone: 'LINK_GONE',
        redis: 'function',
      });
    },
  );

  it.each([
    ['5.9', 'typescript59'],
    ['7', 'typescript7'],
  ])('type-checks with TypeScript %s, from ESM and CommonJS', { timeout: PROGRAM_TIMEOUT }, async (_, pkg) => {
    for (const type of ['module', 'commonjs'] as const) {
      const dir = join(consumer, `ts-${pkg}-${type}`);
      mkdirSync(dir, { recursive: true });
      cpSync(join(root, 'tests/consumers/consumer.ts'), join(dir, 'consumer.ts'));
      writeFileSync(
        join(dir, 'testing.ts'),
        [
          "import { createFakeUserplane } from 'userplane/testing';",
          'const api = createFakeUserplane();',
          "api.links.create.respond({ data: { link: { linkId: 'lnk_1' } } });",
          '// @ts-expect-error not a code links.delete declares',
          "api.links.delete.fail('PLAN_LIMIT_EXCEEDED');",
          'export const calls: number = api.calls.length;',
        ].join('\n'),
      );
      writeConsumerProject(dir, { type, files: ['consumer.ts', 'testing.ts'] });
      const { stdout } = await run(
        process.execPath,
        [join(consumer, 'node_modules', pkg, 'bin/tsc'), '-p', dir, '--version'],
        { cwd: dir },
      );
      expect(stdout).toMatch(new RegExp(`Version ${pkg === 'typescript59' ? '5\\.9' : '7\\.'}`));
      await run(process.execPath, [join(consumer, 'node_modules', pkg, 'bin/tsc'), '-p', dir], { cwd: dir });
    }
  });
});
